/**
 * Token-id extractors for OpenAI-compatible shapes ({@code openai.choice-token-ids},
 * {@code openai.content-token-id}, {@code openai.legacy-token-ids}) and the opt-in RECONSTRUCTED
 * {@code openai.tiktoken-reconstructed} for OpenAI's own models. Implementations live in an unexported
 * package; {@link io.evalprotocol.provider.openai.OpenAiExtractors} names them.
 */
module io.evalprotocol.provider.openai {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;
    requires jtokkit; // jtokkit ships no module name; this one comes from its jar file name

    exports io.evalprotocol.provider.openai;

    provides io.evalprotocol.spi.TokenIdExtractor with
            io.evalprotocol.provider.openai.internal.ChoiceTokenIdsExtractor,
            io.evalprotocol.provider.openai.internal.ContentTokenIdExtractor,
            io.evalprotocol.provider.openai.internal.LegacyTokenIdsExtractor,
            io.evalprotocol.provider.openai.internal.TiktokenReconstructingExtractor;
}
