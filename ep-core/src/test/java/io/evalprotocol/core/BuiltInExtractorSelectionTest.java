package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With every built-in provider module discovered together, probing picks exactly one extractor (never a
 * tie) for each shared fixture, with and without a hint, before and after the first response. The table
 * is the one docs/providers.md documents.
 */
class BuiltInExtractorSelectionTest {
    private static final Path SHARED = Fixtures.findUp("shared/fixtures");
    private static final TokenIdExtractorRegistry REGISTRY = TokenIdExtractorRegistry.load();

    @ParameterizedTest(name = "{0} (hint {1}) -> {2}")
    @CsvSource(nullValues = "-", value = {
        "vllm-chat-return-token-ids.json,        -,         vllm.token-ids",
        "vllm-chat-return-token-ids.json,        vllm,      vllm.token-ids",
        "vllm-chat-tokens-as-ids.json,           -,         vllm.logprob-token-ids",
        "vllm-chat-tokens-as-ids.json,           vllm,      vllm.logprob-token-ids",
        "vllm-chat-stream.sse,                   -,         openai.choice-token-ids",
        "vllm-chat-stream.sse,                   vllm,      vllm.token-ids",
        "vllm-completions-token-ids.json,        -,         vllm.token-ids",
        "fireworks-chat-logprobs.json,           -,         fireworks.token-ids",
        "fireworks-chat-logprobs.json,           fireworks, fireworks.token-ids",
        "fireworks-chat-raw-output.json,         -,         fireworks.raw-output",
        "fireworks-chat-stream.sse,              -,         fireworks.token-ids",
        "fireworks-completions-token-ids.json,   -,         fireworks.token-ids",
        "fireworks-completions-logprobs-content.json, -,    fireworks.token-ids",
        "sglang-chat.json,                       -,         openai.choice-token-ids",
        "sglang-chat.json,                       sglang,    openai.choice-token-ids",
        "sglang-completions-stream.sse,          -,         openai.choice-token-ids",
        "together-chat-logprobs.json,            -,         openai.legacy-token-ids",
        "together-chat-stream.sse,               -,         openai.legacy-token-ids",
        "openai-chat-logprobs.json,              -,         -",
        "openai-chat-logprobs.json,              openai,    -",
        "openai-chat-no-logprobs.json,           -,         -",
        "openai-chat-toolcall.json,              -,         -",
        "openai-chat-stream.sse,                 -,         -",
        "openai-completions-legacy-logprobs.json, -,        -",
        "openai-responses-logprobs.json,         -,         -",
    })
    void probingTheFirstResponsePicksOneExtractor(String fixture, String hint, String expected) {
        assertThat(select(shapeOf(fixture, hint), false).map(TokenIdExtractor::id)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0} (hint {1}) with RECONSTRUCTED allowed -> {2}")
    @CsvSource(nullValues = "-", value = {
        "openai-chat-logprobs.json,     -,      openai.tiktoken-reconstructed",
        "openai-chat-logprobs.json,     openai, openai.tiktoken-reconstructed",
        "openai-chat-stream.sse,        -,      openai.tiktoken-reconstructed",
        "openai-chat-logprobs.json,     vllm,   -",
        "vllm-chat-return-token-ids.json, -,    vllm.token-ids",
        "fireworks-chat-logprobs.json,  -,      fireworks.token-ids",
    })
    void reconstructedIdsAreChosenOnlyWhereNoEngineIdsExist(String fixture, String hint, String expected) {
        assertThat(select(shapeOf(fixture, hint), true).map(TokenIdExtractor::id)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "before the first response: hint {0}, streaming {1}, {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "vllm,      false, -,                                      vllm.token-ids",
        "vllm,      true,  -,                                      vllm.token-ids",
        "fireworks, false, -,                                      fireworks.raw-output",
        "fireworks, true,  -,                                      fireworks.token-ids",
        "-,         false, https://api.fireworks.ai/inference/v1,  fireworks.raw-output",
        "openai,    false, -,                                      -",
        "sglang,    false, -,                                      -",
        "-,         false, -,                                      -",
        "-,         false, http://127.0.0.1:8000/v1,               -",
    })
    void probingBeforeTheFirstResponseChoosesWhoAddsRequestFlags(String hint, boolean streaming, String baseUri,
            String expected) {
        ProviderShape shape = ProviderShape.builder().providerHint(hint).streaming(streaming).model("m")
                .baseUri(baseUri == null ? null : URI.create(baseUri)).build();
        assertThat(select(shape, false).map(TokenIdExtractor::id)).isEqualTo(Optional.ofNullable(expected));
    }

    private static Optional<TokenIdExtractor> select(ProviderShape shape, boolean allowReconstructed) {
        // probe() throws AmbiguousTokenIdExtractorException on a tie, failing the test with the tied ids
        return REGISTRY.probe(shape, ExtractorSelectionPolicy.probe().withAllowReconstructed(allowReconstructed));
    }

    private static ProviderShape shapeOf(String fixture, String hint) {
        String text = Fixtures.read(SHARED.resolve(fixture));
        boolean streaming = fixture.endsWith(".sse");
        JsonObject first = streaming ? Fixtures.sse(text).get(0) : Fixtures.json(text);
        String object = first.containsKey("object") ? first.getString("object") : "";
        return ProviderShape.builder()
                .providerHint(hint)
                .model(first.containsKey("model") ? first.getString("model") : "")
                .apiKind(object.startsWith("text_completion") ? ApiKind.COMPLETIONS : ApiKind.CHAT_COMPLETIONS)
                .streaming(streaming)
                .build()
                .withFirstResponse(first);
    }
}
