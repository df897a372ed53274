package io.evalprotocol.cli.internal;

import io.evalprotocol.api.EvaluationRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Receives each finished row from the engine, in completion order: appends it to the output, counts it,
 * moves the progress display, and warns about the first failed rows.
 *
 * <p>The engine never calls it concurrently. A write failure is thrown (the engine then starts no more rows
 * and fails the run with it); rows still delivered afterwards are not written, so the output ends with the
 * last row written whole.
 */
public final class RowSink implements Consumer<EvaluationRow> {
    /** Appends one finished row; a kill must lose at most the row being written. */
    @FunctionalInterface
    public interface RowWriter {
        void write(EvaluationRow row) throws IOException;
    }

    static final int MAX_FAILURES_SHOWN = 10;

    private final RowWriter writer;
    private final RunStats stats;
    private final Progress progress;
    private final Function<EvaluationRow, String> extractorOf;
    private int failuresShown;
    private volatile boolean broken;

    /**
     * @param extractorOf reads which token-id extractor produced a row's ids (null: not recorded)
     */
    public RowSink(RowWriter writer, RunStats stats, Progress progress, Function<EvaluationRow, String> extractorOf) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.extractorOf = extractorOf;
    }

    @Override
    public void accept(EvaluationRow row) {
        if (broken) {
            return;
        }
        try {
            writer.write(row);
        } catch (IOException e) {
            broken = true;
            throw new UncheckedIOException("writing the output failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
        RowOutcome outcome = RowOutcomes.of(row, extractorOf);
        stats.record(outcome);
        progress.rowFinished(stats.snapshot());
        if (!outcome.isOk() && failuresShown < MAX_FAILURES_SHOWN) {
            failuresShown++;
            progress.warn("ep: row " + outcome.rowId() + " failed: " + outcome.failure() + ": "
                    + Formats.abbreviate(outcome.failureMessage(), 300)
                    + (failuresShown == MAX_FAILURES_SHOWN ? " (further failures are only counted)" : ""));
        }
    }
}
