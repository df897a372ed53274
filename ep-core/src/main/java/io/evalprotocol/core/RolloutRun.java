package io.evalprotocol.core;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.internal.rollout.RolloutEngine;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A batch started by {@link SingleTurnRolloutProcessor#processAll}: rows are started while fewer than the
 * concurrency limit are in flight, and delivered as they complete. Every row taken from the source is
 * delivered exactly once; {@link #cancel()} delivers the rows in flight with status CANCELLED and takes no
 * more rows from the source.
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
    private RuntimeException failure;
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
     * callback threw (after the rows in flight were delivered).
     */
    public CompletableFuture<RolloutSummary> completion() {
        return completion;
    }

    /** Blocks until {@link #completion()} completes and returns the summary. */
    public RolloutSummary await() {
        return completion.join();
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
                } catch (RuntimeException e) {
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
            } catch (RuntimeException e) {
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
        RuntimeException f;
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
