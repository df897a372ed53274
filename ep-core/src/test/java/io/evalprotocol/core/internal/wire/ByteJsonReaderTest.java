package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reader's own paths: int arrays, canonical payloads, error positions, stream events. */
class ByteJsonReaderTest {
    private final WireJson wire = new WireJson(100, 1000, 1000);

    private JsonObject read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return wire.readObject(b, 0, b.length, "response body", true);
    }

    private static String kept(JsonObject o, String key) {
        return new String(RawJsonSupport.access().bytes((RawJsonValue) o.get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void eightDigitsConvertsEveryLength() {
        Random r = new Random(1);
        for (int n = 0; n < 100_000; n++) {
            int digits = 1 + r.nextInt(8);
            int v = r.nextInt((int) Math.pow(10, digits));
            long lanes = 0;
            String s = String.format("%08d", v);
            for (int k = 0; k < 8; k++) {
                lanes |= (long) (s.charAt(k) - '0') << (8 * k);
            }
            assertThat(ByteJsonReader.eightDigits(lanes)).as(s).isEqualTo(v);
        }
    }

    @Test
    void intArraysOfEveryNumberLengthAndPositionReadExactly() {
        Random r = new Random(2);
        for (int n = 0; n < 3000; n++) {
            int count = 1 + r.nextInt(12);
            int[] values = new int[count];
            StringBuilder sb = new StringBuilder("{\"ids\":[");
            for (int k = 0; k < count; k++) {
                int digits = 1 + r.nextInt(10);
                long v = (long) (r.nextDouble() * Math.pow(10, digits));
                values[k] = (int) Math.min(v, Integer.MAX_VALUE);
                sb.append(k > 0 ? "," : "").append(values[k]);
            }
            // the array right at the end of the input exercises the byte loop, further in the eight-byte path
            String json = sb.append("]").append(r.nextBoolean() ? "}" : ",\"pad\":\"0123456789\"}").toString();
            JsonArray ids = read(json).getJsonArray("ids");
            assertThat(ids).as(json).isInstanceOf(IntJsonArray.class).hasSize(count);
            for (int k = 0; k < count; k++) {
                assertThat(ids.getInt(k)).as(json).isEqualTo(values[k]);
            }
        }
    }

    @Test
    void intRunEndsAtTheFirstOtherElement() {
        JsonObject o = read("{\"a\":[1, 2 ,3,2147483648,-0,-5,1.5,\"x\"]}");
        assertThat(o.getJsonArray("a")).isNotInstanceOf(IntJsonArray.class);
        assertThat(o.getJsonArray("a").toString()).isEqualTo("[1,2,3,2147483648,-0,-5,1.5,\"x\"]");
        assertThat(read("{\"a\":[-1,0,7]}").getJsonArray("a")).isInstanceOf(IntJsonArray.class);
    }

    @Test
    void keptPayloadsAreRewrittenToTheWritersCanonicalForm() {
        JsonObject o = read("{\"logprobs\" : { \"content\" : [ {\"token\" : \"caf\\u00e9 \\ud83d\\ude0a \\/ \\u0041"
                + "\\u001F\\u000a\\u2028\\uD800\"} ] , \"n\" : 1E+5 } }");
        assertThat(kept(o, "logprobs")).isEqualTo(
                "{\"content\":[{\"token\":\"café 😊 / A\\u001f\\n\u2028\\ud800\"}],\"n\":1E+5}");
        String canonical = "{\"content\":[{\"token\":\"\\\"a\\\\\\u0001\\t\",\"logprob\":-0.5,\"bytes\":[]}]}";
        assertThat(kept(read("{\"logprobs\":" + canonical + "}"), "logprobs")).isEqualTo(canonical);
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertThatThrownBy(() -> read("{\"a\":1,\n \"b\":tru}"))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageStartingWith("malformed JSON in response body at line 2, column 6: unrecognized token")
                .hasMessageContaining("; text starts with: {\"a\":1,");
        assertThatThrownBy(() -> read("{\"a\":\"x\u0001\"}"))
                .hasMessageStartingWith("malformed JSON in response body at line 1, column 8: control character");
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> wire.readObject(bad, 0, bad.length, "response body", true))
                .hasMessageStartingWith("malformed JSON in response body at line 1, column 8: invalid UTF-8");
        assertThatThrownBy(() -> read("[1]")).hasMessageStartingWith("response body is not a JSON object (starts with [)");
        assertThatThrownBy(() -> read(" \n")).hasMessage("response body is empty; expected a JSON object");
        assertThatThrownBy(() -> read("{} {}"))
                .hasMessageStartingWith("response body has data after the JSON object at line 1, column 4");
        assertThatThrownBy(() -> read("{\"a\":[[[[1]]]]}".replace("1", "[".repeat(100) + "]".repeat(100))))
                .hasMessageContaining("maxJsonNestingDepth=100 (raise it with EpClient.builder().maxJsonNestingDepth(...))");
        assertThatThrownBy(() -> read("{\"a\":" + "1".repeat(1001) + "}"))
                .hasMessageContaining("maxJsonNumberLength=1000");
        assertThatThrownBy(() -> read("{\"logprobs\":[\"" + "é".repeat(1001) + "\"]}"))
                .hasMessageContaining("maxJsonStringLength=1000");
    }

    @Test
    void streamEventsAreNamedOnlyInErrors() {
        byte[] chunk = "xx{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"logprobs\":{\"content\":[]}}]}yy"
                .getBytes(StandardCharsets.UTF_8);
        JsonObject o = wire.readEvent(chunk, 2, chunk.length - 4, 7);
        assertThat(o.getJsonArray("choices").getJsonObject(0).get("logprobs")).isInstanceOf(RawJsonValue.class);
        assertThatThrownBy(() -> wire.readEvent(chunk, 2, 5, 7))
                .hasMessageStartingWith("malformed JSON in stream event 7 at line 1, column 6");
    }
}
