package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import org.junit.jupiter.api.Test;

class ExtractedTokensTest {
    @Test
    void noneHasNoIdsAtAllRatherThanAnEmptyList() {
        ExtractedTokens none = ExtractedTokens.none("openai.logprob-token-ids");

        assertThat(none.completionTokenIds()).isEmpty();
        assertThat(none.logprobs()).isEmpty();
        assertThat(none.eos()).isEqualTo(EosStatus.UNKNOWN);
    }

    @Test
    void flatLogprobsMustAlignWithTheIds() {
        var builder = ExtractedTokens.builder("x.y")
                .completionTokenIds(TokenIds.of(1, 2, 3), "choices[].token_ids")
                .logprobs(TokenLogprobs.of(-0.1, -0.2), "logprobs.content[].logprob");

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("flat logprobs (2) must align with completion ids (3)");
    }

    @Test
    void logprobsWithoutIdsAreRejected() {
        var builder = ExtractedTokens.builder("x.y").logprobs(TokenLogprobs.of(-0.1), "f");

        assertThatThrownBy(builder::build).hasMessageContaining("need completion ids");
    }

    @Test
    void recordsWhereEachPartCameFrom() {
        ExtractedTokens t = ExtractedTokens.builder("fireworks.raw-output")
                .completionTokenIds(TokenIds.of(9707, 151645), "choices[].raw_output.completion_token_ids")
                .promptTokenIds(TokenIds.of(151644), "prompt_token_ids")
                .logprobs(TokenLogprobs.of(-0.1, -0.01), "logprobs.content[].sampling_logprob")
                .eos(EosStatus.PRESENT)
                .build();

        assertThat(t.sourceField()).contains("choices[].raw_output.completion_token_ids");
        assertThat(t.promptSourceField()).contains("prompt_token_ids");
        assertThat(t.logprobsField()).contains("logprobs.content[].sampling_logprob");
        assertThat(t.toBuilder().build()).isEqualTo(t);
    }
}
