package io.evalprotocol.benchmarks.bodies;

import java.nio.charset.StandardCharsets;

/**
 * JSONL files of eval-protocol rows as Python eval-protocol writes them ({@code model_dump_json(exclude_none=True)}:
 * compact, declaration order, raw UTF-8): a user message, then the assistant message with the provider
 * {@code logprobs} object and {@code token_ids}, plus the rollout metadata. Each row is a different
 * generated completion of the same spec.
 */
public final class EvalRows {
    /** Rows per JSONL file in the benchmarks. */
    public static final int ROWS = 32;

    private EvalRows() {}

    /** {@code rows} rows of completions shaped like {@code spec}, one per line. */
    public static byte[] jsonl(BodySpec spec, int rows) {
        JsonBytes out = null;
        for (int r = 0; r < rows; r++) {
            ChatBodies.GeneratedCompletion c = ChatBodies.generate(spec, ChatBodies.DEFAULT_SEED + r);
            if (out == null) {
                out = new JsonBytes(rows * (c.json().length + 8192));
            }
            row(out, c, r);
            out.ch('\n');
        }
        return out == null ? new byte[0] : out.toByteArray();
    }

    private static void row(JsonBytes out, ChatBodies.GeneratedCompletion c, int r) {
        int[] ids = c.completionTokenIds();
        int[] prompt = c.promptTokenIds();
        out.raw("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a careful assistant.\"},");
        out.raw("{\"role\":\"user\",\"content\":").str("Question " + r + ": explain the result step by step.\n"
                + "Use \"quotes\" where needed — and café-style UTF-8.", false).raw("},");
        out.raw("{\"role\":\"assistant\",\"content\":").str(c.content(), false);
        if (c.spec().kind().hasLogprobs()) {
            out.raw(",\"logprobs\":").raw(c.logprobsJson(true).getBytes(StandardCharsets.UTF_8));
        }
        out.raw(",\"token_ids\":").ints(ids, 0, ids.length).raw("}],");
        out.raw("\"input_metadata\":{\"row_id\":\"row-").num(r).raw("\",\"completion_params\":{\"model\":")
                .str(c.model(), false).raw(",\"logprobs\":true,\"temperature\":0.7}},");
        out.raw("\"rollout_status\":{\"code\":100,\"message\":\"Rollout finished\",\"details\":[]},");
        out.raw("\"execution_metadata\":{\"invocation_id\":\"national-change-581533\",\"experiment_id\":\"past-magazine-375733\","
                + "\"rollout_id\":\"simple-issue-").num(200000 + r).raw("\",\"run_id\":\"wet-picture-720663\",");
        out.raw("\"usage\":{\"completion_tokens\":").num(ids.length).raw(",\"prompt_tokens\":").num(prompt.length)
                .raw(",\"total_tokens\":").num(ids.length + prompt.length).raw("},");
        out.raw("\"rollout_duration_seconds\":0.412,\"extra\":{\"token_ids_extractor\":\"fireworks.token-ids\","
                + "\"prompt_token_ids\":").ints(prompt, 0, prompt.length).raw("},\"finish_reason\":\"stop\",\"tool_call_count\":0},");
        out.raw("\"created_at\":\"2026-04-28T17:02:11.522715Z\",\"pid\":8933}");
    }
}
