package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.EvalProtocolJson;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test (added with ep-benchmarks): the byte-slice fast path must give exactly what the token-by-token copy gives, for canonical input (taken
 * as is) and for everything else (whitespace, any escape, NaN, ...), which it must route to the copy.
 */
class SliceFastPathPropertyTest {
    private static final String[] STRING_PARTS = {
        "a", "token", " the", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u0009", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\u2028",
        "\u2028", "\u007f", " ", "\\u0000", "token_id:9707", "\\\\xf0\\\\x9f\\\\x92",
    };
    private static final String[] NUMBERS = {
        "0", "-0", "12", "151645", "-3.5", "1e-05", "1E+5", "0.0", "-9999.0", "-0.00012337400403339416",
        "123456789012345678901234567890", "2.5e-7",
    };
    private static final String[] SPACES = {"", "", "", " ", "\n", "\t", "\r\n"};

    @Test
    void fastPathEqualsTokenByTokenCopyOnGeneratedValues() throws Exception {
        Random r = new Random(20261126);
        int canonical = 0;
        for (int n = 0; n < 3000; n++) {
            boolean compact = r.nextInt(3) > 0;
            boolean plain = r.nextInt(2) == 0;
            String json = value(r, 0, compact, plain);
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            byte[] buf = new byte[utf8.length + 7];
            System.arraycopy("{\"x\":[".getBytes(StandardCharsets.US_ASCII), 0, buf, 0, 6);
            System.arraycopy(utf8, 0, buf, 6, utf8.length);
            buf[buf.length - 1] = ']';

            JsonValue slow = read(new ModelReader(), buf, 6, utf8.length);
            JsonValue fast = read(new ModelReader().source(buf, 6), buf, 6, utf8.length);

            assertThat(fast.toString()).as(json).isEqualTo(slow.toString());
            assertThat(fast).as(json).isEqualTo(slow);
            if (CanonicalJson.isCanonical(buf, 6, 6 + utf8.length)) {
                canonical++;
                assertThat(slow.toString()).as("canonical text is kept as is").isEqualTo(json);
            }
        }
        assertThat(canonical).as("the generator exercises both paths").isBetween(300, 2700);
    }

    @Test
    void canonicalFormIsRecognised() {
        assertThat(canonical("{\"content\":[{\"token\":\"é \\\"\\n\\u001f\",\"logprob\":-0.5,\"bytes\":[195,169]}]}")).isTrue();
        assertThat(canonical("{\"a\": 1}")).as("whitespace").isFalse();
        assertThat(canonical("[\"\\u00e9\"]")).as("escaped non-ASCII").isFalse();
        assertThat(canonical("[\"\\u000a\"]")).as("long form of \\n").isFalse();
        assertThat(canonical("[\"\\u001F\"]")).as("uppercase hex").isFalse();
        assertThat(canonical("[\"\\/\"]")).as("escaped slash").isFalse();
        assertThat(canonical("[NaN]")).isFalse();
        assertThat(canonical("[-Infinity]")).isFalse();
    }

    @Test
    void rowsReadFromBytesAndFromAStreamAreIdentical() throws Exception {
        String row = "{\"messages\":[{\"role\":\"assistant\",\"content\":\"Hi\",\"logprobs\":{\"content\":[{\"token\":\"Hi\","
                + "\"logprob\":-2.5e-7,\"bytes\":[72,105],\"top_logprobs\":[]}],\"refusal\":null},\"token_ids\":[13225]}],"
                + "\"execution_metadata\":{\"extra\":{\"k\": [1, 2.50, \"\\u00e9\"]}}}";
        byte[] utf8 = row.getBytes(StandardCharsets.UTF_8);
        EvaluationRow fromBytes = EvalProtocolJson.readRow(utf8);
        EvaluationRow fromStream = EvalProtocolJson.readRow(new java.io.ByteArrayInputStream(utf8));
        assertThat(fromBytes).isEqualTo(fromStream);
        assertThat(EvalProtocolJson.writeRow(fromBytes)).isEqualTo(EvalProtocolJson.writeRow(fromStream));
    }

    private static boolean canonical(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return CanonicalJson.isCanonical(b, 0, b.length);
    }

    private static JsonValue read(ModelReader reader, byte[] buf, int off, int len) throws Exception {
        try (JsonParser p = JsonSupport.factory().createParser(buf, off, len)) {
            return reader.readSingleValue(p);
        }
    }

    private static String value(Random r, int depth, boolean compact, boolean plain) {
        int kind = depth >= 4 ? 2 + r.nextInt(3) : r.nextInt(5);
        String ws = compact ? "" : SPACES[r.nextInt(SPACES.length)];
        switch (kind) {
            case 0: {
                StringBuilder sb = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws);
                    }
                    sb.append(string(r, plain)).append(ws).append(':').append(value(r, depth + 1, compact, plain));
                }
                return sb.append(ws).append('}').toString();
            }
            case 1: {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',').append(ws);
                    }
                    sb.append(value(r, depth + 1, compact, plain));
                }
                return sb.append(ws).append(']').toString();
            }
            case 2:
                return string(r, plain);
            case 3:
                if (!plain && r.nextInt(40) == 0) {
                    return r.nextBoolean() ? "NaN" : "-Infinity";
                }
                return NUMBERS[r.nextInt(NUMBERS.length)];
            default:
                return new String[] {"true", "false", "null"}[r.nextInt(3)];
        }
    }

    private static String string(Random r, boolean plain) {
        StringBuilder sb = new StringBuilder("\"");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String part = STRING_PARTS[r.nextInt(plain ? 8 : STRING_PARTS.length)];
            sb.append(part);
        }
        return sb.append('"').toString();
    }
}
