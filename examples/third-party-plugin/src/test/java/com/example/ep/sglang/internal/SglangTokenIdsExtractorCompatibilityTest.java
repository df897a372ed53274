package com.example.ep.sglang.internal;

import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import io.evalprotocol.testkit.ExpectedTokens;
import io.evalprotocol.testkit.ExtractorFixture;
import io.evalprotocol.testkit.TokenIdExtractorCompatibilityKit;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs ep-testkit's compatibility kit (TCK) against the SGLang extractor. */
class SglangTokenIdsExtractorCompatibilityTest extends TokenIdExtractorCompatibilityKit {
    static final int[] CHAT_PROMPT = {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872,
        198, 13048, 151645, 198, 151644, 77091, 198};

    @Override
    protected TokenIdExtractor extractor() {
        return new SglangTokenIdsExtractor();
    }

    @Override
    protected List<ExtractorFixture> fixtures() {
        return List.of(
                ExtractorFixture.builder("sglang-chat")
                        .body(fixture("sglang-chat.json"))
                        .expect(0, ExpectedTokens.ids(9707, 0, 151645)
                                .prompt(CHAT_PROMPT)
                                .logprobs(-0.0071, -0.1925, -0.0002)
                                .eos(EosStatus.PRESENT))
                        .build(),
                ExtractorFixture.builder("sglang-chat-n2")
                        .providerHint("sglang")
                        .body(fixture("sglang-chat-n2.json"))
                        .expect(0, ExpectedTokens.ids(9707, 0, 151645).prompt(CHAT_PROMPT))
                        .expect(1, ExpectedTokens.ids(13048, 0).prompt(CHAT_PROMPT).logprobs(-0.4, -0.2)
                                .eos(EosStatus.ABSENT))
                        .build(),
                ExtractorFixture.builder("sglang-completions")
                        .body(fixture("sglang-completions.json"))
                        .stream(fixture("sglang-completions-stream.sse"))
                        .expect(0, ExpectedTokens.ids(20445, 323, 358)
                                .prompt(9707, 11, 847, 829, 374)
                                .noLogprobs()
                                .eos(EosStatus.ABSENT))
                        .build());
    }

    @Override
    protected List<ExtractorFixture> foreignShapes() {
        return List.of(
                ExtractorFixture.builder("vllm").body(fixture("vllm-chat-return-token-ids.json")).build(),
                ExtractorFixture.builder("fireworks").body(fixture("fireworks-chat-logprobs.json")).build(),
                ExtractorFixture.builder("openai").providerHint("openai").body(fixture("openai-chat-logprobs.json")).build(),
                ExtractorFixture.builder("sglang body hinted as vllm").providerHint("vllm")
                        .body(fixture("sglang-chat.json")).build());
    }

    @Override
    protected List<ProviderShape> claimedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().providerHint("sglang").build(),
                ProviderShape.builder().providerHint("sglang").apiKind(ApiKind.COMPLETIONS).streaming(true).build());
    }

    @Override
    protected List<ProviderShape> declinedBeforeFirstResponse() {
        return List.of(ProviderShape.builder().build(),
                // SGLang rejects return_token_ids for streamed chat: do not ask for it
                ProviderShape.builder().providerHint("sglang").streaming(true).build());
    }

    @Override
    protected Map<String, JsonValue> expectedContribution(ProviderShape shape) {
        return Map.of("return_token_ids", JsonValue.TRUE);
    }

    static String fixture(String name) {
        try (InputStream in = SglangTokenIdsExtractorCompatibilityTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fixtures/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
