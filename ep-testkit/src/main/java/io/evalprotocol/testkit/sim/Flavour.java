package io.evalprotocol.testkit.sim;

import java.util.Locale;

/** Which provider's wire format the simulated provider speaks. */
public enum Flavour {
    /** OpenAI: logprobs with {@code token}/{@code bytes} only (no token ids), {@code obfuscation} in stream chunks. */
    OPENAI("openai", "gpt-4o-mini"),
    /**
     * vLLM (v0.10.2–0.11 shapes): {@code return_token_ids}, {@code return_tokens_as_token_ids}, all-null extra
     * fields, EOS id in {@code token_ids}.
     */
    VLLM("vllm", "ep-sim/o200k-instruct"),
    /** Fireworks: {@code token_id}, {@code sampling_logprob}, {@code text_offset} in logprobs, {@code raw_output}. */
    FIREWORKS("fireworks", "accounts/ep-sim/models/o200k-instruct");

    private final String id;
    private final String defaultModel;

    Flavour(String id, String defaultModel) {
        this.id = id;
        this.defaultModel = defaultModel;
    }

    /** The lowercase name used on the command line ({@code openai}, {@code vllm}, {@code fireworks}). */
    public String id() {
        return id;
    }

    /** The model name served by {@code GET /v1/models} unless the builder sets one. */
    public String defaultModel() {
        return defaultModel;
    }

    /**
     * Parses a flavour name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the known flavours
     */
    public static Flavour of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Flavour f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown flavour '" + name + "'; known: openai, vllm, fireworks");
    }
}
