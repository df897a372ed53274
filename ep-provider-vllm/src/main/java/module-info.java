/**
 * Token-id extractors for vLLM's OpenAI-compatible server: {@code vllm.token-ids} ({@code return_token_ids})
 * and {@code vllm.logprob-token-ids} ({@code return_tokens_as_token_ids}). Implementations live in an
 * unexported package; {@link io.evalprotocol.provider.vllm.VllmExtractors} names them.
 */
module io.evalprotocol.provider.vllm {
    requires io.evalprotocol.api;
    requires static com.google.auto.service;

    exports io.evalprotocol.provider.vllm;

    provides io.evalprotocol.spi.TokenIdExtractor with
            io.evalprotocol.provider.vllm.internal.VllmTokenIdsExtractor,
            io.evalprotocol.provider.vllm.internal.VllmLogprobTokenIdsExtractor;
}
