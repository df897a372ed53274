package io.evalprotocol.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class OpenAiExtractorsTest {
    private final TiktokenReconstructingExtractor tiktoken = new TiktokenReconstructingExtractor();
    private final ContentTokenIdExtractor content = new ContentTokenIdExtractor();
    private final ExtractionContext ctx = ExtractionContext.of(ProviderShape.builder().providerHint("openai").build());

    private static JsonObject gpt4o(String entries) {
        return Fixtures.json("{\"object\":\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"logprobs\":{\"content\":[" + entries + "]},\"finish_reason\":\"stop\"}]}");
    }

    @Test
    void reconstructsIdsOfOpenAiChatLogprobsFromBytesNotText() {
        ExtractedTokens t = tiktoken.extract(TestFixtures.sharedJson("openai-chat-logprobs.json"), 0, ctx);
        // the third and fourth tokens are the two halves of 💙; their `token` strings are "\xf0\x9f\x92"-style
        // escapes, which no text tokenization could turn back into these ids
        assertThat(t.completionTokenIds()).contains(TokenIds.of(13225, 1703, 31446, 247));
    }

    @Test
    void failsNamingAnEntryWithNullBytes() {
        JsonObject body = gpt4o("{\"token\":\"Hi\",\"logprob\":-1,\"bytes\":[72,105]},"
                + "{\"token\":\"<|end|>\",\"logprob\":-1,\"bytes\":null}");
        assertThatThrownBy(() -> tiktoken.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("[openai.tiktoken-reconstructed, choice 0]")
                .hasMessageContaining("entry 1 has bytes: null");
    }

    @Test
    void failsNamingAnEntryWhoseBytesAreNotOneToken() {
        JsonObject body = gpt4o("{\"token\":\"Hello world\",\"logprob\":-1,"
                + "\"bytes\":[72,101,108,108,111,32,119,111,114,108,100]}");
        assertThatThrownBy(() -> tiktoken.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("entry 0: its bytes are not one token of o200k_base");
    }

    @Test
    void failsForAModelWithoutAKnownVocabulary() {
        JsonObject body = Fixtures.json("{\"model\":\"gpt-oss-20b\",\"choices\":[{\"index\":0,\"logprobs\":"
                + "{\"content\":[{\"token\":\"a\",\"logprob\":-1,\"bytes\":[97]}]}}]}");
        assertThatThrownBy(() -> tiktoken.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("model 'gpt-oss-20b' has no tiktoken vocabulary");
    }

    @Test
    void neverClaimsResponsesThatCarryRealIds() {
        ProviderShape openai = ProviderShape.builder().providerHint("openai").build();
        JsonObject withIds = Fixtures.json("{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"token_ids\":[1],"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-1,\"bytes\":[97]}]}}]}");
        assertThat(tiktoken.supports(openai.withFirstResponse(withIds))).isFalse();
        assertThat(tiktoken.supports(openai.withFirstResponse(TestFixtures.sharedJson("openai-chat-logprobs.json"))))
                .isTrue();
    }

    /**
     * eval-protocol's own row (PR #448 proposal) stores token_ids filled from logprobs.content[].token_id; this
     * extractor, given that logprobs object as the choice's, yields exactly the row's token_ids.
     */
    @Test
    void yieldsTheTokenIdsOfTheEvalProtocolRowFixtures() {
        for (String row : new String[] {
            TestFixtures.shared("eval-protocol-row-token-ids.json"),
            TestFixtures.shared("eval-protocol-row-token-ids.compact.jsonl").lines().findFirst().orElseThrow()}) {
            JsonObject assistant = Fixtures.json(row).getJsonArray("messages").getJsonObject(1);
            JsonObject response = Json.createObjectBuilder()
                    .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("index", 0).add("logprobs", assistant.getJsonObject("logprobs"))))
                    .build();
            ExtractedTokens t = content.extract(response, 0, ctx);
            int[] expected = assistant.getJsonArray("token_ids").getValuesAs(jakarta.json.JsonNumber.class).stream()
                    .mapToInt(jakarta.json.JsonNumber::intValue).toArray();
            assertThat(t.completionTokenIds()).contains(TokenIds.of(expected));
            assertThat(t.completionTokenIds().get().toArray()).containsExactly(9707, 0, 151645);
        }
    }

    @Test
    void togetherStreamYieldsTheIdsOfTogetherBody() {
        LegacyTokenIdsExtractor legacy = new LegacyTokenIdsExtractor();
        io.evalprotocol.spi.TokenIdAccumulator acc = legacy.newAccumulator(0, ctx);
        TestFixtures.sharedSse("together-chat-stream.sse").forEach(acc::accept);
        ExtractedTokens body = legacy.extract(TestFixtures.sharedJson("together-chat-logprobs.json"), 0, ctx);
        assertThat(acc.finish().completionTokenIds()).isEqualTo(body.completionTokenIds())
                .contains(TokenIds.of(791, 20023, 836, 128009));
    }

    @Test
    void choiceTokenIdsIsTheOnlyGenericClaimForPlainTokenIds() {
        ProviderShape unhinted = ProviderShape.builder().build()
                .withFirstResponse(TestFixtures.sharedJson("sglang-chat.json"));
        assertThat(new ChoiceTokenIdsExtractor().supports(unhinted)).isTrue();
        assertThat(content.supports(unhinted)).isFalse();
        assertThat(new LegacyTokenIdsExtractor().supports(unhinted)).isFalse();
    }
}
