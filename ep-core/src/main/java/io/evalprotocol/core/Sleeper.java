package io.evalprotocol.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Waits between retries without blocking a thread. The client's default schedules the completion on its
 * own scheduler thread; tests inject one that records the requested waits and completes at once.
 *
 * <p>Cancelling the returned future must cancel the wait.
 */
@FunctionalInterface
public interface Sleeper {
    /** A future that completes after {@code duration}. */
    CompletableFuture<Void> sleep(Duration duration);
}
