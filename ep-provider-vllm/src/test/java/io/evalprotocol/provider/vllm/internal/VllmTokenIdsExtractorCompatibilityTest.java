package io.evalprotocol.provider.vllm.internal;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class VllmTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new VllmTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(VllmFixtures.chatReturnTokenIds(), VllmFixtures.chatReturnTokenIdsWithoutHint(),
                VllmFixtures.chatStream(), VllmFixtures.completionsTokenIds());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        List<ExtractorFixture> out = new ArrayList<>(TestFixtures.otherProviders());
        out.add(VllmFixtures.chatTokensAsIds()); // token_ids: null, prompt_token_ids: null
        out.add(ExtractorFixture.builder("vllm body hinted as fireworks").providerHint("fireworks")
                .body(TestFixtures.shared("vllm-chat-return-token-ids.json")).build());
        return out;
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("vllm").build(),
                ProviderShape.builder().providerHint("VLLM").streaming(true).build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(), ProviderShape.builder().providerHint("fireworks").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("return_token_ids", JsonValue.TRUE);
    }
}
