package io.evalprotocol.core.internal.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the SDK's daemon threads ({@code prefix-1}, {@code prefix-2}, ...) and remembers them, so that a
 * {@code close()} can wait until they have really ended.
 *
 * <p>The executors' own waits do not promise that: {@code ExecutorService.awaitTermination} returns once the
 * last worker has marked the pool terminated, which that worker does before its {@code run()} returns, and
 * HttpClient 5 awaits the thread that starts its I/O reactor only through such an executor. On a loaded
 * machine the thread can then still be alive for a while after {@code close()} returned; joining it waits
 * for the event itself.
 */
public final class OwnedThreadFactory implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger n = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public OwnedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        // Pools replace idle threads over a long run: forget the ended ones (not the NEW ones, not started yet).
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /** Whether {@code t} was made here. */
    public boolean owns(Thread t) {
        return threads.contains(t);
    }

    /**
     * Waits until every thread made here has ended (a thread never started counts as ended), for at most
     * {@code timeout} in all. The calling thread is skipped: a close() called from one of these threads must
     * not wait for itself.
     *
     * @return the names of the threads still alive when the time ran out (empty when all have ended)
     */
    public List<String> awaitEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread self = Thread.currentThread();
        List<String> alive = new ArrayList<>();
        for (Thread t : List.copyOf(threads)) {
            if (t == self) {
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                // join(0) would wait forever: never pass less than a millisecond.
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
            if (t.isAlive()) {
                alive.add(t.getName());
            }
        }
        return alive;
    }
}
