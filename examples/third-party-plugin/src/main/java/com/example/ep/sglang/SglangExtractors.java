package com.example.ep.sglang;

/** The id and hint of the SGLang extractor, for explicit selection ({@code -Dep.token-id-extractor=...}). */
public final class SglangExtractors {
    /** The provider hint that names an SGLang server. */
    public static final String PROVIDER = "sglang";

    /** Reads {@code choices[].token_ids} and {@code choices[].prompt_token_ids} ({@code return_token_ids}). */
    public static final String TOKEN_IDS = "sglang.token-ids";

    /**
     * Same tier as the SDK's provider-specific extractors (vLLM 200): above the generic
     * {@code openai.choice-token-ids} (60), which would otherwise read SGLang responses without its stop info.
     */
    public static final int TOKEN_IDS_PRIORITY = 200;

    private SglangExtractors() {}
}
