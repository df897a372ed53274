package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WireJson#withTransientPayloads()} (the ids-only decode): a choice's payloads are validated like every
 * kept payload but keep their escapes and, when compact, share the body's array. The values must be JSON-equal
 * to the canonical ones, errors must be the same, and the same keys elsewhere in the document (which a row can
 * keep) must still be canonical copies.
 */
class TransientPayloadsTest {
    private static final String[] STRING_PARTS = {
        "a", "token", " the", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u0009", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\ud83d",
        "\\udc00", "\\u2028", "\u007f", " ", "\\x", "\u0001",
    };
    private static final String[] NUMBERS = {"0", "-0", "12", "151645", "-3.5", "1e-05", "1E+5", "-9999.0", "01", "1."};

    private final WireJson normal = new WireJson(100, 1000, 1000);
    private final WireJson transientReader = normal.withTransientPayloads();

    @Test
    void transientPayloadsAreJsonEqualAndFailAlikeOnGeneratedBodies() {
        Random r = new Random(31);
        int read = 0;
        int sliced = 0;
        for (int n = 0; n < 3000; n++) {
            boolean compact = r.nextInt(3) > 0;
            String a = r.nextBoolean() ? object(r, 0, compact) : array(r, 0, compact);
            String b = object(r, 0, compact);
            String body = "{\"id\":\"x\",\"prompt_logprobs\":" + b + ",\"choices\":[{\"index\":0,\"logprobs\":" + a
                    + ",\"message\":{\"role\":\"assistant\",\"logprobs\":" + b + "},\"token_ids\":[1,2],"
                    + "\"raw_output\":" + b + "}],\"usage\":{\"details\":{\"logprobs\":" + a + "}}}";
            byte[] utf8 = ("  " + body + " ").getBytes(StandardCharsets.UTF_8);
            JsonObject expected;
            try {
                expected = normal.readObject(utf8, 2, utf8.length - 3, "response body", true);
            } catch (RuntimeException e) {
                Throwable t = catchThrowable(() -> transientReader.readObject(utf8, 2, utf8.length - 3, "response body", true));
                assertThat(t).as(body).isNotNull().isInstanceOf(e.getClass()).hasMessage(e.getMessage());
                continue;
            }
            JsonObject actual = transientReader.readObject(utf8, 2, utf8.length - 3, "response body", true);
            read++;
            assertThat(actual).as(body).isEqualTo(expected);
            JsonObject choice = actual.getJsonArray("choices").getJsonObject(0);
            JsonObject expectedChoice = expected.getJsonArray("choices").getJsonObject(0);
            for (JsonValue v : new JsonValue[] {choice.get("logprobs"), choice.get("raw_output"), actual.get("prompt_logprobs")}) {
                String text = v.toString();
                assertThat(text).as(body).isEqualTo(compacted(text));
                if (compact) {
                    assertThat(RawJsonSupport.access().array((RawJsonValue) v)).as(body).isSameAs(utf8);
                    sliced++;
                }
            }
            assertThat(choice.get("logprobs").toString()).as(body).isEqualTo(compacted(a));
            // where a row can keep them, the same keys are canonical copies as without the option
            assertThat(choice.getJsonObject("message").get("logprobs").toString())
                    .isEqualTo(expectedChoice.getJsonObject("message").get("logprobs").toString());
            assertThat(actual.getJsonObject("usage").getJsonObject("details").get("logprobs").toString())
                    .isEqualTo(expected.getJsonObject("usage").getJsonObject("details").get("logprobs").toString());
            assertThat(RawJsonSupport.access().array((RawJsonValue) choice.getJsonObject("message").get("logprobs")))
                    .isNotSameAs(utf8);
        }
        assertThat(read).as("bodies both readers accept").isGreaterThan(300);
        assertThat(sliced).as("payloads shared with the body").isGreaterThan(300);
    }

    @Test
    void aStringPastTheLengthLimitInATransientPayloadFailsAlike() {
        byte[] body = ("{\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"" + "\\u00e9".repeat(1001) + "\"}]}}]}")
                .getBytes(StandardCharsets.UTF_8);
        Throwable expected = catchThrowable(() -> normal.readObject(body, 0, body.length, "response body", true));
        Throwable actual = catchThrowable(() -> transientReader.readObject(body, 0, body.length, "response body", true));

        assertThat(expected).hasMessageContaining("maxJsonStringLength=1000");
        assertThat(actual).isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
    }

    /** {@code json} without whitespace outside strings. */
    private static String compacted(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        boolean in = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (in) {
                sb.append(c);
                if (c == '\\') {
                    sb.append(json.charAt(++i));
                } else if (c == '"') {
                    in = false;
                }
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                sb.append(c);
                in = c == '"';
            }
        }
        return sb.toString();
    }

    private static String object(Random r, int depth, boolean compact) {
        String ws = compact ? "" : new String[] {"", " ", "\n", "\t"}[r.nextInt(4)];
        StringBuilder sb = new StringBuilder("{");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws : "").append(string(r)).append(ws).append(':').append(value(r, depth + 1, compact));
        }
        return sb.append(ws).append('}').toString();
    }

    private static String array(Random r, int depth, boolean compact) {
        String ws = compact ? "" : new String[] {"", " ", "\r\n"}[r.nextInt(3)];
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws : "").append(value(r, depth + 1, compact));
        }
        return sb.append(ws).append(']').toString();
    }

    private static String value(Random r, int depth, boolean compact) {
        switch (depth >= 4 ? 2 + r.nextInt(3) : r.nextInt(5)) {
            case 0:
                return object(r, depth, compact);
            case 1:
                return array(r, depth, compact);
            case 2:
                return string(r);
            case 3:
                return NUMBERS[r.nextInt(NUMBERS.length)];
            default:
                return new String[] {"true", "false", "null", "nul"}[r.nextInt(4)];
        }
    }

    private static String string(Random r) {
        StringBuilder sb = new StringBuilder("\"");
        // mostly valid text, now and then something malformed (a bad escape, a raw control character)
        int parts = r.nextInt(20) == 0 ? STRING_PARTS.length : STRING_PARTS.length - 2;
        for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(STRING_PARTS[r.nextInt(parts)]);
        }
        return sb.append('"').toString();
    }
}
