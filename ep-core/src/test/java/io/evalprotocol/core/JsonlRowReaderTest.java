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
    void canBeIteratedOnlyOnce() throws Exception {
        try (JsonlRowReader r = reader(row("a"))) {
            r.iterator();
            assertThatThrownBy(r::iterator).isInstanceOf(IllegalStateException.class);
        }
    }
}
