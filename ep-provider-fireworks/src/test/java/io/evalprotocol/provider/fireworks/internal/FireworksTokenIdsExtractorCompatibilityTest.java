package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.List;
import java.util.Map;

class FireworksTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new FireworksTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(FireworksFixtures.chatLogprobs(), FireworksFixtures.chatStream(),
                FireworksFixtures.chatRawOutputVisibleOnly(), FireworksFixtures.completionsTokenIds(),
                FireworksFixtures.completionsLogprobsContent(), FireworksFixtures.completionsTwoChoices(),
                FireworksFixtures.completionsLegacyOnly(), FireworksFixtures.traceMinimal(),
                FireworksFixtures.traceMissingId(), FireworksFixtures.realCapture());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return TestFixtures.otherProviders();
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("fireworks").build(),
                ProviderShape.builder().providerHint("fireworks_ai").streaming(true).build(),
                ProviderShape.builder().baseUri(URI.create("https://api.fireworks.ai/inference/v1")).build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(),
                ProviderShape.builder().providerHint("vllm")
                        .baseUri(URI.create("https://api.fireworks.ai/inference/v1")).build(),
                ProviderShape.builder().baseUri(URI.create("https://notfireworks.ai.example.com/v1")).build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("return_token_ids", JsonValue.TRUE, "logprobs", JsonValue.TRUE);
    }
}
