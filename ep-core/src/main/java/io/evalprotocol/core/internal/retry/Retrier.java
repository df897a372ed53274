package io.evalprotocol.core.internal.retry;

import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.Sleeper;
import io.evalprotocol.errors.EpException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;

/**
 * Runs an asynchronous attempt until it succeeds, fails for good, or the {@link RetryPolicy} budget is
 * spent. Waits go through the {@link Sleeper}, so no thread blocks and tests never sleep.
 *
 * <p>Attempts signal failure with an {@link AttemptFailure} (or any {@link EpException}, treated as not
 * retryable). The returned future fails with the last attempt's {@link EpException}; earlier attempts'
 * exceptions are attached as suppressed. Cancelling the returned future cancels the running attempt or wait.
 */
public final class Retrier {
    /** Notified before each retry; used for logging and for counting attempts on the row. */
    @FunctionalInterface
    public interface Observer {
        void onRetry(int failedAttempt, EpException failure, Duration wait);

        Observer NONE = (a, f, w) -> { };
    }

    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public Retrier(RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * @param attempt starts attempt {@code n} (1-based) and returns its future
     */
    public <T> CompletableFuture<T> execute(IntFunction<CompletableFuture<T>> attempt, Observer observer) {
        Execution<T> e = new Execution<>(attempt, observer == null ? Observer.NONE : observer);
        e.start();
        return e.result;
    }

    /** The wait before retry number {@code retry} (1-based) given the server's request, if any. */
    Duration waitBefore(int retry, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative() && !retryAfter.isZero()
                && retryAfter.compareTo(policy.maxRetryAfter()) <= 0) {
            return retryAfter;
        }
        return policy.backoff(retry, random.getAsDouble());
    }

    private final class Execution<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final IntFunction<CompletableFuture<T>> attempt;
        final Observer observer;
        final long startMillis = clock.millis();
        volatile CompletableFuture<?> current;
        EpException previous;

        Execution(IntFunction<CompletableFuture<T>> attempt, Observer observer) {
            this.attempt = attempt;
            this.observer = observer;
            // Whoever completes the result first (caller's cancel, a deadline, the last attempt) stops the rest.
            result.whenComplete((v, t) -> {
                CompletableFuture<?> c = current;
                if (c != null && !c.isDone()) {
                    c.cancel(true);
                }
            });
        }

        void start() {
            run(1);
        }

        private void run(int n) {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<T> f;
            try {
                f = attempt.apply(n);
            } catch (RuntimeException ex) {
                f = CompletableFuture.failedFuture(ex);
            }
            current = f;
            if (result.isDone()) {
                f.cancel(true);
                return;
            }
            f.whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else {
                    onFailure(n, unwrap(failure));
                }
            });
        }

        private void onFailure(int n, Throwable failure) {
            if (result.isDone()) {
                return;
            }
            if (failure instanceof CancellationException) {
                result.completeExceptionally(failure);
                return;
            }
            EpException error;
            boolean retryable;
            Duration retryAfter = null;
            if (failure instanceof AttemptFailure) {
                AttemptFailure af = (AttemptFailure) failure;
                error = af.error();
                retryable = af.retryable();
                retryAfter = af.retryAfter();
            } else if (failure instanceof EpException) {
                error = (EpException) failure;
                retryable = false;
            } else {
                // A bug, not a provider failure: surface it unchanged rather than retrying it.
                result.completeExceptionally(failure);
                return;
            }
            if (previous != null && previous != error) {
                error.addSuppressed(previous);
            }
            previous = error;
            if (!retryable || n >= policy.maxAttempts()) {
                result.completeExceptionally(error);
                return;
            }
            Duration wait = waitBefore(n, retryAfter);
            long elapsed = clock.millis() - startMillis;
            if (elapsed + wait.toMillis() > policy.maxElapsed().toMillis()) {
                result.completeExceptionally(error);
                return;
            }
            observer.onRetry(n, error, wait);
            CompletableFuture<Void> sleep = wait.isZero() ? CompletableFuture.completedFuture(null) : sleeper.sleep(wait);
            current = sleep;
            if (result.isDone()) {
                sleep.cancel(true);
                return;
            }
            sleep.whenComplete((v, t) -> {
                if (t != null) {
                    if (!result.isDone()) {
                        result.completeExceptionally(unwrap(t));
                    }
                    return;
                }
                run(n + 1);
            });
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
