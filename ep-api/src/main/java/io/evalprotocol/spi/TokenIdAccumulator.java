package io.evalprotocol.spi;

import jakarta.json.JsonObject;

/**
 * Collects the token ids of one choice from a streamed (SSE) response, chunk by chunk.
 *
 * <p>One accumulator serves one choice of one response and is used by one thread at a time. The caller
 * feeds every parsed {@code data:} chunk in arrival order, including usage-only chunks and chunks whose
 * {@code delta} is empty (they may still carry ids); the accumulator picks out its own choice index.
 * After the last chunk, {@link #finish()} returns the same result that {@link TokenIdExtractor#extract}
 * gives for the equivalent non-streamed response.
 */
public interface TokenIdAccumulator {
    /**
     * Takes one chunk.
     *
     * @throws io.evalprotocol.errors.TokenIdExtractionException when the chunk is malformed for this shape
     */
    void accept(JsonObject chunk);

    /**
     * Whether this accumulator reads {@link PlainChunk}s through {@link #acceptPlain}; when every accumulator of a
     * response does, the SDK skips building JSON-P for plain chunks. Asked once per response. Default: false.
     */
    default boolean readsPlainChunks() {
        return false;
    }

    /**
     * Takes one chunk of the plain shape, typed; must have the same effect as {@link #accept} with
     * {@code chunk.json()}, which is what the default does. Called instead of {@link #accept} for plain chunks,
     * in the same order among the other chunks.
     *
     * @throws io.evalprotocol.errors.TokenIdExtractionException as {@link #accept} would
     */
    default void acceptPlain(PlainChunk chunk) {
        accept(chunk.json());
    }

    /**
     * The ids collected so far, after the stream ended.
     *
     * @throws io.evalprotocol.errors.TokenIdExtractionException when ids and logprobs ended misaligned
     */
    ExtractedTokens finish();
}
