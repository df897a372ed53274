package io.evalprotocol.provider.openai.internal;

import static io.evalprotocol.provider.openai.internal.TestFixtures.body;
import static io.evalprotocol.provider.openai.internal.TestFixtures.stream;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

class ContentTokenIdExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new ContentTokenIdExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(OpenAiFixtures.fireworksChatContent(), OpenAiFixtures.fireworksCompletionsContent(),
                OpenAiFixtures.contentTwoChoices());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return List.of(body("openai-chat-logprobs.json", "openai"), body("openai-chat-no-logprobs.json", null),
                stream("openai-chat-stream.sse", null), body("together-chat-logprobs.json", null),
                body("vllm-chat-return-token-ids.json", null), body("vllm-chat-tokens-as-ids.json", null),
                body("sglang-chat.json", null), stream("vllm-chat-stream.sse", "vllm"));
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(), ProviderShape.builder().providerHint("fireworks").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("logprobs", JsonValue.TRUE);
    }
}
