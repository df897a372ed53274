package io.evalprotocol.benchmarks.load;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A closed loop with exactly {@code concurrency} requests in flight: the same driver for the bare
 * HttpClient loop and for the SDK, so that their rows/s and latencies are comparable. Bounded in count and
 * time (it gives up after {@code timeoutSeconds}).
 */
public final class LoadDriver {
    /** rows/s and per-row latency of one round. */
    public static final class Round {
        public final int requests;
        public final int concurrency;
        public final double seconds;
        public final long[] latencyNanos;
        public final int failures;
        public final String firstFailure;
        /** CPU time of the whole JVM during the round (-1 if the platform does not tell). */
        public final long cpuNanos;

        Round(int requests, int concurrency, double seconds, long[] latencyNanos, int failures, String firstFailure,
                long cpuNanos) {
            this.requests = requests;
            this.concurrency = concurrency;
            this.seconds = seconds;
            this.latencyNanos = latencyNanos;
            this.failures = failures;
            this.firstFailure = firstFailure;
            this.cpuNanos = cpuNanos;
        }

        /**
         * CPU time of this JVM per row in microseconds: every thread's (the load generator's, the simulated
         * server's, the GC's), so only the difference between two loops measured alike means something. Unlike
         * rows/s it does not move with the load of other processes on the machine. NaN if unknown.
         */
        public double cpuMicrosPerRow() {
            return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / requests;
        }

        public double rowsPerSecond() {
            return requests / seconds;
        }

        /** Latency percentile in milliseconds, {@code p} in [0, 100]. */
        public double percentileMillis(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1));
            return sorted[i] / 1e6;
        }
    }

    private LoadDriver() {}

    public static Round run(IntFunction<CompletableFuture<?>> submit, int requests, int concurrency, long timeoutSeconds)
            throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(requests);
        long[] latency = new long[requests];
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            if (!permits.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("load round timed out after " + timeoutSeconds + " s at request " + i);
            }
            int n = i;
            long t0 = System.nanoTime();
            CompletableFuture<?> f;
            try {
                f = submit.apply(n);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((r, e) -> {
                latency[n] = System.nanoTime() - t0;
                if (e != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, String.valueOf(e));
                }
                permits.release();
                done.countDown();
            });
        }
        if (!done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("load round timed out after " + timeoutSeconds + " s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuEnd = processCpuNanos();
        return new Round(requests, concurrency, seconds, latency, failures.get(), firstFailure.get(),
                cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }
}
