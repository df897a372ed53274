package io.evalprotocol.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The block printed when a rollout ends (or is interrupted): what happened, in numbers. */
public final class SummaryReport {
    private final String output;
    private final long resumedRows;
    private final long skippedBadLines;

    /**
     * @param output the output file as the user named it
     * @param resumedRows rows skipped because they were already in the output
     * @param skippedBadLines input lines skipped under {@code --on-bad-line skip}
     */
    public SummaryReport(String output, long resumedRows, long skippedBadLines) {
        this.output = output;
        this.resumedRows = resumedRows;
        this.skippedBadLines = skippedBadLines;
    }

    /** The summary lines, without trailing newlines. */
    public List<String> render(RunStats.Snapshot s, boolean interrupted) {
        List<String> lines = new ArrayList<>();
        String head = interrupted ? "Interrupted after " + Formats.wall(s.elapsedNanos()) + ": "
                : "Done in " + Formats.wall(s.elapsedNanos()) + ": ";
        lines.add(head + Formats.count(s.ok()) + " ok, " + Formats.count(s.failed()) + " failed"
                + (interrupted ? ", " + Formats.count(s.toDo() - s.done()) + " not started or in flight"
                        + " (run again with --resume to finish)" : "") + ".");

        StringBuilder rows = new StringBuilder().append(Formats.count(s.ok())).append(" ok, ")
                .append(Formats.count(s.failed())).append(" failed");
        if (resumedRows > 0) {
            rows.append("; ").append(Formats.count(resumedRows)).append(" already in ").append(output)
                    .append(" (skipped)");
        }
        if (skippedBadLines > 0) {
            rows.append("; ").append(Formats.plural(skippedBadLines, "bad input line", "bad input lines"))
                    .append(" skipped");
        }
        lines.add(field("rows", rows.toString()));
        for (Map.Entry<String, RunStats.Failure> e : s.failures().entrySet()) {
            RunStats.Failure f = e.getValue();
            lines.add(field("failed", e.getKey() + ": " + Formats.plural(f.count(), "row", "rows") + " (first: "
                    + f.firstRowId() + ": " + Formats.abbreviate(f.firstMessage(), 160) + ")"));
        }
        lines.add(field("tokens", Formats.count(s.completionTokens()) + " completion tokens; token ids on "
                + Formats.count(s.withTokenIds()) + " of " + Formats.plural(s.ok(), "ok row", "ok rows")));
        if (s.withTokenIds() < s.ok()) {
            // ep-core's own warning speaks builder API; this is the same advice in command-line terms
            lines.add(field("no ids", Formats.plural(s.ok() - s.withTokenIds(), "ok row carries", "ok rows carry")
                    + " no token ids (why: execution_metadata.extra.token_ids_unavailable). Try --provider with a hint "
                    + "or an extractor id from 'ep providers', or --allow-reconstructed-token-ids for OpenAI models."));
        }
        if (s.withTokenIds() > 0) {
            lines.add(field("alignment", Formats.count(s.alignment(Alignment.ALIGNED)) + " aligned, "
                    + Formats.count(s.alignment(Alignment.MISALIGNED)) + " misaligned, "
                    + Formats.count(s.alignment(Alignment.UNCHECKED)) + " unchecked (token ids vs per-token logprobs"
                    + (s.alignment(Alignment.UNCHECKED) > 0 ? "; unchecked rows have no logprobs" : "") + ")"));
        }
        lines.add(field("extractor", extractors(s)));
        lines.add(field("throughput", Formats.rate(s.rowsPerSecond()) + " rows/s, " + Formats.rate(s.tokensPerSecond())
                + " completion tokens/s over " + Formats.wall(s.elapsedNanos()) + " wall time"));
        lines.add(field("output", output + " (" + Formats.plural(s.done(), "row", "rows") + " appended)"));
        return lines;
    }

    private static String extractors(RunStats.Snapshot s) {
        if (s.extractors().isEmpty()) {
            return "none (no row carried token ids)";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : s.extractors().entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey());
            if (s.extractors().size() > 1) {
                sb.append(" (").append(Formats.plural(e.getValue(), "row", "rows")).append(')');
            }
        }
        return sb.toString();
    }

    private static String field(String name, String value) {
        return String.format(Locale.ROOT, "  %-11s %s", name, value);
    }
}
