package io.evalprotocol.core.internal.http;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A fair, non-blocking semaphore: {@link #acquire()} returns a future completed when a permit is free.
 * Cancelling a waiting future gives up its place. Requests wait here rather than in the connection pool,
 * so a long queue never trips HttpClient's lease timeout and backoff waits hold no permit.
 */
public final class AsyncPermits {
    private final int permits;
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;

    public AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
        }
        this.permits = permits;
        this.available = permits;
    }

    public CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiters.add(f);
            return f;
        }
    }

    /** Returns a permit; hands it straight to the longest-waiting live acquirer, if any. */
    public void release() {
        while (true) {
            CompletableFuture<Void> next;
            synchronized (this) {
                next = waiters.poll();
                if (next == null) {
                    if (available >= permits) {
                        throw new IllegalStateException("release() without acquire()");
                    }
                    available++;
                    return;
                }
            }
            // Completed outside the lock: the waiter's continuation runs on this thread.
            if (next.complete(null)) {
                return;
            }
            // That waiter was cancelled; try the next one.
        }
    }

    public synchronized int available() {
        return available;
    }

    public synchronized int waiting() {
        return waiters.size();
    }

    public int permits() {
        return permits;
    }
}
