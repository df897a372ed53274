package io.evalprotocol.provider.openai;

/** Public ids of the token-id extractors this module registers; use them for explicit selection. */
public final class OpenAiExtractors {
    private OpenAiExtractors() {}
}
