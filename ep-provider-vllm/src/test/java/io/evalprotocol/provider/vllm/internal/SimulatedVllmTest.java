package io.evalprotocol.provider.vllm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against ep-testkit's simulated vLLM (written independently from the same provider notes), on loopback: the
 * extractors read what a vLLM-shaped server sends, streamed and not, with both id sources agreeing.
 */
class SimulatedVllmTest {
    private static SimulatedProvider sim;
    private static final String CHAT = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello politely.\"}],"
            + "\"seed\":3,\"n\":2,\"logprobs\":true";

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(5).build().start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static String request(String extra) {
        return "{\"model\":\"" + sim.model() + "\"," + CHAT + extra + "}";
    }

    @Test
    void streamedAndNonStreamedChatGiveTheSameTokens() throws Exception {
        JsonObject body = SimHttp.body(sim.baseUri(), "/chat/completions", request(",\"return_token_ids\":true"));
        List<JsonObject> chunks = SimHttp.stream(sim.baseUri(), "/chat/completions",
                request(",\"return_token_ids\":true,\"stream\":true"));
        TokenIdExtractor x = new VllmTokenIdsExtractor();
        ProviderShape shape = ProviderShape.builder().providerHint("vllm").build();
        assertThat(x.supports(shape.withFirstResponse(body))).isTrue();
        assertThat(x.supports(shape.toBuilder().streaming(true).build().withFirstResponse(chunks.get(0)))).isTrue();
        for (int choice = 0; choice < 2; choice++) {
            ExtractedTokens fromBody = x.extract(body, choice, ExtractionContext.of(shape));
            assertThat(fromBody.completionTokenIds()).isPresent();
            assertThat(fromBody.promptTokenIds()).isPresent();
            assertThat(fromBody.logprobs()).isPresent();
            if (fromBody.eos() == EosStatus.PRESENT) {
                assertThat(fromBody.completionTokenIds().get().last()).as("<|im_end|>").isEqualTo(200265);
            }
            assertThat(accumulate(x, chunks, choice, shape)).as("choice %s", choice).isEqualTo(fromBody);
        }
    }

    @Test
    void placeholderIdsEqualReturnedTokenIds() throws Exception {
        JsonObject body = SimHttp.body(sim.baseUri(), "/chat/completions",
                request(",\"return_token_ids\":true,\"return_tokens_as_token_ids\":true"));
        ProviderShape shape = ProviderShape.builder().providerHint("vllm").build();
        for (int choice = 0; choice < 2; choice++) {
            ExtractedTokens placeholders = new VllmLogprobTokenIdsExtractor().extract(body, choice, ExtractionContext.of(shape));
            ExtractedTokens tokenIds = new VllmTokenIdsExtractor().extract(body, choice, ExtractionContext.of(shape));
            assertThat(placeholders.completionTokenIds()).isEqualTo(tokenIds.completionTokenIds());
            assertThat(placeholders.logprobs()).isEqualTo(tokenIds.logprobs());
        }
    }

    @Test
    void streamedAndNonStreamedCompletionsGiveTheSameTokens() throws Exception {
        String request = "{\"model\":\"" + sim.model() + "\",\"prompt\":\"Hello, my name is\",\"max_tokens\":12,"
                + "\"seed\":3,\"n\":2,\"logprobs\":1,\"return_token_ids\":true";
        JsonObject body = SimHttp.body(sim.baseUri(), "/completions", request + "}");
        List<JsonObject> chunks = SimHttp.stream(sim.baseUri(), "/completions", request + ",\"stream\":true}");
        TokenIdExtractor x = new VllmTokenIdsExtractor();
        ProviderShape shape = ProviderShape.builder().providerHint("vllm").apiKind(ApiKind.COMPLETIONS).build();
        for (int choice = 0; choice < 2; choice++) {
            ExtractedTokens fromBody = x.extract(body, choice, ExtractionContext.of(shape));
            assertThat(fromBody.promptSourceField()).contains("choices[].prompt_token_ids");
            assertThat(fromBody.logprobsField()).contains("choices[].logprobs.token_logprobs");
            assertThat(accumulate(x, chunks, choice, shape)).as("choice %s", choice).isEqualTo(fromBody);
        }
    }

    private static ExtractedTokens accumulate(TokenIdExtractor x, List<JsonObject> chunks, int choice,
            ProviderShape shape) {
        TokenIdAccumulator acc = x.newAccumulator(choice, ExtractionContext.of(shape));
        chunks.forEach(acc::accept);
        return acc.finish();
    }
}
