package io.evalprotocol.core;

import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.TokenIdExtractor;
import java.util.Objects;

/**
 * One extractor known to a {@link TokenIdExtractorRegistry}, with its descriptor read once at load time and
 * where it came from (for {@code ep providers} and for error messages).
 */
public final class RegisteredExtractor {
    private final TokenIdExtractor extractor;
    private final String id;
    private final int priority;
    private final Fidelity fidelity;
    private final String source;

    RegisteredExtractor(TokenIdExtractor extractor, String id, int priority, Fidelity fidelity, String source) {
        this.extractor = extractor;
        this.id = id;
        this.priority = priority;
        this.fidelity = fidelity;
        this.source = source;
    }

    public TokenIdExtractor extractor() {
        return extractor;
    }

    public String id() {
        return id;
    }

    public int priority() {
        return priority;
    }

    public Fidelity fidelity() {
        return fidelity;
    }

    /** Where it was found: {@code module <name>}, a jar or directory path, or {@code registered directly}. */
    public String source() {
        return source;
    }

    /** A one-line description: {@code vllm.token-ids (priority 200, EXACT, module io.evalprotocol.provider.vllm)}. */
    public String describe() {
        return id + " (priority " + priority + ", " + fidelity + ", " + source + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisteredExtractor && ((RegisteredExtractor) o).id.equals(id)
                && ((RegisteredExtractor) o).extractor.equals(extractor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, extractor);
    }

    @Override
    public String toString() {
        return describe();
    }
}
