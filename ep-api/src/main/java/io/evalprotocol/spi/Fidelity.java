package io.evalprotocol.spi;

/** How faithful the ids an extractor produces are to what the inference engine sampled. */
public enum Fidelity {
    /** Ids the engine reported itself. */
    EXACT,
    /**
     * Ids looked up from other data the provider returned (e.g. each logprob entry's bytes mapped to its
     * vocabulary id). Never chosen unless the user opts in.
     */
    RECONSTRUCTED
}
