package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SummaryReportTest {
    /** A clock that reads 0 at construction and whatever the test sets afterwards. */
    private static final class FakeClock {
        long now;

        long read() {
            return now;
        }
    }

    @Test
    void countsRowsTokensAlignmentAndFailuresByReason() {
        FakeClock clock = new FakeClock();
        RunStats stats = new RunStats(6, clock::read);
        stats.record(RowOutcome.ok("r1", 100, Alignment.ALIGNED, "vllm.token-ids"));
        stats.record(RowOutcome.ok("r2", 50, Alignment.ALIGNED, "vllm.token-ids"));
        stats.record(RowOutcome.ok("r3", 30, Alignment.UNCHECKED, "vllm.token-ids"));
        stats.record(RowOutcome.ok("r4", 20, Alignment.NO_TOKEN_IDS, null));
        stats.record(RowOutcome.failed("r5", "UNAVAILABLE", "503 from http://127.0.0.1/v1: overloaded"));
        stats.record(RowOutcome.failed("r6", "UNAVAILABLE", "503 again"));
        clock.now = TimeUnit.SECONDS.toNanos(2);

        RunStats.Snapshot s = stats.snapshot();

        assertThat(s.ok()).isEqualTo(4);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.completionTokens()).isEqualTo(200);
        assertThat(s.withTokenIds()).isEqualTo(3);
        assertThat(s.alignment(Alignment.ALIGNED)).isEqualTo(2);
        assertThat(s.alignment(Alignment.UNCHECKED)).isEqualTo(1);
        assertThat(s.failures().get("UNAVAILABLE").count()).isEqualTo(2);
        assertThat(s.failures().get("UNAVAILABLE").firstRowId()).isEqualTo("r5");
        assertThat(s.tokensPerSecond()).isEqualTo(100.0);
        assertThat(s.rowsPerSecond()).isEqualTo(3.0);
        assertThat(s.extractors()).containsExactly(java.util.Map.entry("vllm.token-ids", 3));

        List<String> lines = new SummaryReport("out.jsonl", 12, 1).render(s, false);
        assertThat(lines).containsExactly(
                "Done in 2.0 s: 4 ok, 2 failed.",
                "  rows        4 ok, 2 failed; 12 already in out.jsonl (skipped); 1 bad input line skipped",
                "  failed      UNAVAILABLE: 2 rows (first: r5: 503 from http://127.0.0.1/v1: overloaded)",
                "  tokens      200 completion tokens; token ids on 3 of 4 ok rows",
                "  no ids      1 ok row carries no token ids (why: execution_metadata.extra.token_ids_unavailable). Try "
                        + "--provider with a hint or an extractor id from 'ep providers', or "
                        + "--allow-reconstructed-token-ids for OpenAI models.",
                "  alignment   2 aligned, 0 misaligned, 1 unchecked (token ids vs per-token logprobs; unchecked rows"
                        + " have no logprobs)",
                "  extractor   vllm.token-ids",
                "  throughput  3.0 rows/s, 100 completion tokens/s over 2.0 s wall time",
                "  output      out.jsonl (6 rows appended)");
    }

    @Test
    void saysHowToFinishAnInterruptedRun() {
        FakeClock clock = new FakeClock();
        RunStats stats = new RunStats(10, clock::read);
        stats.record(RowOutcome.ok("r1", 10, Alignment.ALIGNED, "x.y"));
        clock.now = TimeUnit.SECONDS.toNanos(1);

        List<String> lines = new SummaryReport("o.jsonl", 0, 0).render(stats.snapshot(), true);

        assertThat(lines.get(0)).isEqualTo("Interrupted after 1.0 s: 1 ok, 0 failed, 9 not started or in flight "
                + "(run again with --resume to finish).");
    }

    @Test
    void estimatesTheRemainingTimeFromThePaceSoFar() {
        FakeClock clock = new FakeClock();
        RunStats stats = new RunStats(10, clock::read);
        assertThat(stats.snapshot().etaNanos()).isEqualTo(-1);

        stats.record(RowOutcome.ok("r1", 10, Alignment.ALIGNED, null));
        stats.record(RowOutcome.failed("r2", "INTERNAL", "boom"));
        clock.now = TimeUnit.SECONDS.toNanos(4);

        assertThat(stats.snapshot().etaNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(16));
    }

    @Test
    void formatsTheProgressLineAndBar() {
        FakeClock clock = new FakeClock();
        RunStats stats = new RunStats(20, clock::read);
        for (int i = 0; i < 9; i++) {
            stats.record(i == 0 ? RowOutcome.failed("f", "INTERNAL", "x") : RowOutcome.ok("r" + i, 125, Alignment.ALIGNED, null));
        }
        clock.now = TimeUnit.SECONDS.toNanos(3);
        RunStats.Snapshot s = stats.snapshot();

        assertThat(Progress.line(s)).isEqualTo("progress: 9/20 rows (8 ok, 1 failed), 1,000 completion tokens, "
                + "333 tok/s, elapsed 0:03, ETA 0:04");
        String bar = Progress.bar(s, 80);
        assertThat(bar).startsWith("[").contains("] 9/20 rows  1 failed  333 tok/s  ETA 0:04").hasSizeLessThan(80);
        assertThat(bar.substring(0, bar.indexOf(']'))).contains("=>");
        assertThat(Progress.bar(s, 30)).hasSize(29);
    }
}
