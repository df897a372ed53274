package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.JsonlRowReader;
import io.evalprotocol.core.JsonlRowWriter;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Token-native flat logprobs ({@code Message.Builder.flatLogprobs}) are written from their doubles: each value
 * must be the exact text pydantic writes for that float (the table {@link PythonFloatsTest} checks), and the
 * row must read back with the same values.
 */
class FlatLogprobsWriterTest {

    @Test
    void writesEveryValueOfThePydanticTableAsPydanticDoes() throws IOException {
        List<double[]> values = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PythonFloatsTest.class.getResourceAsStream("python-floats.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                values.add(new double[] {Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, space), 16))});
                texts.add(line.substring(space + 1));
            }
        }
        double[] v = values.stream().mapToDouble(a -> a[0]).toArray();
        int[] ids = IntStream.range(0, v.length).toArray();
        Message m = Message.builder().role(Role.ASSISTANT).content("x").tokenIds(TokenIds.of(ids))
                .flatLogprobs(TokenLogprobs.of(v)).build();

        String json = EvalProtocolJson.writeMessage(m);

        StringBuilder expected = new StringBuilder("{\"role\":\"assistant\",\"content\":\"x\",\"logprobs\":[");
        expected.append(String.join(",", texts)).append("],\"token_ids\":[");
        for (int i = 0; i < ids.length; i++) {
            expected.append(i > 0 ? "," : "").append(i);
        }
        expected.append("]}");
        assertThat(v.length).isGreaterThan(2000);
        assertThat(json).isEqualTo(expected.toString());
    }

    @Test
    void aMissingValueIsWrittenAsNullLikePydanticWritesNan() {
        Message m = Message.builder().role(Role.ASSISTANT).content("").tokenIds(TokenIds.of(5, 6))
                .flatLogprobs(TokenLogprobs.of(Double.NaN, -0.5)).build();

        assertThat(EvalProtocolJson.writeMessage(m))
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"\",\"logprobs\":[null,-0.5],\"token_ids\":[5,6]}");
    }

    @Test
    void rowsWrittenWithFlatLogprobsReadBackWithTheSameIdsAndValues() {
        double[] lp = {-0.0, -1.0500000000000001e-5, -9999.0, -2.5e-7, -0.412, -1e-300, 0.0};
        int[] ids = {151644, 0, 7, 9707, 13, 2, 151645};
        Message assistant = Message.builder().role(Role.ASSISTANT).content("Hello, \"world\" é 😊")
                .tokenIds(TokenIds.of(ids)).flatLogprobs(TokenLogprobs.of(lp)).build();
        EvaluationRow row = EvaluationRow.of(List.of(Message.user("hi"), assistant));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonlRowWriter w = JsonlRowWriter.of(out)) {
            w.write(row);
            w.write(row);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<EvaluationRow> back = new ArrayList<>();
        try (JsonlRowReader r = JsonlRowReader.of(new ByteArrayInputStream(out.toByteArray()))) {
            r.forEach(back::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }

        assertThat(back).hasSize(2);
        Message read = back.get(0).messages().get(1);
        assertThat(read.tokenIds()).contains(TokenIds.of(ids));
        assertThat(read.flatLogprobs()).contains(TokenLogprobs.of(lp));
        assertThat(read.text()).isEqualTo(assistant.text());
        assertThat(read).isEqualTo(assistant);
        // written again, the row read back is byte for byte the row written from the doubles
        assertThat(EvalProtocolJson.writeRow(back.get(1))).isEqualTo(EvalProtocolJson.writeRow(row));
    }
}
