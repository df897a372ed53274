package io.evalprotocol.provider.openai.internal;

import static io.evalprotocol.provider.openai.internal.TestFixtures.body;
import static io.evalprotocol.provider.openai.internal.TestFixtures.stream;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

class LegacyTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new LegacyTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(OpenAiFixtures.togetherChat(), OpenAiFixtures.togetherStream(),
                OpenAiFixtures.fireworksCompletionsLegacy(), OpenAiFixtures.legacyTwoChoices());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return List.of(body("openai-chat-logprobs.json", "openai"), body("openai-completions-legacy-logprobs.json", null),
                stream("openai-chat-stream.sse", null), body("vllm-completions-token-ids.json", null),
                body("fireworks-chat-logprobs.json", null), body("sglang-chat.json", null),
                stream("sglang-completions-stream.sse", null));
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(), ProviderShape.builder().providerHint("together").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("logprobs", Json.createValue(1));
    }
}
