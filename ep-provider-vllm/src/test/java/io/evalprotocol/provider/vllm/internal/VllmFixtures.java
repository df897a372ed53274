package io.evalprotocol.provider.vllm.internal;

import static io.evalprotocol.provider.vllm.internal.TestFixtures.local;
import static io.evalprotocol.provider.vllm.internal.TestFixtures.shared;

import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.testkit.ExpectedTokens;
import io.evalprotocol.testkit.ExtractorFixture;

/** The vLLM fixtures with the ids provider-shapes.md documents for them. */
final class VllmFixtures {
    private VllmFixtures() {}

    static final int[] CHAT_PROMPT = {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872,
        198, 13048, 151645, 198, 151644, 77091, 198};
    static final int[] COMPLETIONS_PROMPT = {9707, 11, 847, 829, 374};

    /** vllm-chat-return-token-ids.json and its streamed twin: finish "length", so no EOS. */
    static ExtractorFixture chatReturnTokenIds() {
        return ExtractorFixture.builder("vllm-chat-return-token-ids")
                .providerHint("vllm")
                .body(shared("vllm-chat-return-token-ids.json"))
                .stream(local("vllm/vllm-chat-return-token-ids.stream.sse"))
                .expect(0, ExpectedTokens.ids(9707, 0, 2585, 646, 358, 7789)
                        .prompt(CHAT_PROMPT)
                        .sourceField("choices[].token_ids")
                        .logprobs(-0.0071, -0.1925, -0.0412, -0.0009, -0.0001, -0.3418)
                        .logprobsField("choices[].logprobs.content[].logprob")
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** The same body without a hint: claimed through vLLM-only keys (kv_transfer_params, stop_reason). */
    static ExtractorFixture chatReturnTokenIdsWithoutHint() {
        return ExtractorFixture.builder("vllm-chat-return-token-ids without hint")
                .body(shared("vllm-chat-return-token-ids.json"))
                .expect(0, ExpectedTokens.ids(9707, 0, 2585, 646, 358, 7789).prompt(CHAT_PROMPT))
                .build();
    }

    /** vllm-chat-stream.sse and the non-streamed twin written for it: ends with EOS <|im_end|>. */
    static ExtractorFixture chatStream() {
        return ExtractorFixture.builder("vllm-chat-stream")
                .providerHint("vllm")
                .body(local("vllm/vllm-chat-stream.twin.json"))
                .stream(shared("vllm-chat-stream.sse"))
                .expect(0, ExpectedTokens.ids(9707, 0, 151645)
                        .prompt(CHAT_PROMPT)
                        .logprobs(-0.0071, -0.1925, -0.0002)
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** vllm-completions-token-ids.json (n=2, per-choice prompt ids) and its interleaved streamed twin. */
    static ExtractorFixture completionsTokenIds() {
        return ExtractorFixture.builder("vllm-completions-token-ids")
                .providerHint("vllm")
                .body(shared("vllm-completions-token-ids.json"))
                .stream(local("vllm/vllm-completions-token-ids.stream.sse"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358)
                        .prompt(COMPLETIONS_PROMPT)
                        .logprobs(-3.9127, -0.8841, -0.1203)
                        .logprobsField("choices[].logprobs.token_logprobs")
                        .eos(EosStatus.ABSENT))
                .expect(1, ExpectedTokens.ids(3757, 13, 358)
                        .prompt(COMPLETIONS_PROMPT)
                        .logprobs(-2.0113, -0.9702, -0.0954)
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** vllm-chat-tokens-as-ids.json and its streamed twin: ids only as "token_id:N" tokens. */
    static ExtractorFixture chatTokensAsIds() {
        return ExtractorFixture.builder("vllm-chat-tokens-as-ids")
                .providerHint("vllm")
                .body(shared("vllm-chat-tokens-as-ids.json"))
                .stream(local("vllm/vllm-chat-tokens-as-ids.stream.sse"))
                .expect(0, TOKENS_AS_IDS)
                .build();
    }

    /**
     * The same body without a hint: the placeholders alone identify vLLM. (A stream's first chunk carries no
     * logprobs yet, so an unhinted stream is not claimed; its later chunks would be.)
     */
    static ExtractorFixture chatTokensAsIdsWithoutHint() {
        return ExtractorFixture.builder("vllm-chat-tokens-as-ids without hint")
                .body(shared("vllm-chat-tokens-as-ids.json"))
                .expect(0, TOKENS_AS_IDS)
                .build();
    }

    private static final ExpectedTokens TOKENS_AS_IDS = ExpectedTokens.ids(9707, 0, 151645)
            .noPrompt()
            .sourceField("choices[].logprobs.content[].token")
            .logprobs(-0.0071, -0.1925, -0.0002)
            .logprobsField("choices[].logprobs.content[].logprob")
            .eos(EosStatus.PRESENT);

    /**
     * Completions with return_tokens_as_token_ids, echo and n=2 (written for this module): the echoed prompt
     * comes first in tokens[], and its first token has no logprob (null, read as NaN).
     */
    static ExtractorFixture completionsTokensAsIdsEcho() {
        return ExtractorFixture.builder("vllm-completions-tokens-as-ids-echo")
                .providerHint("vllm")
                .body(local("vllm/vllm-completions-tokens-as-ids-echo.json"))
                .expect(0, ExpectedTokens.ids(9707, 11, 847, 829, 374, 20445, 323, 358)
                        .sourceField("choices[].logprobs.tokens")
                        .logprobs(Double.NaN, -1.9876, -3.0211, -0.7703, -0.0125, -3.9127, -0.8841, -0.1203)
                        .logprobsField("choices[].logprobs.token_logprobs")
                        .eos(EosStatus.ABSENT))
                .expect(1, ExpectedTokens.ids(9707, 11, 847, 829, 374, 3757, 13, 151643)
                        .logprobs(Double.NaN, -1.9876, -3.0211, -0.7703, -0.0125, -2.0113, -0.9702, -0.0954)
                        .eos(EosStatus.PRESENT))
                .build();
    }
}
