package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.errors.InvalidDataException;
import io.evalprotocol.core.JsonlRowReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
    private static final DatasetScanner.RowValidator ANY = (row, line, lineNumber) -> { };

    @TempDir
    Path dir;

    private Path input(String... lines) throws IOException {
        Path p = dir.resolve("in.jsonl");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static String row(String content) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @Test
    void assignsIdsToGoodRowsAndSkipsBlankLines() throws IOException {
        Path in = input(row("a"), "", "   ", "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}],"
                + "\"input_metadata\":{\"row_id\":\"given\"}}");

        Dataset d = DatasetScanner.scan(in, BadLinePolicy.FAIL, ANY, w -> { });

        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.badLines()).isZero();
        assertThat(d.rowIds().get(0)).startsWith("row-");
        assertThat(d.rowIds().get(1)).isEqualTo("given");
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnoredAsJsonlRowReaderIgnoresIt() throws IOException {
        Path plain = input(row("a"), row("b"));
        Dataset expected = DatasetScanner.scan(plain, BadLinePolicy.FAIL, ANY, w -> { });
        Path bom = dir.resolve("bom.jsonl");
        Files.write(bom, ("\uFEFF" + row("a") + "\r\n" + row("b") + "\r\n").getBytes(StandardCharsets.UTF_8));

        Dataset d = DatasetScanner.scan(bom, BadLinePolicy.FAIL, ANY, w -> { });

        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.rowIds()).isEqualTo(expected.rowIds());
        List<EvaluationRow> rows = new ArrayList<>();
        try (Dataset.Rows it = d.rows(Set.of(), (json, line, n, id) -> EvaluationRow.of(List.of(Message.user(id))))) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(2);
        try (JsonlRowReader reader = JsonlRowReader.open(bom)) {
            assertThat(reader.read()).isNotNull();
        }
        // only at the start of the file: elsewhere it is a bad line, as in Python
        Files.write(bom, (row("a") + "\n\uFEFF" + row("b") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DatasetScanner.scan(bom, BadLinePolicy.FAIL, ANY, w -> { }))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 2: the line starts with a UTF-8 byte-order mark (U+FEFF); one is accepted"
                        + " only at the very start of the file");
        try (JsonlRowReader reader = JsonlRowReader.open(bom)) {
            reader.read();
            assertThatThrownBy(reader::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith("line 2: the line starts with a UTF-8 byte-order mark (U+FEFF)");
        }
        // a first line holding only the mark is blank to both
        Files.write(bom, ("\uFEFF\n" + row("a") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(DatasetScanner.scan(bom, BadLinePolicy.FAIL, ANY, w -> { }).rows()).isEqualTo(1);
        try (JsonlRowReader reader = JsonlRowReader.open(bom)) {
            assertThat(reader.stream().count()).isEqualTo(1);
        }
    }

    @Test
    void failsOnTheFirstBadLineNamingFileAndLine() throws IOException {
        Path in = input(row("a"), "{not json", row("c"));

        assertThatThrownBy(() -> DatasetScanner.scan(in, BadLinePolicy.FAIL, ANY, w -> { }))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(in + ": line 2: not valid JSON")
                .hasMessageContaining("--on-bad-line skip");
    }

    @Test
    void skipsAndReportsEveryBadLineUnderSkip() throws IOException {
        Path in = input(row("a"), "[1,2]", "{\"messages\":[]}", "{\"ground_truth\":1}", row("e"), "{\"messages\":");
        List<String> warnings = new ArrayList<>();

        Dataset d = DatasetScanner.scan(in, BadLinePolicy.SKIP, ANY, warnings::add);

        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.badLines()).isEqualTo(4);
        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(0)).contains("line 2: expected a JSON object").contains("got array");
        assertThat(warnings.get(1)).contains("line 3: $.messages: a row needs a non-empty \"messages\" array");
        assertThat(warnings.get(2)).contains("line 4: $.messages");
        assertThat(warnings.get(3)).contains("line 6: not valid JSON");
    }

    @Test
    void appliesTheRowValidatorAndReportsItsError() throws IOException {
        Path in = input(row("a"), row("b"));
        DatasetScanner.RowValidator rejectB = (row, line, lineNumber) -> {
            if (line.contains("\"b\"")) {
                throw new InvalidDataException("not a row I like", "$.messages[0].content", lineNumber, null);
            }
        };

        assertThatThrownBy(() -> DatasetScanner.scan(in, BadLinePolicy.FAIL, rejectB, w -> { }))
                .hasMessageContaining("line 2: $.messages[0].content: not a row I like");
    }

    @Test
    void treatsARepeatedRowIdAsABadLine() throws IOException {
        String withId = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"input_metadata\":{\"row_id\":\"k\"}}";
        Path in = input(withId, withId);
        List<String> warnings = new ArrayList<>();

        Dataset d = DatasetScanner.scan(in, BadLinePolicy.SKIP, ANY, warnings::add);

        assertThat(d.rows()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("line 2").contains("already used on line 1");
    }

    @Test
    void aLineThatIsNotUtf8IsABadLineNamedExactly() throws IOException {
        Path in = dir.resolve("latin1.jsonl");
        byte[] good = (row("a") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "{\"messages\":[{\"role\":\"user\",\"content\":\"caf\u00e9\"}]}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(in, java.nio.ByteBuffer.allocate(good.length + bad.length).put(good).put(bad).array());

        assertThatThrownBy(() -> DatasetScanner.scan(in, BadLinePolicy.FAIL, ANY, w -> { }))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("latin1.jsonl: line 2: not UTF-8 text");
        List<String> warnings = new ArrayList<>();
        Dataset d = DatasetScanner.scan(in, BadLinePolicy.SKIP, ANY, warnings::add);
        assertThat(d.rows()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("line 2: not UTF-8 text");
    }

    @Test
    void secondPassYieldsOnlyTheRowsStillToDoWithTheirIds() throws IOException {
        Path in = input(row("a"), "garbage", row("b"), row("a"), row("c"));
        Dataset d = DatasetScanner.scan(in, BadLinePolicy.SKIP, ANY, w -> { });
        String idOfB = d.rowIds().get(1);
        List<String> seen = new ArrayList<>();

        try (Dataset.Rows rows = d.rows(Set.of(idOfB), (json, line, lineNumber, rowId) -> {
            seen.add(lineNumber + ":" + rowId);
            return EvaluationRow.of(List.of(Message.user(json.getJsonArray("messages").getJsonObject(0)
                    .getString("content"))));
        })) {
            List<String> contents = new ArrayList<>();
            rows.forEachRemaining(r -> contents.add(r.messages().get(0).text()));
            assertThat(contents).containsExactly("a", "a", "c");
        }
        assertThat(seen).containsExactly("1:" + d.rowIds().get(0), "4:" + d.rowIds().get(2), "5:" + d.rowIds().get(3));
        assertThat(d.rowIds().get(0)).isNotEqualTo(d.rowIds().get(2));
        assertThat(d.countMissing(Set.of(idOfB))).isEqualTo(3);
    }
}
