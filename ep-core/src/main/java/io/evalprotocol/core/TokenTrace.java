package io.evalprotocol.core;

import java.util.Locale;

/**
 * What the assistant messages of a rollout keep of the engine's token trace. Set with
 * {@link EpClient.Builder#tokenTrace(TokenTrace)} (or {@code ep rollout --token-trace}).
 *
 * <p>Both keep the exact {@code token_ids} the engine generated (read by the pinned token-id extractor);
 * they differ in what {@code Message.logprobs} holds. Every response is validated in full either way: a
 * malformed body fails its row with the same error.
 */
public enum TokenTrace {
    /**
     * The default: {@code logprobs} is the provider's payload, unchanged (e.g. Fireworks/OpenAI
     * {@code {"content":[{"token":..,"logprob":..,"bytes":..,"top_logprobs":[..]}]}}), written back byte for
     * byte. What evaluation and debugging want, and what Python eval-protocol writes.
     */
    FULL("full"),

    /**
     * For trainers: {@code logprobs} is the token-native flat list, one number per token id
     * ({@code Message.flatLogprobs()}, the values the extractor read, e.g. {@code logprobs.content[].logprob}
     * or {@code sampling_logprob}), and the provider's payload is dropped: token strings, {@code bytes},
     * {@code top_logprobs} alternatives and any other field in it are not kept. Costs 12 bytes per token in
     * memory ({@code int} id + {@code double} logprob) instead of the payload's JSON size.
     *
     * <p>The row then serializes as {@code "logprobs":[-0.25,-1.5e-05,...],"token_ids":[...]}: the clean
     * token-native shape Python eval-protocol reads and checks (equal lengths). A value the provider sent as
     * {@code null} is written as {@code null}. When the extractor reads no per-token logprobs (e.g. a vLLM
     * response asked for without logprobs), the message has {@code token_ids} only. Fireworks'
     * {@code execution_metadata.raw_output}, which repeats the payload ({@code completion_logprobs}), is not kept
     * either; the prompt ids stay in {@code execution_metadata.extra.prompt_token_ids}. Every other field of the
     * row (content, tool calls, usage, finish reason, the trace fields in {@code extra}) is the same as with
     * {@link #FULL}.
     */
    IDS_ONLY("ids-only");

    private final String id;

    TokenTrace(String id) {
        this.id = id;
    }

    /** The name used by {@code ep rollout --token-trace}, {@code ep.token-trace} and {@code EP_TOKEN_TRACE}. */
    public String id() {
        return id;
    }

    /**
     * The trace named {@code name}: {@code full} or {@code ids-only} (case-insensitive; {@code ids_only} and
     * the constant names also work).
     *
     * @throws IllegalArgumentException for any other name, listing the valid ones
     */
    public static TokenTrace of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TokenTrace t : values()) {
            if (t.id.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown token trace '" + name + "'; expected full or ids-only");
    }
}
