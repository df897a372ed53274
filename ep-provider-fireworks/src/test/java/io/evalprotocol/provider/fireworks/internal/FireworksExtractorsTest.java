package io.evalprotocol.provider.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class FireworksExtractorsTest {
    private final FireworksTokenIdsExtractor tokenIds = new FireworksTokenIdsExtractor();
    private final FireworksRawOutputExtractor rawOutput = new FireworksRawOutputExtractor();
    private final ExtractionContext ctx = ExtractionContext.of(ProviderShape.builder().providerHint("fireworks").build());

    private static JsonObject chat(String choiceJson) {
        return Fixtures.json("{\"object\":\"chat.completion\",\"model\":\"accounts/fireworks/models/x\",\"choices\":["
                + choiceJson + "]}");
    }

    private static String entry(String token, int id, double logprob, double sampling) {
        return "{\"token\":\"" + token + "\",\"logprob\":" + logprob + ",\"sampling_logprob\":" + sampling
                + ",\"token_id\":" + id + ",\"bytes\":[65]}";
    }

    @Test
    void realCaptureYieldsItsContentTokenIdsAndAlignedSamplingLogprobs() {
        JsonObject response = TestFixtures.realFireworksResponse();
        JsonArray content = response.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs")
                .getJsonArray("content");
        ExtractedTokens t = tokenIds.extract(response, 0, ctx);

        TokenIds ids = t.completionTokenIds().orElseThrow();
        assertThat(ids.size()).isEqualTo(134);
        assertThat(ids.last()).as("<|im_end|>").isEqualTo(151645);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("id %s", i).isEqualTo(content.getJsonObject(i).getInt("token_id"));
        }
        assertThat(t.logprobs().orElseThrow().size()).isEqualTo(134);
        assertThat(t.logprobsField()).contains("choices[].logprobs.content[].sampling_logprob");
        assertThat(t.logprobs().get().get(6)).as("sampling_logprob, not the rounded logprob -0.63332814")
                .isEqualTo(-0.5067901611328125);
        assertThat(t.eos()).isEqualTo(EosStatus.PRESENT);
        // the first half of the split emoji (empty token, bytes 32,240,159,152) is an id like any other
        assertThat(ids.get(124)).isEqualTo(26525);
        assertThat(ids.get(125)).isEqualTo(232);
    }

    @Test
    void realCaptureIsClaimedWithoutAHint() {
        ProviderShape unhinted = ProviderShape.builder().build().withFirstResponse(TestFixtures.realFireworksResponse());
        assertThat(tokenIds.supports(unhinted)).isTrue();
        assertThat(rawOutput.supports(unhinted)).as("no raw_output in it").isFalse();
    }

    @Test
    void rawOutputCoversReasoningThatTheParsedLogprobsMiss() {
        JsonObject body = TestFixtures.sharedJson("fireworks-chat-raw-output.json");
        assertThat(rawOutput.extract(body, 0, ctx).completionTokenIds().orElseThrow().size()).isEqualTo(9);
        assertThat(tokenIds.extract(body, 0, ctx).completionTokenIds().orElseThrow().size()).isEqualTo(2);
    }

    @Test
    void rejectsAContentTokenIdThatDisagreesWithTokenIds() {
        JsonObject body = chat("{\"index\":0,\"token_ids\":[1,2],\"logprobs\":{\"content\":["
                + entry("a", 1, -1, -1) + "," + entry("b", 3, -1, -1) + "]}}");
        assertThatThrownBy(() -> tokenIds.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("entry 1 has token_id 3 but `choices[].token_ids` has 2 there");
    }

    @Test
    void rejectsMisalignedLogprobsOfOneChannel() {
        JsonObject body = chat("{\"index\":0,\"message\":{\"content\":\"ab\"},\"token_ids\":[1,2,3],"
                + "\"logprobs\":{\"content\":[" + entry("a", 1, -1, -1) + "," + entry("b", 2, -1, -1) + "]}}");
        assertThatThrownBy(() -> tokenIds.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("[fireworks.token-ids, choice 0]")
                .hasMessageContaining("choices[].token_ids has 3 entries but "
                        + "choices[].logprobs.content[].sampling_logprob has 2");
    }

    @Test
    void doesNotPairVisibleOnlyLogprobsWithIdsOfASplitReasoningMessage() {
        JsonObject body = chat("{\"index\":0,\"message\":{\"content\":\"ab\",\"reasoning_content\":\"hm\"},"
                + "\"token_ids\":[7,1,2],\"logprobs\":{\"content\":[" + entry("a", 1, -1, -1) + ","
                + entry("b", 2, -1, -1) + "]}}");
        ExtractedTokens t = tokenIds.extract(body, 0, ctx);
        assertThat(t.completionTokenIds()).contains(TokenIds.of(7, 1, 2));
        assertThat(t.logprobs()).as("another channel: not compared, not paired").isEmpty();
    }

    @Test
    void usesLogprobWhenAnEntryLacksSamplingLogprob() {
        JsonObject body = chat("{\"index\":0,\"token_ids\":[1,2],\"logprobs\":{\"content\":["
                + entry("a", 1, -0.5, -0.1) + ",{\"token\":\"b\",\"logprob\":-0.25,\"token_id\":2}]}}");
        ExtractedTokens t = tokenIds.extract(body, 0, ctx);
        assertThat(t.logprobs().orElseThrow().toArray()).containsExactly(-0.5, -0.25);
        assertThat(t.logprobsField()).contains("choices[].logprobs.content[].logprob");
    }

    @Test
    void rejectsPromptIdsThatDisagree() {
        JsonObject body = Fixtures.json("{\"prompt_token_ids\":[1,2],\"choices\":[{\"index\":0,\"token_ids\":[5],"
                + "\"raw_output\":{\"prompt_token_ids\":[1,3],\"completion_token_ids\":[5]}}]}");
        assertThatThrownBy(() -> rawOutput.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("`prompt_token_ids` (2 ids) and `choices[].raw_output.prompt_token_ids` (2 ids) disagree");
    }

    @Test
    void aMissingIdSentinelDropsAllIdsButNotPromptIds() {
        JsonObject body = Fixtures.json("{\"prompt_token_ids\":[1,2],\"choices\":[{\"index\":0,\"logprobs\":"
                + "{\"content\":[{\"logprob\":-1,\"token_id\":5},{\"logprob\":-1,\"token_id\":-1}]}}]}");
        ExtractedTokens t = tokenIds.extract(body, 0, ctx);
        assertThat(t.completionTokenIds()).isEmpty();
        assertThat(t.promptTokenIds()).contains(TokenIds.of(1, 2));
    }

    @Test
    void otherNegativeIdsAreErrors() {
        JsonObject body = chat("{\"index\":0,\"logprobs\":{\"content\":[{\"logprob\":-1,\"token_id\":-2}]}}");
        assertThatThrownBy(() -> tokenIds.extract(body, 0, ctx))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessageContaining("is -2, not a valid token id");
        JsonObject dedicated = chat("{\"index\":0,\"token_ids\":[-1]}");
        assertThatThrownBy(() -> tokenIds.extract(dedicated, 0, ctx))
                .as("-1 means \"unknown\" only inside logprobs")
                .isInstanceOf(TokenIdExtractionException.class);
    }

    @Test
    void eosIsPresentOnlyWhenTheLastEntryIsASpecialToken() {
        String eos = "{\"token\":\"\",\"logprob\":-0.1,\"token_id\":151645,\"bytes\":[60,124,105,109,95,101,110,100,124,62]}";
        String halfEmoji = "{\"token\":\"\",\"logprob\":-0.1,\"token_id\":26525,\"bytes\":[32,240,159,152]}";
        assertThat(eosOf("stop", eos)).isEqualTo(EosStatus.PRESENT);
        assertThat(eosOf("stop", halfEmoji)).isEqualTo(EosStatus.UNKNOWN);
        assertThat(eosOf("stop", entry("a", 1, -1, -1))).isEqualTo(EosStatus.UNKNOWN);
        assertThat(eosOf("length", eos)).isEqualTo(EosStatus.ABSENT);
    }

    private EosStatus eosOf(String finish, String lastEntry) {
        return tokenIds.extract(chat("{\"index\":0,\"finish_reason\":\"" + finish + "\",\"logprobs\":{\"content\":["
                + lastEntry + "]}}"), 0, ctx).eos();
    }

    @Test
    void claimsOnlyWithTheHintTheHostOrAFireworksMarker() {
        JsonObject vllm = TestFixtures.sharedJson("vllm-chat-return-token-ids.json");
        assertThat(tokenIds.supports(ProviderShape.builder().build().withFirstResponse(vllm))).isFalse();
        assertThat(tokenIds.supports(ProviderShape.builder().providerHint("fireworks").build().withFirstResponse(vllm)))
                .as("the user says it is Fireworks").isTrue();
        JsonObject firstChunk = TestFixtures.sharedSse("fireworks-chat-stream.sse").get(0);
        assertThat(tokenIds.supports(ProviderShape.builder().streaming(true).build().withFirstResponse(firstChunk)))
                .as("accounts/... model id and prompt_token_ids").isTrue();
        assertThat(rawOutput.supports(ProviderShape.builder().providerHint("fireworks").streaming(true).build()))
                .isFalse();
    }
}
