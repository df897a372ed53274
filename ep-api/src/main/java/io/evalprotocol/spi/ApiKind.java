package io.evalprotocol.spi;

/** Which OpenAI-compatible endpoint a request goes to; response shapes differ between them. */
public enum ApiKind {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS,
    /** {@code POST /v1/completions} (legacy text completions). */
    COMPLETIONS
}
