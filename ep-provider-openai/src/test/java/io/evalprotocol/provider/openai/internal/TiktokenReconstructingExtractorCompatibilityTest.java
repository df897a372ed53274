package io.evalprotocol.provider.openai.internal;

import static io.evalprotocol.provider.openai.internal.TestFixtures.body;
import static io.evalprotocol.provider.openai.internal.TestFixtures.stream;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.List;
import java.util.Map;

class TiktokenReconstructingExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new TiktokenReconstructingExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(OpenAiFixtures.openAiChatLogprobs(), OpenAiFixtures.openAiChatStream(),
                OpenAiFixtures.openAiNoLogprobs(), OpenAiFixtures.openAiToolCall(),
                OpenAiFixtures.openAiTwoChoicesWithRefusal(), OpenAiFixtures.openAiGpt4());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return List.of(body("openai-chat-logprobs.json", "vllm"), body("openai-completions-legacy-logprobs.json", null),
                body("openai-responses-logprobs.json", "openai"), body("vllm-chat-return-token-ids.json", null),
                body("vllm-chat-tokens-as-ids.json", null), stream("vllm-chat-stream.sse", null),
                body("fireworks-chat-logprobs.json", null), body("sglang-chat.json", null),
                body("together-chat-logprobs.json", null), stream("together-chat-stream.sse", null));
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("openai").model("gpt-4o-mini").build(),
                ProviderShape.builder().baseUri(URI.create("https://api.openai.com/v1")).model("gpt-4.1").build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().model("gpt-4o").build(),
                ProviderShape.builder().providerHint("openai").model("gpt-oss-120b").build(),
                ProviderShape.builder().providerHint("vllm").model("gpt-4o").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("logprobs", JsonValue.TRUE);
    }
}
