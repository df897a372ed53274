package io.evalprotocol.core;

/** Counts of a finished {@link RolloutRun}. Immutable. */
public final class RolloutSummary {
    private final long rows;
    private final long finished;
    private final long failed;
    private final long cancelled;

    RolloutSummary(long rows, long finished, long failed, long cancelled) {
        this.rows = rows;
        this.finished = finished;
        this.failed = failed;
        this.cancelled = cancelled;
    }

    /** Rows taken from the source; each was delivered exactly once. */
    public long rows() {
        return rows;
    }

    /** Rows with {@code rollout_status} FINISHED. */
    public long finished() {
        return finished;
    }

    /** Rows with an error {@code rollout_status} other than CANCELLED. */
    public long failed() {
        return failed;
    }

    /** Rows with {@code rollout_status} CANCELLED. */
    public long cancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "RolloutSummary{rows=" + rows + ", finished=" + finished + ", failed=" + failed + ", cancelled="
                + cancelled + '}';
    }
}
