package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.errors.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsonlRowReaderTest {

    private static JsonlRowReader reader(String text) {
        return JsonlRowReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String row(String id) {
        return "{\"input_metadata\":{\"row_id\":\"" + id + "\",\"completion_params\":{}}}";
    }

    private static List<String> ids(JsonlRowReader r) {
        return r.stream().map(x -> x.inputMetadata().rowId().orElseThrow()).collect(Collectors.toList());
    }

    @Test
    void readsRowsAndSkipsBlankLines() throws Exception {
        try (JsonlRowReader r = reader(row("a") + "\n\n  \n" + row("b") + "\r\n" + row("c"))) {
            assertThat(ids(r)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void reportsTheLineNumberOfEachRow() throws Exception {
        try (JsonlRowReader r = reader("\n" + row("a") + "\n\n" + row("b") + "\n")) {
            assertThat(r.read().inputMetadata().rowId()).contains("a");
            assertThat(r.lineNumber()).isEqualTo(2);
            assertThat(r.read().inputMetadata().rowId()).contains("b");
            assertThat(r.lineNumber()).isEqualTo(4);
            assertThat(r.read()).isNull();
        }
    }

    @Test
    void namesLineAndPathOfAnInvalidRow() throws Exception {
        String text = row("a") + "\n" + row("b") + "\n"
                + "{\"messages\":[{\"role\":\"assistant\",\"token_ids\":[1,-5]}]}\n" + row("d") + "\n";
        try (JsonlRowReader r = reader(text)) {
            r.read();
            r.read();
            assertThatThrownBy(r::read)
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith("line 3: $.messages[0].token_ids[1]: token id -5 is negative")
                    .satisfies(e -> assertThat(((InvalidDataException) e).line()).isEqualTo(3));
        }
    }

    @Test
    void namesTheLineOfMalformedJson() throws Exception {
        try (JsonlRowReader r = reader(row("a") + "\n{\"messages\":[\n")) {
            r.read();
            assertThatThrownBy(r::read)
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith("line 2: ")
                    .hasMessageContaining("malformed JSON");
        }
    }

    @Test
    void reportsAndSkipsInvalidLinesWhenAsked() throws Exception {
        List<InvalidDataException> errors = new ArrayList<>();
        String text = row("a") + "\n{oops\n" + row("c") + "\n{\"pid\":\"x\"}\n" + row("e") + "\n{\"messages\":[{\"ro";
        try (JsonlRowReader r = reader(text).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "c", "e");
        }
        assertThat(errors).extracting(InvalidDataException::line).containsExactly(2L, 4L, 6L);
        assertThat(errors.get(1)).hasMessage("line 4: $.pid: expected an integer, got a string");
    }

    @Test
    void readsLinesLargerThanTheReadBuffer() throws Exception {
        String big = "x".repeat(300_000);
        String text = row("a") + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}\n" + row("c");
        // a stream that hands out a few bytes at a time, as a socket may
        InputStream slow = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 4093));
            }
        };
        try (JsonlRowReader r = JsonlRowReader.of(slow)) {
            List<EvaluationRow> rows = new ArrayList<>();
            r.forEach(rows::add);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(1).messages().get(0).text()).hasSize(300_000);
            assertThat(r.lineNumber()).isEqualTo(3);
        }
    }

    @Test
    void readsAFileStartingWithAByteOrderMark() throws Exception {
        byte[] body = ("{\"ground_truth\":{\"a\":[1,2]},\"pid\":3}\n" + row("b") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(withBom))) {
            EvaluationRow first = r.read();
            assertThat(EvalProtocolJson.writeValue(first.groundTruth().orElseThrow())).isEqualTo("{\"a\":[1,2]}");
            assertThat(first.pid()).hasValue(3);
            assertThat(r.read().inputMetadata().rowId()).contains("b");
        }
    }

    @Test
    void skipsAByteOrderMarkOnlyAtTheVeryStartOfTheInput() throws Exception {
        // a first line holding nothing but the mark is a blank line
        try (JsonlRowReader r = reader("\uFEFF\n" + row("a") + "\n")) {
            assertThat(ids(r)).containsExactly("a");
        }
        try (JsonlRowReader r = reader("\uFEFF" + row("a") + "\n")) {
            assertThat(r.read().inputMetadata().rowId()).contains("a");
            assertThat(r.lineNumber()).isEqualTo(1);
        }
        // a blank first line: the mark on line 2 is no longer at the start of the input
        try (JsonlRowReader r = reader("\n\uFEFF" + row("a") + "\n")) {
            assertThatThrownBy(r::read)
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessage("line 2: the line starts with a UTF-8 byte-order mark (U+FEFF); one is accepted only at"
                            + " the very start of the input (remove it, e.g. re-save the file as UTF-8 without BOM)")
                    .satisfies(e -> assertThat(((InvalidDataException) e).line()).isEqualTo(2));
        }
    }

    @Test
    void aByteOrderMarkStartingALaterLineIsAnInvalidLine() throws Exception {
        // Jackson alone would skip a mark at the start of every line it is handed
        String text = "\uFEFF" + row("a") + "\n" + row("b") + "\r\n\uFEFF" + row("c") + "\r\n" + row("d") + "\n\uFEFF" + row("e");
        try (JsonlRowReader r = reader(text)) {
            r.read();
            r.read();
            assertThatThrownBy(r::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith("line 3: the line starts with a UTF-8 byte-order mark (U+FEFF)");
            assertThat(r.read().inputMetadata().rowId()).contains("d");
        }
        List<InvalidDataException> errors = new ArrayList<>();
        try (JsonlRowReader r = reader(text).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "b", "d");
        }
        assertThat(errors).extracting(InvalidDataException::line).containsExactly(3L, 5L);
    }

    @Test
    void canBeIteratedOnlyOnce() throws Exception {
        try (JsonlRowReader r = reader(row("a"))) {
            r.iterator();
            assertThatThrownBy(r::iterator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void treatsALineThatJacksonWouldDecodeAsUtf32AsAnInvalidLine() throws Exception {
        // "{" followed by NUL bytes looks like UTF-32LE to Jackson's encoding detection (found by fuzzing):
        // it is a corrupt line like any other, not an I/O failure that ends the whole file.
        byte[] corrupt = "{\u0000\u0000\u0000\u0000\u0000\u0000\u0000\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] a = (row("a") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] c = ("\n" + row("c") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[a.length + corrupt.length + c.length];
        System.arraycopy(a, 0, file, 0, a.length);
        System.arraycopy(corrupt, 0, file, a.length, corrupt.length);
        System.arraycopy(c, 0, file, a.length + corrupt.length, c.length);

        List<InvalidDataException> errors = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(file)).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "c");
        }
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e).hasMessageStartingWith("line 2: $: malformed JSON: not UTF-8 text");
        });
        assertThatThrownBy(() -> EvalProtocolJson.readRow(corrupt))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    @Test
    void skipsALineLongerThanMaxLineBytesWithoutBufferingIt() throws Exception {
        // 64 MiB of one line, generated lazily: the reader must drop it as it goes, not hold it
        long hugeLine = 64L * 1024 * 1024;
        byte[] head = (row("a") + "\n{\"messages\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\"}\n" + row("c") + "\n").getBytes(StandardCharsets.UTF_8);
        InputStream in = new InputStream() {
            long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = head.length + hugeLine + tail.length;
                if (pos >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - pos);
                for (int i = 0; i < n; i++, pos++) {
                    b[off + i] = pos < head.length ? head[(int) pos]
                            : pos < head.length + hugeLine ? (byte) 'x' : tail[(int) (pos - head.length - hugeLine)];
                }
                return n;
            }
        };
        List<InvalidDataException> errors = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(in).maxLineBytes(1024 * 1024).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "c");
        }
        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .hasMessage("line 2: $: the line is longer than maxLineBytes=1048576 bytes"
                        + " (raise the limit with JsonlRowReader.maxLineBytes(...))"));
    }

    @Test
    void failsOnALineLongerThanMaxLineBytesUnlessSkipping() throws Exception {
        String text = row("a") + "\n" + row("b-is-longer") + "\n";
        try (JsonlRowReader r = reader(text).maxLineBytes(row("a").length())) {
            assertThat(r.read().inputMetadata().rowId()).contains("a");
            assertThatThrownBy(r::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageStartingWith("line 2: $: the line is longer than maxLineBytes=");
        }
        // the last line, without a newline, counts too
        try (JsonlRowReader r = reader(row("a") + "\n" + row("b-is-longer")).maxLineBytes(row("a").length())) {
            r.read();
            assertThatThrownBy(r::read).hasMessageContaining("maxLineBytes");
        }
        assertThat(JsonlRowReader.DEFAULT_MAX_LINE_BYTES).isEqualTo(256 * 1024 * 1024);
    }

    @Test
    void namesMaxNestingDepthWhenARowIsNestedTooDeeply() throws Exception {
        String deep = "{\"extra\":" + "[".repeat(20) + "]".repeat(20) + "}";
        try (JsonlRowReader r = reader(row("a") + "\n" + deep + "\n").maxNestingDepth(10)) {
            r.read();
            assertThatThrownBy(r::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("line 2: ")
                    .hasMessageContaining("nesting deeper than maxNestingDepth=10"
                            + " (raise the limit with JsonlRowReader.maxNestingDepth(...))");
        }
        try (JsonlRowReader r = reader(deep).maxNestingDepth(30)) {
            assertThat(r.read()).isNotNull();
        }
    }

    @Test
    void namesMaxStringLengthWhenAStringIsTooLong() throws Exception {
        String text = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "y".repeat(5000) + "\"}]}";
        try (JsonlRowReader r = reader(text).maxStringLength(1000)) {
            assertThatThrownBy(r::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("a string longer than maxStringLength=1000 characters"
                            + " (raise the limit with JsonlRowReader.maxStringLength(...))");
        }
        try (JsonlRowReader r = reader(text).maxStringLength(5000)) {
            assertThat(r.read()).isNotNull();
        }
    }

    @Test
    void namesMaxNumberLengthWhenANumberIsTooLong() throws Exception {
        String text = "{\"pid\":" + "1".repeat(50) + "}";
        try (JsonlRowReader r = reader(text).maxNumberLength(20)) {
            assertThatThrownBy(r::read).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("a number longer than maxNumberLength=20 characters"
                            + " (raise the limit with JsonlRowReader.maxNumberLength(...))");
        }
    }

    @Test
    void rejectsLimitsBelowOne() {
        assertThatThrownBy(() -> reader("").maxLineBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLineBytes must be at least 1, was 0");
        assertThatThrownBy(() -> reader("").maxNestingDepth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader("").maxStringLength(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader("").maxNumberLength(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void treatsALineWhoseEncodingJacksonCannotEvenDetectAsAnInvalidLine() throws Exception {
        // NUL, "{", NUL, NUL: Jackson's encoding detection rejects it ("unsupported UCS-4 endianness") while
        // creating the parser, before the first token (found by fuzzing)
        byte[] corrupt = {0, '{', 0, 0, 0, 0, 0, 0, '"', ':', '1', '}'};
        byte[] a = (row("a") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] c = ("\n" + row("c") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[a.length + corrupt.length + c.length];
        System.arraycopy(a, 0, file, 0, a.length);
        System.arraycopy(corrupt, 0, file, a.length, corrupt.length);
        System.arraycopy(c, 0, file, a.length + corrupt.length, c.length);

        List<InvalidDataException> errors = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(file)).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "c");
        }
        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .hasMessageStartingWith("line 2: $: malformed JSON: not UTF-8 text"));
        assertThatThrownBy(() -> EvalProtocolJson.readRow(corrupt)).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("$: malformed JSON: not UTF-8 text");
        assertThatThrownBy(() -> EvalProtocolJson.readRow(new ByteArrayInputStream(corrupt)))
                .isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> EvalProtocolJson.readMessage(corrupt)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void treatsANumberBeyondAnyRangeAsAnInvalidLine() throws Exception {
        // valid JSON grammar that BigDecimal cannot hold (found by fuzzing)
        String bad = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"foo\":1e9999999999}";
        List<InvalidDataException> errors = new ArrayList<>();
        try (JsonlRowReader r = reader(row("a") + "\n" + bad + "\n" + row("c")).skipInvalidLines(errors::add)) {
            assertThat(ids(r)).containsExactly("a", "c");
        }
        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .hasMessage("line 2: $.foo: the number 1e9999999999 is out of range"));
        assertThatThrownBy(() -> EvalProtocolJson.readRow(bad)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> EvalProtocolJson.readValue("1e-9999999999")).isInstanceOf(InvalidDataException.class);
    }
}
