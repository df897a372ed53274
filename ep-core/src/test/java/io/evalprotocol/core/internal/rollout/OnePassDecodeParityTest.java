package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.core.internal.wire.WireJsonOracle;
import io.evalprotocol.testkit.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole decode with the body reader filling {@code logprobs.content[]} columns during its validating pass
 * (the default) against the same decode with {@link WireJson#withoutContentColumns()}, where the extractors
 * read those bytes a second time: byte-identical messages and the same status, or the same error, for the
 * fireworks, openai and vllm extractors, with the payload kept and ids-only, on generated bodies and on every
 * shared fixture body.
 */
class OnePassDecodeParityTest {
    private static final int LIMIT = 20_000_000;
    private static final TokenIdExtractorRegistry LOADED = TokenIdExtractorRegistry.load();
    private static final EvaluationRow INPUT = EvaluationRow.of(List.of(Message.user("hi")));

    @Test
    void rowsAreByteIdenticalWithAndWithoutTheReadersColumns() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        Random r = new Random(41);
        for (int n = 0; n < 250; n++) {
            bodies.add(GeneratedBodies.fireworks(r).getBytes(StandardCharsets.UTF_8));
            bodies.add(WireJsonOracle.chatBody(r).getBytes(StandardCharsets.UTF_8));
        }
        Path shared = Fixtures.findUp("shared/fixtures");
        try (Stream<Path> files = Files.list(shared)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith("eval-protocol-row")).sorted().toList()) {
                bodies.add(Files.readAllBytes(p));
            }
        }
        int withIds = 0;
        for (String provider : new String[] {"fireworks", "openai", "vllm"}) {
            for (TokenTrace trace : new TokenTrace[] {TokenTrace.FULL, TokenTrace.IDS_ONLY}) {
                EngineConfig config = config(provider, trace);
                WireJson json = new WireJson(100, LIMIT, 1000);
                ResponseDecoder onePass = new ResponseDecoder(config, json, UnaryOperator.identity());
                ResponseDecoder twoPass = new ResponseDecoder(config, json.withoutContentColumns(),
                        UnaryOperator.identity());
                for (byte[] body : bodies) {
                    String where = provider + " " + trace + ": " + new String(body, StandardCharsets.UTF_8);
                    EvaluationRow expected;
                    try {
                        expected = twoPass.decodeBody(INPUT, body);
                    } catch (RuntimeException e) {
                        Throwable t = catchThrowable(() -> onePass.decodeBody(INPUT, body));
                        assertThat(t).as(where).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
                        continue;
                    }
                    EvaluationRow actual = onePass.decodeBody(INPUT, body);
                    assertThat(actual.rolloutStatus().code()).as(where).isEqualTo(expected.rolloutStatus().code());
                    assertThat(actual.rolloutStatus().message()).as(where).isEqualTo(expected.rolloutStatus().message());
                    assertThat(actual.messages()).as(where).hasSameSizeAs(expected.messages());
                    for (int i = 0; i < expected.messages().size(); i++) {
                        assertThat(EvalProtocolJson.writeMessage(actual.messages().get(i))).as(where)
                                .isEqualTo(EvalProtocolJson.writeMessage(expected.messages().get(i)));
                    }
                    if (expected.messages().get(expected.messages().size() - 1).tokenIds().isPresent()) {
                        withIds++;
                    }
                }
            }
        }
        assertThat(withIds).as("rows decoded with token ids").isGreaterThan(1000);
    }

    private static EngineConfig config(String provider, TokenTrace trace) {
        return new EngineConfig(URI.create("http://127.0.0.1:1/v1"), null, "m", CompletionParams.builder().build(),
                provider, ExtractorSelectionPolicy.probe(), false, LOADED, 4, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), LIMIT, 1 << 20, 100, LIMIT, 1000, 1 << 22,
                RetryPolicy.none(), Clock.systemUTC(), null, false, 1, Map.of(), true, trace);
    }
}
