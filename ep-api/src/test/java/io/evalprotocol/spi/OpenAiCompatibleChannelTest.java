package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleChannelTest {
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String EOS_ENTRY =
            "{\"token\":\"\",\"logprob\":-0.1,\"sampling_logprob\":-0.2,\"token_id\":9,\"bytes\":[60,124,62]}";

    private static JsonObject json(String text) {
        return JSON.createReader(new StringReader(text)).readObject();
    }

    private static ExtractedTokens read(OpenAiCompatibleChannel.Source source, JsonObject choice) {
        OpenAiCompatibleChannel channel = OpenAiCompatibleChannel.of(ChoiceReader.of("acme.x", 0, 100), source,
                "choices[].token_ids", "choices[].logprobs");
        channel.addChoice(choice);
        return channel.assemble(ExtractedTokens.builder("acme.x"));
    }

    private static String choice(String tokenIds, String... entries) {
        return "{\"index\":0,\"finish_reason\":\"stop\"" + (tokenIds == null ? "" : ",\"token_ids\":" + tokenIds)
                + ",\"logprobs\":{\"content\":[" + String.join(",", entries) + "]}}";
    }

    @Test
    void pairsTokenIdsWithContentEntriesAndSeesTheSpecialLastToken() {
        String text = choice("[5,9]", "{\"token\":\"a\",\"logprob\":-1.0,\"sampling_logprob\":-1.5,\"token_id\":5}",
                EOS_ENTRY);
        for (JsonObject c : new JsonObject[] {json(text), (JsonObject) RawJsonValue.of(text)}) {
            ExtractedTokens t = read(OpenAiCompatibleChannel.Source.ANY, c);
            assertThat(t.completionTokenIds()).contains(TokenIds.of(5, 9));
            assertThat(t.sourceField()).contains("choices[].token_ids");
            assertThat(t.logprobs().get().toArray()).containsExactly(-1.5, -0.2);
            assertThat(t.logprobsField()).contains("choices[].logprobs.content[].sampling_logprob");
            assertThat(t.eos()).isEqualTo(EosStatus.PRESENT);
        }
    }

    @Test
    void readsIdsFromContentEntriesAndDropsThemAllOnAMissingId() {
        ExtractedTokens t = read(OpenAiCompatibleChannel.Source.ANY,
                json(choice(null, "{\"token\":\"a\",\"logprob\":-1.0,\"token_id\":5}", "{\"logprob\":-2.0,\"token_id\":6}")));
        assertThat(t.completionTokenIds()).contains(TokenIds.of(5, 6));
        assertThat(t.logprobsField()).contains("choices[].logprobs.content[].logprob");
        ExtractedTokens dropped = read(OpenAiCompatibleChannel.Source.CONTENT,
                json(choice(null, "{\"logprob\":-1.0,\"token_id\":5}", "{\"logprob\":-2.0,\"token_id\":-1}")));
        assertThat(dropped.completionTokenIds()).isEmpty();
    }

    @Test
    void rejectsEntryIdsThatDisagreeWithTokenIds() {
        assertThatThrownBy(() -> read(OpenAiCompatibleChannel.Source.ANY,
                json(choice("[5]", "{\"logprob\":-1.0,\"token_id\":6}"))))
                .isInstanceOf(TokenIdExtractionException.class)
                .hasMessage("[acme.x, choice 0] `choices[].logprobs.content` entry 0 has token_id 6 but "
                        + "`choices[].token_ids` has 5 there");
        assertThatThrownBy(() -> read(OpenAiCompatibleChannel.Source.ANY,
                json(choice(null, "{\"logprob\":-1.0,\"token_id\":6}", "{\"logprob\":-1.0}"))))
                .hasMessageEndingWith("`choices[].logprobs.content` entry 1 has no token_id while others have");
    }

    @Test
    void aStreamNamesEntriesByTheirIndexInTheWholeCompletion() {
        OpenAiCompatibleChannel channel = OpenAiCompatibleChannel.of(ChoiceReader.of("acme.x", 0, 100),
                OpenAiCompatibleChannel.Source.ANY, "choices[].token_ids", "choices[].logprobs");
        channel.addChoice((JsonObject) RawJsonValue.of(choice(null, "{\"logprob\":-1.0,\"token_id\":5}")));
        assertThatThrownBy(() -> channel.addChoice((JsonObject) RawJsonValue.of(
                choice(null, "{\"logprob\":\"x\",\"token_id\":6}"))))
                .hasMessageEndingWith("`choices[].logprobs.content[].logprob` entry 1 is a string, expected a number or null");
    }

    @Test
    void recognisesCompleteUtf8() {
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[60,124,62]"))).isTrue();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[32,240,159,152,138]"))).isTrue();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[32,240,159,152]"))).isFalse();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[138]"))).isFalse();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[237,160,128]"))).as("a UTF-16 surrogate").isFalse();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[192,128]"))).as("overlong").isFalse();
        assertThat(OpenAiCompatibleChannel.completeUtf8(bytes("[300]"))).isFalse();
    }

    private static JsonArray bytes(String text) {
        return JSON.createReader(new StringReader(text)).readArray();
    }
}
