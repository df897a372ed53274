package io.evalprotocol.provider.fireworks.internal;

import static io.evalprotocol.provider.fireworks.internal.TestFixtures.local;
import static io.evalprotocol.provider.fireworks.internal.TestFixtures.shared;

import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.testkit.ExpectedTokens;
import io.evalprotocol.testkit.ExtractorFixture;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/** The Fireworks fixtures with the ids provider-shapes.md documents for them. */
final class FireworksFixtures {
    private FireworksFixtures() {}

    static final int[] CHAT_PROMPT = {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872,
        198, 13048, 151645, 198, 151644, 77091, 198};
    static final int[] QWEN3_PROMPT = {151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198};
    static final int[] COMPLETIONS_PROMPT = {9707, 11, 847, 829, 374};

    static final String SAMPLING = "choices[].logprobs.content[].sampling_logprob";

    /**
     * fireworks-chat-logprobs.json (no hint: sampling_logprob and accounts/ model mark it) and its streamed
     * twin: split emoji (empty token, then " 😊"), EOS entry with empty token and the bytes of <|im_end|>.
     */
    static ExtractorFixture chatLogprobs() {
        return ExtractorFixture.builder("fireworks-chat-logprobs")
                .body(shared("fireworks-chat-logprobs.json"))
                .stream(local("fireworks/fireworks-chat-logprobs.stream.sse"))
                .expect(0, ExpectedTokens.ids(9707, 0, 26525, 232, 151645)
                        .prompt(CHAT_PROMPT)
                        .sourceField("choices[].token_ids")
                        .logprobs(-0.0008754730224609375, -0.10651397705078125, -0.7624130249023438, 0.0, 0.0)
                        .logprobsField(SAMPLING)
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** fireworks-chat-stream.sse and the body written as its twin. */
    static ExtractorFixture chatStream() {
        return ExtractorFixture.builder("fireworks-chat-stream")
                .providerHint("fireworks")
                .body(local("fireworks/fireworks-chat-stream.twin.json"))
                .stream(shared("fireworks-chat-stream.sse"))
                .expect(0, ExpectedTokens.ids(9707, 0, 151645)
                        .prompt(CHAT_PROMPT)
                        .logprobs(-0.0008754730224609375, -0.10651397705078125, 0.0)
                        .logprobsField(SAMPLING)
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /**
     * fireworks-chat-raw-output.json read without raw_output: the parsed logprobs cover only the visible
     * "Hello!", so the ids miss the reasoning tokens (why fireworks.raw-output exists).
     */
    static ExtractorFixture chatRawOutputVisibleOnly() {
        return ExtractorFixture.builder("fireworks-chat-raw-output (visible logprobs)")
                .body(shared("fireworks-chat-raw-output.json"))
                .expect(0, ExpectedTokens.ids(9707, 0)
                        .prompt(QWEN3_PROMPT)
                        .sourceField("choices[].logprobs.content[].token_id")
                        .logprobs(-0.07938376814126968, -0.5946377515792847)
                        .eos(EosStatus.UNKNOWN))
                .build();
    }

    /** fireworks-chat-raw-output.json through raw_output: every raw token, reasoning included. */
    static ExtractorFixture chatRawOutput() {
        return ExtractorFixture.builder("fireworks-chat-raw-output")
                .body(shared("fireworks-chat-raw-output.json"))
                .expect(0, ExpectedTokens.ids(151667, 198, 13048, 198, 151668, 271, 9707, 0, 151645)
                        .prompt(QWEN3_PROMPT)
                        .sourceField("choices[].raw_output.completion_token_ids")
                        .logprobs(0.0, 0.0, -0.25265297293663025, 0.0, 0.0, 0.0, -0.07938376814126968,
                                -0.5946377515792847, 0.0)
                        .logprobsField("choices[].raw_output.completion_logprobs.content[].sampling_logprob")
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** n=2 with raw_output (written for this module): a split-reasoning choice and one with an empty think. */
    static ExtractorFixture chatRawOutputTwoChoices() {
        return ExtractorFixture.builder("fireworks-chat-raw-output-n2")
                .providerHint("fireworks")
                .body(local("fireworks/fireworks-chat-raw-output-n2.json"))
                .expect(0, ExpectedTokens.ids(151667, 198, 13048, 198, 151668, 271, 9707, 0, 151645)
                        .prompt(QWEN3_PROMPT)
                        .eos(EosStatus.PRESENT))
                .expect(1, ExpectedTokens.ids(151667, 271, 151668, 271, 13048, 13, 151645)
                        .prompt(QWEN3_PROMPT)
                        .logprobs(0.0, 0.0, 0.0, 0.0, -0.9, -0.2, 0.0)
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** fireworks-completions-token-ids.json: choices[].token_ids with legacy logprobs and per-choice prompt. */
    static ExtractorFixture completionsTokenIds() {
        return ExtractorFixture.builder("fireworks-completions-token-ids")
                .body(shared("fireworks-completions-token-ids.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358)
                        .prompt(COMPLETIONS_PROMPT)
                        .sourceField("choices[].token_ids")
                        .logprobs(-3.9127, -0.8841, -0.1203)
                        .logprobsField("choices[].logprobs.token_logprobs")
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** fireworks-completions-logprobs-content.json: logprobs: true on /v1/completions gives content[]. */
    static ExtractorFixture completionsLogprobsContent() {
        return ExtractorFixture.builder("fireworks-completions-logprobs-content")
                .body(shared("fireworks-completions-logprobs-content.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358)
                        .prompt(COMPLETIONS_PROMPT)
                        .logprobs(-3.1022987365722656, -0.6518325805664062, -0.04150390625)
                        .logprobsField(SAMPLING)
                        .eos(EosStatus.ABSENT))
                .build();
    }

    /** n=2 completions with per-choice prompt ids (written for this module) and its interleaved stream. */
    static ExtractorFixture completionsTwoChoices() {
        return ExtractorFixture.builder("fireworks-completions-n2")
                .body(local("fireworks/fireworks-completions-n2.json"))
                .stream(local("fireworks/fireworks-completions-n2.stream.sse"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358).prompt(COMPLETIONS_PROMPT).eos(EosStatus.ABSENT))
                .expect(1, ExpectedTokens.ids(3757, 13, 151643)
                        .prompt(COMPLETIONS_PROMPT)
                        .logprobs(-1.5732421875, -0.71875, 0.0)
                        .eos(EosStatus.PRESENT))
                .build();
    }

    /** Legacy logprobs (logprobs: N) without return_token_ids: ids only in logprobs.token_ids. */
    static ExtractorFixture completionsLegacyOnly() {
        return ExtractorFixture.builder("fireworks-completions-legacy-only")
                .body(local("fireworks/fireworks-completions-legacy-only.json"))
                .expect(0, ExpectedTokens.ids(20445, 323, 358)
                        .noPrompt()
                        .sourceField("choices[].logprobs.token_ids")
                        .logprobs(-3.9127, -0.8841, -0.1203))
                .build();
    }

    /** eval-protocol's minimal tracing shape: content entries with only logprob and token_id. */
    static ExtractorFixture traceMinimal() {
        return ExtractorFixture.builder("fireworks-trace-minimal")
                .body(local("fireworks/fireworks-trace-minimal.json"))
                .expect(0, ExpectedTokens.ids(13048, 0, 151645)
                        .logprobs(-0.25, -0.5, -0.001)
                        .logprobsField("choices[].logprobs.content[].logprob"))
                .build();
    }

    /** The same with one id unknown (-1, MISSING_TOKEN_ID): no ids at all, never a partial list. */
    static ExtractorFixture traceMissingId() {
        return ExtractorFixture.builder("fireworks-trace-missing-id")
                .body(local("fireworks/fireworks-trace-missing-id.json"))
                .expect(0, ExpectedTokens.noIds().noLogprobs())
                .build();
    }

    /** The real qwen3-8b capture: its 134 content[].token_id, ending with <|im_end|> 151645. */
    static ExtractorFixture realCapture() {
        JsonObject response = TestFixtures.realFireworksResponse();
        JsonArray content = response.getJsonArray("choices").getJsonObject(0).getJsonObject("logprobs")
                .getJsonArray("content");
        int[] ids = new int[content.size()];
        double[] sampling = new double[content.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = content.getJsonObject(i).getInt("token_id");
            sampling[i] = content.getJsonObject(i).getJsonNumber("sampling_logprob").doubleValue();
        }
        return ExtractorFixture.builder("real fireworks-qwen3-8b-row")
                .body(response)
                .expect(0, ExpectedTokens.ids(ids)
                        .sourceField("choices[].logprobs.content[].token_id")
                        .logprobs(sampling)
                        .logprobsField(SAMPLING)
                        .eos(EosStatus.PRESENT))
                .build();
    }
}
