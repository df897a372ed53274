package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.internal.wire.WireJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The engine keeps a response's {@code logprobs} as a byte slice of the body when the body's text is already
 * canonical; the assistant message it builds must be byte-for-byte the one the token-by-token copy gives,
 * for generated Fireworks bodies with every escape form, whitespace layout and non-ASCII text.
 */
class ResponseDecoderSliceTest {
    private static final String[] TOKEN_PARTS = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u0009", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\u2028",
        "\u007f", " ", "<|im_end|>", "\\\\xf0\\\\x9f",
    };
    private static final String[] LOGPROBS = {"0", "-0.0", "-0.00419", "-1e-05", "-2.5E-7", "-9999.0", "-3", "-12.75"};

    private static final int LIMIT = 20_000_000;

    private final EngineConfig config = config();
    private final ResponseDecoder slicing = new ResponseDecoder(config, new WireJson(100, LIMIT, 1000, true),
            UnaryOperator.identity());
    private final ResponseDecoder copying = new ResponseDecoder(config, new WireJson(100, LIMIT, 1000, false),
            UnaryOperator.identity());
    private final EvaluationRow input = EvaluationRow.of(List.of(Message.user("hi")));

    @Test
    void assistantMessageIsByteIdenticalToTheTokenCopyOnGeneratedBodies() {
        Random r = new Random(11);
        int decoded = 0;
        int canonical = 0;
        for (int n = 0; n < 1500; n++) {
            String ws = r.nextInt(3) > 0 ? "" : new String[] {" ", "\n", "\t", "\r\n  "}[r.nextInt(4)];
            boolean plain = r.nextBoolean();
            int[] ids = new int[1 + r.nextInt(5)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(151_000);
            }
            String logprobs = logprobs(r, ws, plain, ids);
            byte[] body = body(ws, logprobs, ids).getBytes(StandardCharsets.UTF_8);
            EvaluationRow slow;
            try {
                slow = copying.decodeBody(input, body);
            } catch (RuntimeException e) {
                assertThatThrownBy(() -> slicing.decodeBody(input, body)).as(logprobs).isInstanceOf(e.getClass());
                continue;
            }
            EvaluationRow fast = slicing.decodeBody(input, body);
            Message fastMessage = fast.messages().get(fast.messages().size() - 1);
            Message slowMessage = slow.messages().get(slow.messages().size() - 1);
            assertThat(EvalProtocolJson.writeMessage(fastMessage)).as(logprobs)
                    .isEqualTo(EvalProtocolJson.writeMessage(slowMessage));
            assertThat(fastMessage).as(logprobs).isEqualTo(slowMessage);
            decoded++;
            if (ws.isEmpty() && plain) {
                canonical++;
            }
        }
        assertThat(decoded).as("bodies both paths decode").isGreaterThan(1000);
        assertThat(canonical).as("bodies that take the slice path").isGreaterThan(200);
    }

    private static String body(String ws, String logprobs, int[] ids) {
        StringBuilder tokenIds = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            tokenIds.append(i > 0 ? "," + ws : "").append(ids[i]);
        }
        tokenIds.append(ws).append(']');
        return "{" + ws + "\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\"," + ws
                + "\"prompt_token_ids\":[1,2,3],\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"," + ws + "\"logprobs\":" + ws + logprobs + ","
                + "\"token_ids\":" + tokenIds + "}]," + ws
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
    }

    private static String logprobs(Random r, String ws, boolean plain, int[] ids) {
        StringBuilder sb = new StringBuilder("{\"content\":").append(ws).append('[');
        for (int i = 0; i < ids.length; i++) {
            sb.append(i > 0 ? "," + ws : "").append(entry(r, ws, plain, r.nextInt(3), ids[i]));
        }
        return sb.append(ws).append("]}").toString();
    }

    private static String entry(Random r, String ws, boolean plain, int alternatives, int id) {
        StringBuilder sb = new StringBuilder("{\"token\":").append(ws).append(token(r, plain))
                .append(",\"logprob\":").append(LOGPROBS[r.nextInt(LOGPROBS.length)])
                .append(",").append(ws).append("\"bytes\":[");
        for (int b = r.nextInt(4); b > 0; b--) {
            sb.append(r.nextInt(256)).append(b > 1 ? "," : "");
        }
        sb.append("],\"token_id\":").append(id);
        if (alternatives > 0) {
            sb.append(",\"top_logprobs\":[");
            for (int i = 0; i < alternatives; i++) {
                sb.append(i > 0 ? "," + ws : "").append(entry(r, ws, plain, 0, r.nextInt(151_000)));
            }
            sb.append(']');
        }
        return sb.append(ws).append('}').toString();
    }

    private static String token(Random r, boolean plain) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(TOKEN_PARTS[r.nextInt(plain ? 6 : TOKEN_PARTS.length)]);
        }
        return sb.append('"').toString();
    }

    private static EngineConfig config() {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m", CompletionParams.builder().build(),
                "fireworks", ExtractorSelectionPolicy.probe(), false, TokenIdExtractorRegistry.load(), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000, 1 << 22,
                RetryPolicy.none(), Clock.systemUTC(), null, false, 1, Map.of(), true);
    }
}
