package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExpectedTokens;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class FireworksRawOutputExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    @Override
    protected TokenIdExtractor extractor() {
        return new FireworksRawOutputExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(FireworksFixtures.chatRawOutput(), FireworksFixtures.chatRawOutputTwoChoices(),
                // without raw_output the probe declines, but an explicitly chosen raw-output still reads ids
                ExtractorFixture.builder("fireworks-chat-logprobs without raw_output")
                        .providerHint("fireworks")
                        .body(TestFixtures.shared("fireworks-chat-logprobs.json"))
                        .claimed(false)
                        .expect(0, ExpectedTokens.ids(9707, 0, 26525, 232, 151645)
                                .sourceField("choices[].token_ids")
                                .eos(EosStatus.PRESENT))
                        .build());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        List<ExtractorFixture> out = new ArrayList<>(TestFixtures.otherProviders());
        out.add(ExtractorFixture.builder("fireworks-chat-stream (raw_output is not read in streams)")
                .providerHint("fireworks").stream(TestFixtures.shared("fireworks-chat-stream.sse")).build());
        out.add(ExtractorFixture.builder("fireworks-chat-raw-output hinted as vllm").providerHint("vllm")
                .body(TestFixtures.shared("fireworks-chat-raw-output.json")).build());
        return out;
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("fireworks").build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("fireworks").streaming(true).build(),
                ProviderShape.builder().build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("raw_output", JsonValue.TRUE, "return_token_ids", JsonValue.TRUE, "logprobs", JsonValue.TRUE);
    }
}
