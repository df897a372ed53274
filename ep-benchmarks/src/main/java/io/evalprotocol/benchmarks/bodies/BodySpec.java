package io.evalprotocol.benchmarks.bodies;

import java.util.Locale;

/**
 * Names a generated body: {@code lp-k0-16k}, {@code lp-k5-128k}, {@code ids-1k}, ... (JMH {@code @Param} values).
 *
 * <ul>
 *   <li>{@code lp-k0} / {@code lp-k5}: Fireworks chat with {@code logprobs:true, top_logprobs:k,
 *       return_token_ids:true}: {@code logprobs.content[]} entries {@code token, logprob, bytes, token_id,
 *       top_logprobs}, plus {@code choices[0].token_ids} and top-level {@code prompt_token_ids}.
 *   <li>{@code ids}: vLLM chat with {@code return_token_ids:true} and no logprobs: {@code choices[0].token_ids}
 *       and top-level {@code prompt_token_ids}, every unused field present as {@code null}.
 * </ul>
 */
public final class BodySpec {
    public enum Kind {
        LP_K0("lp-k0", 0),
        LP_K5("lp-k5", 5),
        IDS("ids", -1);

        final String prefix;
        final int topK;

        Kind(String prefix, int topK) {
            this.prefix = prefix;
            this.topK = topK;
        }

        public boolean hasLogprobs() {
            return topK >= 0;
        }
    }

    /** Prompt length of every body; RL prompts of a few hundred to a few thousand tokens are typical. */
    public static final int PROMPT_TOKENS = 1024;

    private final Kind kind;
    private final int completionTokens;

    private BodySpec(Kind kind, int completionTokens) {
        this.kind = kind;
        this.completionTokens = completionTokens;
    }

    public static BodySpec of(Kind kind, int completionTokens) {
        if (completionTokens < 2) {
            throw new IllegalArgumentException("need at least 2 completion tokens, got " + completionTokens);
        }
        return new BodySpec(kind, completionTokens);
    }

    /** Parses {@code <kind>-<n>[k]}, e.g. {@code lp-k5-128k} or {@code ids-40}. */
    public static BodySpec parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (n.startsWith(k.prefix + "-")) {
                String size = n.substring(k.prefix.length() + 1);
                int tokens = size.endsWith("k")
                        ? Integer.parseInt(size.substring(0, size.length() - 1)) * 1024
                        : Integer.parseInt(size);
                return of(k, tokens);
            }
        }
        throw new IllegalArgumentException("unknown body '" + name + "'; expected lp-k0-<n>, lp-k5-<n> or ids-<n>");
    }

    public Kind kind() {
        return kind;
    }

    public int completionTokens() {
        return completionTokens;
    }

    public String name() {
        String size = completionTokens % 1024 == 0 ? (completionTokens / 1024) + "k" : Integer.toString(completionTokens);
        return kind.prefix + "-" + size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BodySpec && ((BodySpec) o).kind == kind && ((BodySpec) o).completionTokens == completionTokens;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + completionTokens;
    }

    @Override
    public String toString() {
        return name();
    }
}
