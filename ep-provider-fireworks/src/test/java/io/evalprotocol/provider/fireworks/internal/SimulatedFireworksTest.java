package io.evalprotocol.provider.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against ep-testkit's simulated Fireworks (written independently from the same provider notes), on
 * loopback: every id source agrees, streamed and not, and the flags this module contributes are accepted.
 */
class SimulatedFireworksTest {
    private static SimulatedProvider sim;

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder().flavour(Flavour.FIREWORKS).seed(9).build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** Exactly the flags fireworks.raw-output contributes. */
    private static String request(String extra) {
        return "{\"model\":\"" + sim.model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
                + "\"seed\":4,\"n\":2,\"raw_output\":true,\"return_token_ids\":true,\"logprobs\":true" + extra + "}";
    }

    @Test
    void everyIdSourceAgreesAndTheStreamMatchesTheBody() throws Exception {
        JsonObject body = SimHttp.body(sim.baseUri(), "/chat/completions", request(""));
        List<JsonObject> chunks = SimHttp.stream(sim.baseUri(), "/chat/completions", request(",\"stream\":true"));
        ProviderShape shape = ProviderShape.builder().build();
        ExtractionContext ctx = ExtractionContext.of(shape);
        assertThat(new FireworksRawOutputExtractor().supports(shape.withFirstResponse(body))).isTrue();
        assertThat(new FireworksTokenIdsExtractor().supports(
                shape.toBuilder().streaming(true).build().withFirstResponse(chunks.get(0)))).isTrue();
        for (int choice = 0; choice < 2; choice++) {
            ExtractedTokens raw = new FireworksRawOutputExtractor().extract(body, choice, ctx);
            ExtractedTokens tokenIds = new FireworksTokenIdsExtractor().extract(body, choice, ctx);
            assertThat(raw.sourceField()).contains("choices[].raw_output.completion_token_ids");
            assertThat(tokenIds.sourceField()).contains("choices[].token_ids");
            assertThat(raw.completionTokenIds()).as("choice %s", choice).isEqualTo(tokenIds.completionTokenIds());
            assertThat(raw.promptTokenIds()).isPresent().isEqualTo(tokenIds.promptTokenIds());
            assertThat(tokenIds.logprobsField()).contains("choices[].logprobs.content[].sampling_logprob");

            TokenIdAccumulator acc = new FireworksTokenIdsExtractor().newAccumulator(choice, ctx);
            chunks.forEach(acc::accept);
            assertThat(acc.finish()).as("stream, choice %s", choice).isEqualTo(tokenIds);
        }
    }
}
