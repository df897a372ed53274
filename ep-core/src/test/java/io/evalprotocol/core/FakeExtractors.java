package io.evalprotocol.core;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import java.util.function.Predicate;

/** Small configurable extractors for registry tests (fakes, not mocks: the SPI is tiny). */
final class FakeExtractors {
    private FakeExtractors() {}

    static TokenIdExtractor fake(String id, int priority, Predicate<ProviderShape> supports) {
        return new Fake(id, priority, Fidelity.EXACT, supports);
    }

    static TokenIdExtractor reconstructed(String id, int priority, Predicate<ProviderShape> supports) {
        return new Fake(id, priority, Fidelity.RECONSTRUCTED, supports);
    }

    static Predicate<ProviderShape> hint(String name) {
        return shape -> shape.hintIs(name);
    }

    static class Fake implements TokenIdExtractor {
        private final String id;
        private final int priority;
        private final Fidelity fidelity;
        private final Predicate<ProviderShape> supports;

        Fake(String id, int priority, Fidelity fidelity, Predicate<ProviderShape> supports) {
            this.id = id;
            this.priority = priority;
            this.fidelity = fidelity;
            this.supports = supports;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Fidelity fidelity() {
            return fidelity;
        }

        @Override
        public boolean supports(ProviderShape shape) {
            return supports.test(shape);
        }

        @Override
        public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
            return ExtractedTokens.builder(id).completionTokenIds(TokenIds.of(1, 2, 3), "choices[].token_ids").build();
        }

        @Override
        public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
            throw new UnsupportedOperationException("not needed by registry tests");
        }

        @Override
        public String toString() {
            return "Fake[" + id + "]";
        }
    }

    /** Discovered through a services file in registry tests. */
    public static final class DiscoverableExtractor extends Fake {
        public DiscoverableExtractor() {
            super("test.discoverable", 10, Fidelity.EXACT, shape -> shape.hintIs("test"));
        }
    }

    /** A plugin whose constructor fails, as a plugin with a missing dependency would. */
    public static final class ExplodingExtractor extends Fake {
        public ExplodingExtractor() {
            super("test.exploding", 10, Fidelity.EXACT, shape -> true);
            throw new IllegalStateException("cannot start: missing tokenizer file");
        }
    }

    /** A plugin built against a future SPI. */
    public static final class FutureSpiExtractor extends Fake {
        public FutureSpiExtractor() {
            super("test.future", 10, Fidelity.EXACT, shape -> true);
        }

        @Override
        public int spiVersion() {
            return 99;
        }
    }
}
