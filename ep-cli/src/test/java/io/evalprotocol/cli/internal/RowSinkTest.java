package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.CompletionUsage;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSinkTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private static EvaluationRow finished(String id, int tokens, boolean withIds) {
        Message.Builder assistant = Message.builder().role(io.evalprotocol.api.Role.ASSISTANT).content("4");
        if (withIds) {
            int[] ids = new int[tokens];
            double[] lp = new double[tokens];
            assistant.tokenIds(TokenIds.of(ids)).flatLogprobs(TokenLogprobs.of(lp));
        }
        return EvaluationRow.builder().messages(List.of(Message.user("2+2?"), assistant.build()))
                .inputMetadata(InputMetadata.builder().rowId(id).build())
                .rolloutStatus(Status.finished())
                .executionMetadata(ExecutionMetadata.builder().usage(CompletionUsage.of(10, tokens)).build())
                .build();
    }

    private static EvaluationRow failed(String id, StatusCode code) {
        return EvaluationRow.builder().messages(List.of(Message.user("2+2?")))
                .inputMetadata(InputMetadata.builder().rowId(id).build())
                .rolloutStatus(Status.of(code, "HTTP 503 from the provider"))
                .build();
    }

    @Test
    void writesCountsAndWarnsAboutFailedRows() {
        List<EvaluationRow> written = new ArrayList<>();
        RunStats stats = new RunStats(3, () -> 0L);
        RowSink sink = new RowSink(written::add, stats, Progress.none(err), null);

        sink.accept(finished("a", 5, true));
        sink.accept(finished("b", 7, false));
        sink.accept(failed("c", StatusCode.UNAVAILABLE));

        assertThat(written).extracting(r -> r.inputMetadata().rowId().orElseThrow()).containsExactly("a", "b", "c");
        RunStats.Snapshot s = stats.snapshot();
        assertThat(s.ok()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.completionTokens()).isEqualTo(12);
        assertThat(s.withTokenIds()).isEqualTo(1);
        assertThat(s.alignment(Alignment.ALIGNED)).isEqualTo(1);
        assertThat(s.failures()).containsOnlyKeys("UNAVAILABLE");
        assertThat(errBytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("ep: row c failed: UNAVAILABLE: HTTP 503 from the provider" + System.lineSeparator());
    }

    @Test
    void showsOnlyTheFirstTenFailures() {
        RowSink sink = new RowSink(r -> { }, new RunStats(20, () -> 0L), Progress.none(err), null);

        for (int i = 0; i < 20; i++) {
            sink.accept(failed("r" + i, StatusCode.INTERNAL));
        }

        String[] lines = errBytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertThat(lines).hasSize(RowSink.MAX_FAILURES_SHOWN);
        assertThat(lines[9]).endsWith("(further failures are only counted)");
    }

    @Test
    void aWriteFailureIsThrownOnceAndNothingIsWrittenAfterIt() {
        List<String> written = new ArrayList<>();
        RunStats stats = new RunStats(3, () -> 0L);
        RowSink sink = new RowSink(r -> {
            String id = r.inputMetadata().rowId().orElseThrow();
            if (id.equals("b")) {
                throw new IOException("No space left on device");
            }
            written.add(id);
        }, stats, Progress.none(err), null);

        sink.accept(finished("a", 1, true));
        assertThatThrownBy(() -> sink.accept(finished("b", 1, true)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("No space left on device");
        sink.accept(finished("c", 1, true));

        assertThat(written).containsExactly("a");
        assertThat(stats.snapshot().done()).isEqualTo(1);
    }
}
