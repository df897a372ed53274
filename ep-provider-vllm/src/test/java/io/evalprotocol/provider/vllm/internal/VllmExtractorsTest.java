package io.evalprotocol.provider.vllm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class VllmExtractorsTest {
    private final VllmTokenIdsExtractor tokenIds = new VllmTokenIdsExtractor();
    private final VllmLogprobTokenIdsExtractor placeholders = new VllmLogprobTokenIdsExtractor();
    private final ExtractionContext ctx = ExtractionContext.of(ProviderShape.builder().providerHint("vllm").build());

    private static JsonObject chat(String choiceJson) {
        return Fixtures.json("{\"object\":\"chat.completion\",\"kv_transfer_params\":null,\"choices\":[" + choiceJson + "]}");
    }

    @Test
    void yieldsDocumentedIdsFromVllmChatReturnTokenIds() {
        ExtractedTokens t = tokenIds.extract(TestFixtures.sharedJson("vllm-chat-return-token-ids.json"), 0, ctx);
        assertThat(t.completionTokenIds()).contains(TokenIds.of(9707, 0, 2585, 646, 358, 7789));
        assertThat(t.promptTokenIds()).contains(TokenIds.of(VllmFixtures.CHAT_PROMPT));
        assertThat(t.promptSourceField()).contains("prompt_token_ids");
        assertThat(t.logprobs().orElseThrow().size()).isEqualTo(6);
        assertThat(t.eos()).isEqualTo(EosStatus.ABSENT);
    }

    @Test
    void yieldsDocumentedIdsFromVllmChatTokensAsIds() {
        ExtractedTokens t = placeholders.extract(TestFixtures.sharedJson("vllm-chat-tokens-as-ids.json"), 0, ctx);
        assertThat(t.completionTokenIds()).contains(TokenIds.of(9707, 0, 151645));
        // the content bytes are the decoded text; the top_logprobs bytes are the placeholder's: neither is used
        assertThat(t.logprobs().orElseThrow().toArray()).containsExactly(-0.0071, -0.1925, -0.0002);
    }

    @Test
    void yieldsPerChoicePromptIdsFromVllmCompletionsTokenIds() {
        JsonObject body = TestFixtures.sharedJson("vllm-completions-token-ids.json");
        ExtractedTokens second = tokenIds.extract(body, 1, ctx);
        assertThat(second.completionTokenIds()).contains(TokenIds.of(3757, 13, 358));
        assertThat(second.promptTokenIds()).contains(TokenIds.of(VllmFixtures.COMPLETIONS_PROMPT));
        assertThat(second.promptSourceField()).contains("choices[].prompt_token_ids");
    }

    @Test
    void streamOfVllmChatStreamEqualsItsTwin() {
        TokenIdAccumulator acc = tokenIds.newAccumulator(0, ctx);
        TestFixtures.sharedSse("vllm-chat-stream.sse").forEach(acc::accept);
        assertThat(acc.finish())
                .isEqualTo(tokenIds.extract(Fixtures.json(TestFixtures.local("vllm/vllm-chat-stream.twin.json")), 0, ctx));
    }

    @Test
    void rejectsMisalignedLogprobs() {
        JsonObject body = chat("{\"index\":0,\"token_ids\":[1,2,3],\"logprobs\":{\"content\":["
                + "{\"token\":\"a\",\"logprob\":-1.0},{\"token\":\"b\",\"logprob\":-2.0}]}}");
        assertThatThrownBy(() -> tokenIds.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("vllm.token-ids")
                .hasMessageContaining("choice 0")
                .hasMessageContaining("choices[].token_ids has 3")
                .hasMessageContaining("choices[].logprobs.content[].logprob has 2");
    }

    @Test
    void rejectsStreamWhoseLogprobsSkipAChunk() {
        TokenIdAccumulator acc = tokenIds.newAccumulator(0, ctx);
        acc.accept(Fixtures.json("{\"choices\":[{\"index\":0,\"delta\":{},\"token_ids\":[1],"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":-1.0}]}}]}"));
        acc.accept(Fixtures.json("{\"choices\":[{\"index\":0,\"delta\":{},\"token_ids\":[2],\"logprobs\":null}]}"));
        assertThatThrownBy(acc::finish)
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("has 2 entries but choices[].logprobs.content[].logprob has 1");
    }

    @Test
    void keepsIdsOfEmptyDeltaChunks() {
        TokenIdAccumulator acc = tokenIds.newAccumulator(0, ctx);
        acc.accept(Fixtures.json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"<tool\"},\"token_ids\":[7]}]}"));
        acc.accept(Fixtures.json("{\"choices\":[{\"index\":0,\"delta\":{},\"token_ids\":[8,9]}]}"));
        acc.accept(Fixtures.json("{\"choices\":[],\"usage\":{\"completion_tokens\":3}}"));
        assertThat(acc.finish().completionTokenIds()).contains(TokenIds.of(7, 8, 9));
    }

    @Test
    void rejectsAStreamWhosePromptIdsChange() {
        TokenIdAccumulator acc = tokenIds.newAccumulator(0, ctx);
        acc.accept(Fixtures.json("{\"prompt_token_ids\":[1,2],\"choices\":[{\"index\":0,\"delta\":{}}]}"));
        assertThatThrownBy(() -> acc.accept(Fixtures.json("{\"prompt_token_ids\":[1,3],\"choices\":[]}")))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("different prompt_token_ids");
    }

    @Test
    void eosFollowsFinishAndStopReason() {
        assertThat(eosOf("\"finish_reason\":\"stop\",\"stop_reason\":null")).isEqualTo(EosStatus.PRESENT);
        assertThat(eosOf("\"finish_reason\":\"stop\",\"stop_reason\":151643")).isEqualTo(EosStatus.PRESENT);
        assertThat(eosOf("\"finish_reason\":\"tool_calls\",\"stop_reason\":null")).isEqualTo(EosStatus.PRESENT);
        assertThat(eosOf("\"finish_reason\":\"stop\",\"stop_reason\":\"###\"")).isEqualTo(EosStatus.ABSENT);
        assertThat(eosOf("\"finish_reason\":\"length\",\"stop_reason\":null")).isEqualTo(EosStatus.ABSENT);
        assertThat(eosOf("\"finish_reason\":\"abort\",\"stop_reason\":null")).isEqualTo(EosStatus.UNKNOWN);
        assertThat(eosOf("\"finish_reason\":null")).isEqualTo(EosStatus.UNKNOWN);
    }

    private EosStatus eosOf(String fields) {
        return tokenIds.extract(chat("{\"index\":0,\"token_ids\":[5]," + fields + "}"), 0, ctx).eos();
    }

    @Test
    void claimsResponsesOnlyWithTheHintOrAVllmMarker() {
        JsonObject vllm = TestFixtures.sharedJson("vllm-chat-return-token-ids.json");
        JsonObject sglang = TestFixtures.sharedJson("sglang-chat.json");
        assertThat(tokenIds.supports(shape(null, vllm))).isTrue();
        assertThat(tokenIds.supports(shape("vllm", vllm))).isTrue();
        assertThat(tokenIds.supports(shape("fireworks", vllm))).as("an explicit foreign hint wins").isFalse();
        assertThat(tokenIds.supports(shape(null, sglang))).as("plain choices[].token_ids without a marker").isFalse();
        assertThat(tokenIds.supports(shape("vllm", sglang))).as("the user says it is vLLM").isTrue();
    }

    @Test
    void placeholderExtractorDeclinesTextTokensEvenWithTheHint() {
        assertThat(placeholders.supports(shape("vllm", TestFixtures.sharedJson("vllm-chat-return-token-ids.json"))))
                .isFalse();
        assertThat(placeholders.supports(shape(null, TestFixtures.sharedJson("vllm-chat-tokens-as-ids.json"))))
                .isTrue();
        List<JsonObject> stream = TestFixtures.sharedSse("vllm-chat-stream.sse");
        assertThat(placeholders.supports(shape("vllm", stream.get(0))))
                .as("a role-only first chunk shows no tokens yet")
                .isTrue();
    }

    @Test
    void failsOnATextTokenNamingItsIndex() {
        JsonObject body = chat("{\"index\":0,\"logprobs\":{\"content\":[{\"token\":\"token_id:5\",\"logprob\":-1.0},"
                + "{\"token\":\"Hello\",\"logprob\":-2.0}]}}");
        assertThatThrownBy(() -> placeholders.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("entry 1 is not a \"token_id:N\" placeholder")
                .hasMessageContaining("return_tokens_as_token_ids");
    }

    @Test
    void parsesOnlyWellFormedPlaceholders() {
        assertThat(VllmShapes.parsePlaceholder("token_id:0")).isZero();
        assertThat(VllmShapes.parsePlaceholder("token_id:151645")).isEqualTo(151645);
        assertThat(VllmShapes.parsePlaceholder("token_id:2147483647")).isEqualTo(Integer.MAX_VALUE);
        for (String bad : new String[] {"token_id:", "token_id:-1", "token_id:2147483648", "token_id:12a",
            "token_id: 1", "token_id:99999999999", "Token_id:1", "1"}) {
            assertThat(VllmShapes.parsePlaceholder(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void errorNamesTheLimit() {
        ExtractionContext small = ExtractionContext.of(ProviderShape.builder().build(), ctx.jsonProvider(), 5);
        assertThatThrownBy(() -> tokenIds.extract(TestFixtures.sharedJson("vllm-chat-return-token-ids.json"), 0, small))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("more than the limit of 5");
    }

    @Test
    void rejectsNegativeAndFractionalIds() {
        assertThatThrownBy(() -> tokenIds.extract(chat("{\"index\":0,\"token_ids\":[1,-1]}"), 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("`choices[].token_ids` entry 1 is -1, not a valid token id");
        assertThatThrownBy(() -> tokenIds.extract(chat("{\"index\":0,\"token_ids\":[1.5]}"), 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("expected an integer token id");
    }

    @Test
    void aChoiceWithoutIdsYieldsNoIds() {
        ExtractedTokens t = tokenIds.extract(chat("{\"index\":0,\"token_ids\":null,\"finish_reason\":\"stop\"}"), 0, ctx);
        assertThat(t.completionTokenIds()).isEmpty();
    }

    private static ProviderShape shape(String hint, JsonObject response) {
        return ProviderShape.builder().providerHint(hint).build().withFirstResponse(response);
    }
}
