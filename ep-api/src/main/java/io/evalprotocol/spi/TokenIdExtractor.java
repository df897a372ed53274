package io.evalprotocol.spi;

import jakarta.json.JsonObject;

/**
 * Reads the token ids an inference engine produced out of one provider response shape.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}: annotate them with
 * {@code @AutoService(TokenIdExtractor.class)} (class path) <em>and</em> declare them in
 * {@code module-info.java} with {@code provides io.evalprotocol.spi.TokenIdExtractor with ...} (module path).
 * They must have a public no-argument constructor and be stateless and thread-safe: one instance serves
 * every request of every client.
 *
 * <p>Selection (in ep-core's {@code TokenIdExtractorRegistry}): an explicitly configured id wins;
 * otherwise every extractor whose {@link #supports} accepts the shape is a candidate, {@link Fidelity#RECONSTRUCTED}
 * ones only when the user opted in, and the single highest {@link #priority()} wins. A tie is an error.
 */
public interface TokenIdExtractor {
    /** The SPI version this interface describes; see {@link #spiVersion()}. */
    int SPI_VERSION = 1;

    /**
     * A stable, unique, lower-case id of the form {@code <vendor>.<shape>}, e.g. {@code vllm.token-ids}.
     * Users select extractors by it; it is recorded on every row.
     */
    String id();

    /**
     * Higher wins among the extractors that support a shape. Convention: a provider's richest, most direct
     * id source gets the highest value in its module (e.g. {@code vllm.token-ids} 200 above
     * {@code vllm.logprob-token-ids} 100); generic OpenAI-compatible shapes sit lower (50).
     */
    default int priority() {
        return 0;
    }

    default Fidelity fidelity() {
        return Fidelity.EXACT;
    }

    /** The SPI version this extractor was compiled against; the registry rejects versions it does not know. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /**
     * Whether this extractor can read the shape. Cheap and pure: no I/O, no state, never throws. It is
     * called before the first request (with only the hint, endpoint and model known) and again on the first
     * response. Before a response exists, answer from the hint; a foreign shape is simply declined.
     */
    boolean supports(ProviderShape shape);

    /** Adds the request fields this shape needs (e.g. {@code return_token_ids}); called only for the chosen extractor. */
    default void contribute(ExtractorRequest request) {}

    /**
     * Reads the ids of choice {@code choiceIndex} (the {@code index} field of the choice) from a
     * non-streamed response body. Never returns null.
     *
     * @throws io.evalprotocol.errors.TokenIdExtractionException when the shape is not what this extractor reads,
     *     or ids and logprobs from one channel are misaligned
     */
    ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context);

    /** A fresh accumulator for choice {@code choiceIndex} of one streamed response. */
    TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context);
}
