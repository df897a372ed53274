package io.evalprotocol.core.internal.retry;

import io.evalprotocol.core.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The default {@link Sleeper}: completes a future from the client's scheduler; no thread waits. */
public final class SchedulerSleeper implements Sleeper {
    private final ScheduledExecutorService scheduler;

    public SchedulerSleeper(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            ScheduledFuture<?> task = scheduler.schedule(() -> f.complete(null), duration.toNanos(), TimeUnit.NANOSECONDS);
            f.whenComplete((v, t) -> task.cancel(false));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new java.util.concurrent.CancellationException("client closed"));
        }
        return f;
    }
}
