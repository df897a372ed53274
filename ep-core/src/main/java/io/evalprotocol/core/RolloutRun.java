package io.evalprotocol.core;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.internal.rollout.RolloutEngine;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A batch started by {@link SingleTurnRolloutProcessor#processAll}: rows are started while fewer than the
 * concurrency limit are in flight, and delivered as they complete. Every row taken from the source is
 * delivered exactly once; {@link #cancel()} delivers the rows in flight with status CANCELLED and takes no
 * more rows from the source.
 *
 * <p>A run fails only when its row source or its callback throws (a row whose rollout fails is delivered with
 * an error status instead): {@link #await()} then throws that very exception, as {@link
 * SingleTurnRolloutProcessor#run} and {@link EpClient#rollout} throw theirs, for example the
 * {@link io.evalprotocol.errors.InvalidDataException} of a malformed dataset line.
 */
public final class RolloutRun {
    private final SingleTurnRolloutProcessor processor;
    private final Iterator<EvaluationRow> source;
    private final Consumer<? super EvaluationRow> onRow;
    private BiConsumer<EvaluationRow, EvaluationRow> onRowWithInput;
    private final int window;
    private final CompletableFuture<RolloutSummary> completion = new CompletableFuture<>();
    private final Set<CompletableFuture<EvaluationRow>> inFlightFutures = ConcurrentHashMap.newKeySet();
    private final AtomicInteger wip = new AtomicInteger();
    private final Object lock = new Object();
    private final Object deliveryLock = new Object();

    // guarded by lock
    private int inFlight;
    private boolean exhausted;
    private boolean stopped;
    private Throwable failure;
    private long taken;
    private long finished;
    private long failed;
    private long cancelled;

    RolloutRun(SingleTurnRolloutProcessor processor, Iterator<EvaluationRow> source,
            Consumer<? super EvaluationRow> onRow, int window) {
        this.processor = processor;
        this.source = source;
        this.onRow = onRow;
        this.window = window;
    }

    void onRowWithInput(BiConsumer<EvaluationRow, EvaluationRow> consumer) {
        this.onRowWithInput = consumer;
    }

    void start() {
        pump();
    }

    /**
     * Completes when every row taken has been delivered and no more will be taken; fails if the source or the
     * callback threw (after the rows in flight were delivered), with that exception as the cause. Each call
     * returns a new dependent future: completing or cancelling it affects no one else and does not stop the
     * run (use {@link #cancel()}).
     */
    public CompletableFuture<RolloutSummary> completion() {
        return completion.copy();
    }

    /**
     * Blocks until every row taken has been delivered and no more will be taken, and returns the summary.
     *
     * @throws RuntimeException the exception the row source or the callback threw, itself (not wrapped), for
     *     example the {@link io.evalprotocol.errors.InvalidDataException} of a malformed dataset line; its stack
     *     trace is the thread's that threw it. An {@link Error} is rethrown likewise.
     * @throws CancellationException if the calling thread is interrupted while waiting: the run is then
     *     {@linkplain #cancel() cancelled}, its rows in flight are delivered with status CANCELLED (so resources
     *     the callback writes to may be closed as soon as this returns), the interrupt flag is set again, and the
     *     exception's cause is the {@link InterruptedException} (a failure of the source or callback is added as
     *     suppressed)
     */
    public RolloutSummary await() {
        InterruptedException interrupted = awaitDelivered();
        if (interrupted != null) {
            Thread.currentThread().interrupt();
            CancellationException e = new CancellationException("interrupted while waiting for the rollout run;"
                    + " the run was cancelled and its rows in flight were delivered with status CANCELLED");
            e.initCause(interrupted);
            Throwable f = failure();
            if (f != null) {
                e.addSuppressed(f);
            }
            throw e;
        }
        return summaryOrThrow();
    }

    /**
     * Waits for the run to complete; if the thread is interrupted, cancels the run and goes on waiting (the
     * rows in flight are delivered promptly: cancelling aborts their requests). Returns the interruption, if
     * any, with the thread's interrupt flag cleared.
     */
    InterruptedException awaitDelivered() {
        InterruptedException interrupted = null;
        while (true) {
            try {
                completion.get();
                return interrupted;
            } catch (InterruptedException e) {
                if (interrupted == null) {
                    interrupted = e;
                    cancel();
                }
            } catch (ExecutionException e) {
                return interrupted;
            }
        }
    }

    /** The summary of a completed run, or the failure of its source or callback, rethrown as it was thrown. */
    RolloutSummary summaryOrThrow() {
        Throwable f = failure();
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
        return completion.join();
    }

    private Throwable failure() {
        synchronized (lock) {
            return completion.isCompletedExceptionally() ? failure : null;
        }
    }

    /** Stops taking rows and cancels the ones in flight; they are delivered with status CANCELLED. */
    public void cancel() {
        synchronized (lock) {
            stopped = true;
        }
        for (CompletableFuture<EvaluationRow> f : inFlightFutures) {
            f.cancel(false);
        }
        pump();
    }

    /** Rows started and not yet delivered. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    private void pump() {
        if (wip.getAndIncrement() != 0) {
            return; // the thread already pumping will loop once more
        }
        do {
            drain();
        } while (wip.decrementAndGet() != 0);
    }

    private void drain() {
        while (true) {
            EvaluationRow next;
            synchronized (lock) {
                if (stopped || exhausted || inFlight >= window) {
                    break;
                }
                try {
                    if (!source.hasNext()) {
                        exhausted = true;
                        break;
                    }
                    next = source.next();
                    if (next == null) {
                        throw new NullPointerException("the row source returned null");
                    }
                } catch (RuntimeException | Error e) {
                    // an Error too: thrown out of a delivery thread it would be lost and the run never complete
                    if (failure == null) {
                        failure = e;
                    }
                    exhausted = true;
                    break;
                }
                inFlight++;
                taken++;
            }
            start(next);
        }
        completeIfDone();
    }

    private void start(EvaluationRow input) {
        // process() semantics, inlined so that cancel() reaches the engine's future directly.
        RolloutEngine.RowTrace trace = new RolloutEngine.RowTrace();
        CompletableFuture<EvaluationRow> inner = processor.engine().execute(input, trace);
        inFlightFutures.add(inner);
        inner.whenComplete((r, t) -> {
            inFlightFutures.remove(inner);
            EvaluationRow out = t == null ? r : processor.engine().errorRow(input, t, trace);
            deliver(input, out);
        });
    }

    private void deliver(EvaluationRow input, EvaluationRow out) {
        synchronized (deliveryLock) {
            try {
                if (onRow != null) {
                    onRow.accept(out);
                }
                if (onRowWithInput != null) {
                    onRowWithInput.accept(input, out);
                }
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = e;
                    }
                    stopped = true;
                }
            }
        }
        synchronized (lock) {
            inFlight--;
            if (out.rolloutStatus().isFinished()) {
                finished++;
            } else if (out.rolloutStatus().code().equals(StatusCode.CANCELLED)) {
                cancelled++;
            } else {
                failed++;
            }
        }
        pump();
    }

    private void completeIfDone() {
        Throwable f;
        RolloutSummary summary;
        synchronized (lock) {
            if (!(exhausted || stopped) || inFlight != 0 || completion.isDone()) {
                return;
            }
            f = failure;
            summary = new RolloutSummary(taken, finished, failed, cancelled);
        }
        // Completed outside the lock: dependents run user code.
        if (f != null) {
            completion.completeExceptionally(f);
        } else {
            completion.complete(summary);
        }
    }
}
