package io.evalprotocol.provider.openai.internal;

import static io.evalprotocol.provider.openai.internal.TestFixtures.local;
import static io.evalprotocol.provider.openai.internal.TestFixtures.shared;

import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.testkit.ExpectedTokens;
import io.evalprotocol.testkit.ExtractorFixture;

/** Fixtures for the OpenAI-compatible extractors, with the ids provider-shapes.md documents for them. */
final class OpenAiFixtures {
    private OpenAiFixtures() {}

    static final int[] CHAT_PROMPT = {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872,
        198, 13048, 151645, 198, 151644, 77091, 198};
    static final int[] COMPLETIONS_PROMPT = {9707, 11, 847, 829, 374};

    // ---- openai.choice-token-ids ---------------------------------------------------------------------

    /** sglang-chat.json: per-choice prompt ids; matched_stop names the EOS that ends token_ids. */
    static ExtractorFixture sglangChat() {
        return ExtractorFixture.builder("sglang-chat")
                .body(shared("sglang-chat.json"))
                .expect(0, ExpectedTokens.ids(9707, 0, 151645)
                        .prompt(CHAT_PROMPT)
                        .sourceField("choices[].token_ids")
                        .logprobs(-0.0071, -0.1925, -0.0002)
                        .logprobsField("choices[].logprobs.content[].logprob")
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** sglang-completions-stream.sse and the body written as its twin. */
    static ExtractorFixture sglangCompletionsStream() {
        return ExtractorFixture.builder("sglang-completions-stream")
                .body(local("openai/sglang-completions-stream.twin.json"))
                .stream(shared("sglang-completions-stream.sse"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358).prompt(COMPLETIONS_PROMPT).noLogprobs()
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** vllm-completions-token-ids.json without vLLM's module: n=2, per-choice prompt ids. */
    static ExtractorFixture vllmCompletionsGeneric() {
        return ExtractorFixture.builder("vllm-completions-token-ids (generic)")
                .body(shared("vllm-completions-token-ids.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358).prompt(COMPLETIONS_PROMPT)
                        .logprobs(-3.9127, -0.8841, -0.1203).logprobsField("choices[].logprobs.token_logprobs"))
                .expect(1, ExpectedTokens.ids(3757, 13, 358).prompt(COMPLETIONS_PROMPT))
                .build();
    }

    /** vllm-chat-stream.sse without vLLM's module: a first chunk no provider can be told from. */
    static ExtractorFixture vllmChatStreamGeneric() {
        return ExtractorFixture.builder("vllm-chat-stream (generic)")
                .stream(shared("vllm-chat-stream.sse"))
                .expect(0, ExpectedTokens.ids(9707, 0, 151645).prompt(CHAT_PROMPT)
                        .logprobs(-0.0071, -0.1925, -0.0002))
                .build();
    }

    // ---- openai.content-token-id ---------------------------------------------------------------------

    /** fireworks-chat-logprobs.json read through content[].token_id (the PR #448 path). */
    static ExtractorFixture fireworksChatContent() {
        return ExtractorFixture.builder("fireworks-chat-logprobs (content)")
                .body(shared("fireworks-chat-logprobs.json"))
                .expect(0, ExpectedTokens.ids(9707, 0, 26525, 232, 151645)
                        .prompt(CHAT_PROMPT)
                        .sourceField("choices[].logprobs.content[].token_id")
                        .logprobs(-0.0008754730224609375, -0.10651397705078125, -0.7624130249023438, 0.0, 0.0)
                        .logprobsField("choices[].logprobs.content[].sampling_logprob")
                        .eos(EosStatus.PRESENT))
                .build();
    }

    static ExtractorFixture fireworksCompletionsContent() {
        return ExtractorFixture.builder("fireworks-completions-logprobs-content")
                .body(shared("fireworks-completions-logprobs-content.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358).prompt(COMPLETIONS_PROMPT).eos(EosStatus.ABSENT))
                .build();
    }

    /**
     * n=2 content[].token_id (written for this module) and its stream, whose role-only first chunk shows no
     * shape yet: without a hint such a stream is read only when the extractor is chosen explicitly.
     */
    static ExtractorFixture contentTwoChoices() {
        return ExtractorFixture.builder("content-n2")
                .body(local("openai/content-n2.json"))
                .stream(local("openai/content-n2.stream.sse"))
                .streamClaimed(false)
                .expect(0, ExpectedTokens.ids(9707, 0).noPrompt().logprobs(-0.01, -0.2).eos(EosStatus.ABSENT))
                .expect(1, ExpectedTokens.ids(13048).logprobs(-0.3))
                .build();
    }

    // ---- openai.legacy-token-ids ---------------------------------------------------------------------

    /** together-chat-logprobs.json: legacy token_ids; finish_reason "eos". */
    static ExtractorFixture togetherChat() {
        return ExtractorFixture.builder("together-chat-logprobs")
                .body(shared("together-chat-logprobs.json"))
                .expect(0, ExpectedTokens.ids(791, 20023, 836, 128009)
                        .sourceField("choices[].logprobs.token_ids")
                        .logprobs(-0.0213623, -0.8447266, -0.1057129, -0.0001)
                        .logprobsField("choices[].logprobs.token_logprobs")
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** together-chat-stream.sse: one delta.token_id per chunk, no logprobs. */
    static ExtractorFixture togetherStream() {
        return ExtractorFixture.builder("together-chat-stream")
                .stream(shared("together-chat-stream.sse"))
                .expect(0, ExpectedTokens.ids(791, 20023, 836, 128009)
                        .sourceField("choices[].delta.token_id")
                        .noLogprobs())
                .build();
    }

    /** fireworks-completions-token-ids.json through its legacy logprobs.token_ids. */
    static ExtractorFixture fireworksCompletionsLegacy() {
        return ExtractorFixture.builder("fireworks-completions-token-ids (legacy)")
                .body(shared("fireworks-completions-token-ids.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358)
                        .sourceField("choices[].logprobs.token_ids")
                        .logprobs(-3.9127, -0.8841, -0.1203))
                .build();
    }

    static ExtractorFixture legacyTwoChoices() {
        return ExtractorFixture.builder("legacy-n2")
                .body(local("openai/legacy-n2.json"))
                .stream(local("openai/legacy-n2.stream.sse"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358).logprobs(-3.9127, -0.8841, -0.1203)
                        .eos(EosStatus.ABSENT))
                .expect(1, ExpectedTokens.ids(3757, 13).logprobs(-2.0113, -0.9702))
                .build();
    }

    // ---- openai.tiktoken-reconstructed ---------------------------------------------------------------

    /** openai-chat-logprobs.json (gpt-4o, o200k_base): 💙 split into partial-UTF-8 tokens [240,159,146]+[153]. */
    static ExtractorFixture openAiChatLogprobs() {
        return ExtractorFixture.builder("openai-chat-logprobs")
                .providerHint("openai")
                .body(shared("openai-chat-logprobs.json"))
                .stream(local("openai/openai-chat-logprobs.stream.sse"))
                .expect(0, ExpectedTokens.ids(13225, 1703, 31446, 247)
                        .noPrompt()
                        .sourceField("choices[].logprobs.content[].bytes")
                        .logprobs(-0.0019286, -0.41327, -0.090486, 0.0)
                        .logprobsField("choices[].logprobs.content[].logprob")
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** openai-chat-stream.sse and the body written as its twin. */
    static ExtractorFixture openAiChatStream() {
        return ExtractorFixture.builder("openai-chat-stream")
                .body(local("openai/openai-chat-stream.twin.json"))
                .stream(shared("openai-chat-stream.sse"))
                .expect(0, ExpectedTokens.ids(13225, 0).logprobs(-0.0019286, -0.31326))
                .build();
    }

    /** openai-chat-no-logprobs.json: logprobs null, so no ids (claimed: it is an OpenAI model). */
    static ExtractorFixture openAiNoLogprobs() {
        return ExtractorFixture.builder("openai-chat-no-logprobs")
                .body(shared("openai-chat-no-logprobs.json"))
                .expect(0, ExpectedTokens.noIds().noLogprobs())
                .build();
    }

    /** openai-chat-toolcall.json: tool-call tokens have no logprobs (content: null), so no ids. */
    static ExtractorFixture openAiToolCall() {
        return ExtractorFixture.builder("openai-chat-toolcall")
                .body(shared("openai-chat-toolcall.json"))
                .expect(0, ExpectedTokens.noIds())
                .build();
    }

    /** n=2 on gpt-4.1: an answer and a refusal, whose logprobs are in `refusal` (written for this module). */
    static ExtractorFixture openAiTwoChoicesWithRefusal() {
        return ExtractorFixture.builder("openai-chat-n2-refusal")
                .body(local("openai/openai-chat-n2-refusal.json"))
                .stream(local("openai/openai-chat-n2-refusal.stream.sse"))
                .expect(0, ExpectedTokens.ids(12194, 1354).logprobs(-0.1352, -0.0073))
                .expect(1, ExpectedTokens.ids(33680, 13)
                        .sourceField("choices[].logprobs.refusal[].bytes")
                        .logprobs(-0.5, -0.01))
                .build();
    }

    /** gpt-4 uses cl100k_base. */
    static ExtractorFixture openAiGpt4() {
        return ExtractorFixture.builder("openai-chat-gpt4-cl100k")
                .body(local("openai/openai-chat-gpt4-cl100k.json"))
                .expect(0, ExpectedTokens.ids(9906, 1917, 0))
                .build();
    }
}
