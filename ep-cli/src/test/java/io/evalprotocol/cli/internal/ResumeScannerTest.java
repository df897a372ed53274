package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.InvalidDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeScannerTest {
    @TempDir
    Path dir;

    private static String row(String id) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\","
                + "\"token_ids\":[1,2,3]}],\"input_metadata\":{\"row_id\":\"" + id + "\",\"completion_params\":{}},"
                + "\"rollout_status\":{\"code\":100,\"message\":\"\",\"details\":[]}}";
    }

    private Path file(String content) throws IOException {
        Path p = dir.resolve("out.jsonl");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void collectsRowIdsOfACleanFileAndLeavesItAlone() throws IOException {
        String content = row("a") + "\n" + row("b") + "\n";
        Path out = file(content);

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.repair()).isNull();
        assertThat(Files.readString(out)).isEqualTo(content);
    }

    @Test
    void truncatesATornLastLineLeftByAKill() throws IOException {
        String good = row("a") + "\n" + row("b") + "\n";
        Path out = file(good + row("c").substring(0, 57));

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.repair()).contains("torn last line (line 3, 57 bytes");
        assertThat(Files.readString(out)).isEqualTo(good);
    }

    @Test
    void truncatesAnInvalidLastLineEvenWithItsNewline() throws IOException {
        String good = row("a") + "\n";
        Path out = file(good + "{\"messages\":[{\"ro\n");

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactly("a");
        assertThat(r.repair()).contains("line 2");
        assertThat(Files.readString(out)).isEqualTo(good);
    }

    @Test
    void keepsACompleteLastRowThatOnlyMissesItsNewline() throws IOException {
        Path out = file(row("a") + "\n" + row("b"));

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.repair()).contains("missed its newline");
        assertThat(Files.readString(out)).isEqualTo(row("a") + "\n" + row("b") + "\n");
    }

    @Test
    void refusesToRepairDamageBeforeTheEnd() throws IOException {
        String content = row("a") + "\n" + "not json\n" + row("b") + "\n";
        Path out = file(content);

        assertThatThrownBy(() -> ResumeScanner.scanAndRepair(out))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("line 2: ")
                .hasMessageContaining("damaged before its end");
        assertThat(Files.readString(out)).as("untouched").isEqualTo(content);
    }

    @Test
    void skipsBlankLinesAndCrLfEndings() throws IOException {
        Path out = file(row("a") + "\r\n\n   \n" + row("b") + "\r\n");

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(r.repair()).isNull();
    }

    @Test
    void countsRowsThatFailed() throws IOException {
        String failed = "{\"messages\":[],\"input_metadata\":{\"row_id\":\"f\"},\"rollout_status\":{\"code\":14,"
                + "\"message\":\"HTTP 503\",\"details\":[{\"metadata\":{\"code\":1}}]}}";
        Path out = file(row("a") + "\n" + failed + "\n");

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactlyInAnyOrder("a", "f");
        assertThat(r.failed()).isEqualTo(1);
    }

    @Test
    void countsDuplicatesAndRowsWithoutIds() throws IOException {
        Path out = file(row("a") + "\n" + row("a") + "\n{\"messages\":[]}\n");

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactly("a");
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.withoutId()).isEqualTo(1);
    }

    @Test
    void readsOnlyTheTopLevelInputMetadataRowId() throws IOException {
        String nested = "{\"messages\":[],\"extra\":{\"input_metadata\":{\"row_id\":\"decoy\"}},"
                + "\"input_metadata\":{\"dataset_info\":{\"row_id\":\"decoy2\"},\"row_id\":\"real\"}}";
        Path out = file(nested + "\n");

        assertThat(ResumeScanner.scanAndRepair(out).rowIds()).containsExactly("real");
    }

    @Test
    void handlesLinesLongerThanTheReadBuffer() throws IOException {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            ids.append(i == 0 ? "" : ",").append(i);
        }
        String big = "{\"messages\":[{\"role\":\"assistant\",\"content\":\"x\",\"token_ids\":[" + ids
                + "]}],\"input_metadata\":{\"row_id\":\"big\"}}";
        Path out = file(big + "\n" + big.substring(0, 100_000));

        ResumeScanner.Result r = ResumeScanner.scanAndRepair(out);

        assertThat(r.rowIds()).containsExactly("big");
        assertThat(Files.size(out)).isEqualTo(big.length() + 1);
    }

    @Test
    void anEmptyFileHasNoRows() throws IOException {
        ResumeScanner.Result r = ResumeScanner.scanAndRepair(file(""));

        assertThat(r.rows()).isZero();
        assertThat(r.repair()).isNull();
    }
}
