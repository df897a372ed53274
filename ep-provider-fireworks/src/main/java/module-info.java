/**
 * Token-id extractors for Fireworks AI: {@code fireworks.raw-output} ({@code raw_output}, non-streaming) and
 * {@code fireworks.token-ids} ({@code return_token_ids} and the ids inside {@code logprobs}). Implementations
 * live in an unexported package; {@link io.evalprotocol.provider.fireworks.FireworksExtractors} names them.
 */
module io.evalprotocol.provider.fireworks {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;

    exports io.evalprotocol.provider.fireworks;

    provides io.evalprotocol.spi.TokenIdExtractor with
            io.evalprotocol.provider.fireworks.internal.FireworksRawOutputExtractor,
            io.evalprotocol.provider.fireworks.internal.FireworksTokenIdsExtractor;
}
