package io.evalprotocol.cli.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The counters of one {@code ep rollout} run. Rows complete on the HTTP client's threads, so every method is
 * synchronized; the work per call is a few additions.
 */
public final class RunStats {
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final int toDo;

    private int ok;
    private int failed;
    private long completionTokens;
    private int withTokenIds;
    private final Map<String, Failure> failures = new TreeMap<>();
    private final Map<Alignment, Integer> alignment = new EnumMap<>(Alignment.class);
    private final Map<String, Integer> extractors = new LinkedHashMap<>();

    /**
     * @param toDo the rows this run will roll out (after skipping resumed rows and bad lines)
     * @param nanoClock {@link System#nanoTime()} outside tests
     */
    public RunStats(int toDo, LongSupplier nanoClock) {
        this.toDo = toDo;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Counts one finished row. */
    public synchronized void record(RowOutcome outcome) {
        if (outcome.isOk()) {
            ok++;
            completionTokens += outcome.completionTokens();
            if (outcome.hasTokenIds()) {
                withTokenIds++;
            }
            alignment.merge(outcome.alignment(), 1, Integer::sum);
            if (outcome.extractorId() != null) {
                extractors.merge(outcome.extractorId(), 1, Integer::sum);
            }
        } else {
            failed++;
            failures.computeIfAbsent(outcome.failure(), k -> new Failure(outcome.rowId(), outcome.failureMessage()))
                    .count++;
        }
    }

    /** A consistent copy of the counters, stamped with the elapsed time. */
    public synchronized Snapshot snapshot() {
        Map<String, Failure> failureCopy = new LinkedHashMap<>();
        failures.forEach((k, v) -> failureCopy.put(k, v.copy()));
        return new Snapshot(toDo, ok, failed, completionTokens, withTokenIds, nanoClock.getAsLong() - startNanos,
                failureCopy, new EnumMap<>(alignment), new LinkedHashMap<>(extractors));
    }

    /** How often one failure reason occurred, with the first example. */
    public static final class Failure {
        private final String firstRowId;
        private final String firstMessage;
        private int count;

        Failure(String firstRowId, String firstMessage) {
            this.firstRowId = firstRowId;
            this.firstMessage = firstMessage;
        }

        Failure copy() {
            Failure f = new Failure(firstRowId, firstMessage);
            f.count = count;
            return f;
        }

        public int count() {
            return count;
        }

        public String firstRowId() {
            return firstRowId;
        }

        public String firstMessage() {
            return firstMessage;
        }
    }

    /** Immutable counters at one instant. */
    public static final class Snapshot {
        private final int toDo;
        private final int ok;
        private final int failed;
        private final long completionTokens;
        private final int withTokenIds;
        private final long elapsedNanos;
        private final Map<String, Failure> failures;
        private final Map<Alignment, Integer> alignment;
        private final Map<String, Integer> extractors;

        Snapshot(int toDo, int ok, int failed, long completionTokens, int withTokenIds, long elapsedNanos,
                Map<String, Failure> failures, Map<Alignment, Integer> alignment, Map<String, Integer> extractors) {
            this.toDo = toDo;
            this.ok = ok;
            this.failed = failed;
            this.completionTokens = completionTokens;
            this.withTokenIds = withTokenIds;
            this.elapsedNanos = elapsedNanos;
            this.failures = failures;
            this.alignment = alignment;
            this.extractors = extractors;
        }

        public int toDo() {
            return toDo;
        }

        public int done() {
            return ok + failed;
        }

        public int ok() {
            return ok;
        }

        public int failed() {
            return failed;
        }

        public long completionTokens() {
            return completionTokens;
        }

        public int withTokenIds() {
            return withTokenIds;
        }

        public long elapsedNanos() {
            return elapsedNanos;
        }

        /** Failure reasons (status code names), alphabetically, each with its count and first example. */
        public Map<String, Failure> failures() {
            return failures;
        }

        public int alignment(Alignment a) {
            return alignment.getOrDefault(a, 0);
        }

        /** Extractor id to the number of rows it produced ids for, in order of first use. */
        public Map<String, Integer> extractors() {
            return extractors;
        }

        /** Completion tokens per second of wall time so far; 0 before anything finished. */
        public double tokensPerSecond() {
            return elapsedNanos <= 0 ? 0 : completionTokens * 1e9 / elapsedNanos;
        }

        public double rowsPerSecond() {
            return elapsedNanos <= 0 ? 0 : done() * 1e9 / elapsedNanos;
        }

        /** Estimated nanoseconds to finish at the pace so far, or -1 while nothing has finished. */
        public long etaNanos() {
            int done = done();
            if (done == 0) {
                return -1;
            }
            if (done >= toDo) {
                return 0;
            }
            return (long) ((double) elapsedNanos / done * (toDo - done));
        }
    }
}
