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

class ChoiceTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new ChoiceTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(OpenAiFixtures.sglangChat(), OpenAiFixtures.sglangCompletionsStream(),
                OpenAiFixtures.vllmCompletionsGeneric(), OpenAiFixtures.vllmChatStreamGeneric());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return List.of(body("openai-chat-logprobs.json", "openai"), body("openai-chat-no-logprobs.json", null),
                body("openai-chat-toolcall.json", null), stream("openai-chat-stream.sse", null),
                body("openai-responses-logprobs.json", null), body("openai-completions-legacy-logprobs.json", null),
                body("together-chat-logprobs.json", null), stream("together-chat-stream.sse", null),
                body("vllm-chat-tokens-as-ids.json", "vllm"), body("fireworks-chat-raw-output.json", null));
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(), ProviderShape.builder().providerHint("sglang").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("return_token_ids", JsonValue.TRUE);
    }
}
