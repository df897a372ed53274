package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.ExecutionMetadata;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.Proxy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlRowWriterTest {

    @TempDir
    Path dir;

    private static EvaluationRow row(String id) {
        return EvaluationRow.builder().inputMetadata(InputMetadata.builder().rowId(id).build()).build();
    }

    @Test
    void writesOneNewlineTerminatedLinePerRow() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        try (JsonlRowWriter w = JsonlRowWriter.create(file)) {
            w.write(row("a"));
            w.write(row("b"));
            assertThat(w.rowsWritten()).isEqualTo(2);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(EvalProtocolJson.writeRow(row("a")), EvalProtocolJson.writeRow(row("b")));
        assertThat(Files.readString(file)).endsWith("}\n");
    }

    @Test
    void flushesEachRowBeforeReturning() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        try (JsonlRowWriter w = JsonlRowWriter.create(file)) {
            w.write(row("a"));
            assertThat(Files.readString(file)).isEqualTo(EvalProtocolJson.writeRow(row("a")) + "\n");
        }
    }

    @Test
    void appendsAfterExistingRows() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        try (JsonlRowWriter w = JsonlRowWriter.create(file)) {
            w.write(row("a"));
        }
        try (JsonlRowWriter w = JsonlRowWriter.append(file)) {
            w.write(row("b"));
        }

        try (JsonlRowReader r = JsonlRowReader.open(file)) {
            assertThat(r.stream().map(x -> x.inputMetadata().rowId().orElseThrow())).containsExactly("a", "b");
        }
    }

    @Test
    void appendStartsANewLineAfterATornLastLine() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, EvalProtocolJson.writeRow(row("a")) + "\n{\"messages\":[{\"ro");
        try (JsonlRowWriter w = JsonlRowWriter.append(file)) {
            w.write(row("c"));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo(EvalProtocolJson.writeRow(row("c")));
    }

    @Test
    void aRowThatFailsToSerializeLeavesNothingBehind() throws Exception {
        // a user-supplied JSON-P value that breaks halfway through the row
        JsonObject failing = (JsonObject) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JsonObject.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getValueType")) {
                        return JsonValue.ValueType.OBJECT;
                    }
                    throw new IllegalStateException("broken value");
                });
        EvaluationRow broken = EvaluationRow.builder().addMessage(Message.user("fine"))
                .executionMetadata(ExecutionMetadata.builder().extra(failing).build()).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlRowWriter w = JsonlRowWriter.of(out)) {
            w.write(row("a"));
            assertThatThrownBy(() -> w.write(broken)).hasMessage("broken value");
            w.write(row("b"));
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                EvalProtocolJson.writeRow(row("a")) + "\n" + EvalProtocolJson.writeRow(row("b")) + "\n");
    }

    @Test
    void concurrentWritersProduceWholeLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlRowWriter w = JsonlRowWriter.of(out)) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        w.write(row(id + "-" + i));
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(800);
        for (String line : lines) {
            assertThat(EvalProtocolJson.writeRow(EvalProtocolJson.readRow(line))).isEqualTo(line);
        }
    }
}
