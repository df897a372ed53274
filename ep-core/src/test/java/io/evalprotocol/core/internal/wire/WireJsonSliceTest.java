package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Kept payloads ({@code logprobs}, {@code raw_output}, {@code prompt_logprobs}) taken as byte slices must be
 * exactly what the token-by-token copy writes, for canonical input and for everything else.
 */
class WireJsonSliceTest {
    private static final String[] STRING_PARTS = {
        "a", "token", " the", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u0009", "\\u00e9", "\\ud83d\\ude0a", "\\ud83d", "\\u2028",
        "\u007f", " ", "token_id:9707",
    };
    private static final String[] NUMBERS = {"0", "-0", "12", "151645", "-3.5", "1e-05", "1E+5", "-9999.0", "2.5e-7"};

    private final WireJson slicing = new WireJson(100, 1000, 1000, true);
    private final WireJson copying = new WireJson(100, 1000, 1000, false);

    @Test
    void slicesEqualTheTokenCopyOnGeneratedPayloads() {
        Random r = new Random(7);
        int sliced = 0;
        for (int n = 0; n < 3000; n++) {
            boolean compact = r.nextInt(3) > 0;
            boolean plain = r.nextBoolean();
            String payload = r.nextBoolean() ? object(r, 0, compact, plain) : array(r, 0, compact, plain);
            String body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"logprobs\":" + payload + ",\"token_ids\":[1,2]}],"
                    + "\"raw_output\":" + payload + "}";
            byte[] utf8 = ("  " + body + " ").getBytes(StandardCharsets.UTF_8);
            JsonObject slow;
            try {
                slow = copying.readObject(utf8, 2, utf8.length - 3, "body", true);
            } catch (InvalidResponseException e) {
                // e.g. a lone surrogate escape in a key: malformed for both paths
                assertThatThrownBy(() -> slicing.readObject(utf8, 2, utf8.length - 3, "body", true))
                        .as(payload).isInstanceOf(InvalidResponseException.class);
                continue;
            }
            JsonObject fast = slicing.readObject(utf8, 2, utf8.length - 3, "body", true);
            assertThat(fast.get("raw_output").toString()).as(payload).isEqualTo(slow.get("raw_output").toString());
            assertThat(fast).as(payload).isEqualTo(slow);
            if (slow.get("raw_output").toString().equals(payload)) {
                sliced++;
            }
        }
        assertThat(sliced).as("both paths are exercised").isBetween(300, 2700);
    }

    @Test
    void aStringPastTheLengthLimitInsideAKeptPayloadStillFails() {
        String big = "x".repeat(1001);
        byte[] body = ("{\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"" + big + "\"}]}}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> slicing.readObject(body, 0, body.length, "response body", true))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("maxJsonStringLength=1000");
    }

    private static String object(Random r, int depth, boolean compact, boolean plain) {
        String ws = compact ? "" : new String[] {"", " ", "\n", "\t"}[r.nextInt(4)];
        StringBuilder sb = new StringBuilder("{");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws : "").append(string(r, plain)).append(ws).append(':').append(value(r, depth + 1, compact, plain));
        }
        return sb.append(ws).append('}').toString();
    }

    private static String array(Random r, int depth, boolean compact, boolean plain) {
        String ws = compact ? "" : new String[] {"", " ", "\r\n"}[r.nextInt(3)];
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws : "").append(value(r, depth + 1, compact, plain));
        }
        return sb.append(ws).append(']').toString();
    }

    private static String value(Random r, int depth, boolean compact, boolean plain) {
        switch (depth >= 4 ? 2 + r.nextInt(3) : r.nextInt(5)) {
            case 0:
                return object(r, depth, compact, plain);
            case 1:
                return array(r, depth, compact, plain);
            case 2:
                return string(r, plain);
            case 3:
                return NUMBERS[r.nextInt(NUMBERS.length)];
            default:
                return new String[] {"true", "false", "null"}[r.nextInt(3)];
        }
    }

    private static String string(Random r, boolean plain) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(STRING_PARTS[r.nextInt(plain ? 8 : STRING_PARTS.length)]);
        }
        return sb.append('"').toString();
    }
}
