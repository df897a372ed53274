package io.evalprotocol.provider.vllm.internal;

import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class VllmLogprobTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new VllmLogprobTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(VllmFixtures.chatTokensAsIds(), VllmFixtures.chatTokensAsIdsWithoutHint(),
                VllmFixtures.completionsTokensAsIdsEcho());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        List<ExtractorFixture> out = new ArrayList<>(TestFixtures.otherProviders());
        // vLLM responses whose logprob tokens are text: return_tokens_as_token_ids was not applied
        // (bodies only: with the vllm hint, a stream's role-only first chunk is claimed, see supports())
        out.add(ExtractorFixture.builder("vllm-chat-return-token-ids").providerHint("vllm")
                .body(TestFixtures.shared("vllm-chat-return-token-ids.json")).build());
        out.add(ExtractorFixture.builder("vllm-completions-token-ids").providerHint("vllm")
                .body(TestFixtures.shared("vllm-completions-token-ids.json")).build());
        return out;
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("vllm").build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(), ProviderShape.builder().providerHint("sglang").build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("return_tokens_as_token_ids", JsonValue.TRUE,
                "logprobs", shape.apiKind() == ApiKind.COMPLETIONS ? Json.createValue(0) : JsonValue.TRUE);
    }
}
