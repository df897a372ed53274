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
import io.evalprotocol.core.internal.wire.WireJsonOracle;
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
 * The whole decode (reader, extractor, row assembly) gives the same row on the hand-written reader as on the
 * Jackson-based reader it replaced: byte-identical messages and the same status, or the same error.
 */
class ResponseDecoderReaderParityTest {
    private static final int LIMIT = 20_000_000;

    private final EvaluationRow input = EvaluationRow.of(List.of(Message.user("hi")));

    @Test
    void rowsAreByteIdenticalToTheJacksonReadersOnGeneratedBodies() {
        for (String provider : new String[] {"fireworks", "vllm", "openai"}) {
            EngineConfig config = config(provider);
            ResponseDecoder reader = new ResponseDecoder(config, new WireJson(100, LIMIT, 1000),
                    UnaryOperator.identity());
            ResponseDecoder oracle = new ResponseDecoder(config, WireJsonOracle.jackson(100, LIMIT, 1000),
                    UnaryOperator.identity());
            Random r = new Random(provider.hashCode());
            int decoded = 0;
            for (int n = 0; n < 700; n++) {
                byte[] body = WireJsonOracle.chatBody(r).getBytes(StandardCharsets.UTF_8);
                EvaluationRow expected;
                try {
                    expected = oracle.decodeBody(input, body);
                } catch (RuntimeException e) {
                    assertThatThrownBy(() -> reader.decodeBody(input, body)).isInstanceOf(e.getClass());
                    continue;
                }
                EvaluationRow actual = reader.decodeBody(input, body);
                String where = provider + ": " + new String(body, StandardCharsets.UTF_8);
                assertThat(actual.rolloutStatus().code()).as(where).isEqualTo(expected.rolloutStatus().code());
                assertThat(actual.rolloutStatus().message()).as(where).isEqualTo(expected.rolloutStatus().message());
                assertThat(actual.messages()).as(where).hasSameSizeAs(expected.messages());
                for (int i = 0; i < expected.messages().size(); i++) {
                    assertThat(EvalProtocolJson.writeMessage(actual.messages().get(i))).as(where)
                            .isEqualTo(EvalProtocolJson.writeMessage(expected.messages().get(i)));
                }
                decoded++;
            }
            assertThat(decoded).as(provider).isGreaterThan(500);
        }
    }

    private static EngineConfig config(String provider) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m", CompletionParams.builder().build(),
                provider, ExtractorSelectionPolicy.probe(), false, TokenIdExtractorRegistry.load(), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000,
                1 << 22, RetryPolicy.none(), Clock.systemUTC(), null, false, 1, Map.of(), true);
    }
}
