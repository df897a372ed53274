package io.evalprotocol.cli.internal;

import java.util.Objects;

/** What the summary needs to know about one finished row. */
public final class RowOutcome {
    private final String rowId;
    private final String failure;
    private final String failureMessage;
    private final long completionTokens;
    private final Alignment alignment;
    private final String extractorId;

    private RowOutcome(String rowId, String failure, String failureMessage, long completionTokens, Alignment alignment,
            String extractorId) {
        this.rowId = Objects.requireNonNull(rowId, "rowId");
        this.failure = failure;
        this.failureMessage = failureMessage;
        this.completionTokens = completionTokens;
        this.alignment = Objects.requireNonNull(alignment, "alignment");
        this.extractorId = extractorId;
    }

    /** A row that finished. {@code extractorId} may be null when no extractor produced ids. */
    public static RowOutcome ok(String rowId, long completionTokens, Alignment alignment, String extractorId) {
        return new RowOutcome(rowId, null, null, completionTokens, alignment, extractorId);
    }

    /** A row whose rollout failed, with the status code name as the reason. */
    public static RowOutcome failed(String rowId, String reason, String message) {
        return new RowOutcome(rowId, Objects.requireNonNull(reason, "reason"), message == null ? "" : message, 0,
                Alignment.NO_TOKEN_IDS, null);
    }

    public String rowId() {
        return rowId;
    }

    public boolean isOk() {
        return failure == null;
    }

    /** The status code name of a failed row ({@code UNAVAILABLE}, ...), or null. */
    public String failure() {
        return failure;
    }

    public String failureMessage() {
        return failureMessage;
    }

    public long completionTokens() {
        return completionTokens;
    }

    public boolean hasTokenIds() {
        return alignment != Alignment.NO_TOKEN_IDS;
    }

    public Alignment alignment() {
        return alignment;
    }

    public String extractorId() {
        return extractorId;
    }
}
