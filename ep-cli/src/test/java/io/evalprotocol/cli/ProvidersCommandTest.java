package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.RegisteredExtractor;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.Fidelity;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersCommandTest {
    /** A stand-in plugin: only its descriptor matters here. */
    private static final class Fake implements TokenIdExtractor {
        private final String id;
        private final int priority;
        private final Fidelity fidelity;

        Fake(String id, int priority, Fidelity fidelity) {
            this.id = id;
            this.priority = priority;
            this.fidelity = fidelity;
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
            return false;
        }

        @Override
        public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
            throw new UnsupportedOperationException("descriptor only");
        }

        @Override
        public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
            throw new UnsupportedOperationException("descriptor only");
        }
    }

    @Test
    void printsATableHighestPriorityFirst() {
        List<RegisteredExtractor> registered = TokenIdExtractorRegistry.of(List.of(
                new Fake("acme.tiktoken", 10, Fidelity.RECONSTRUCTED), new Fake("acme.token-ids", 100, Fidelity.EXACT)))
                .registered();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ProvidersCommand.print(registered, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "2 token-id extractors, highest priority first:",
                "  ID              PRIORITY  FIDELITY       SOURCE",
                "  acme.token-ids       100  EXACT          registered directly",
                "  acme.tiktoken         10  RECONSTRUCTED  registered directly");
    }

    @Test
    void listsEveryExtractorOnTheClassPathWithWhereItCameFrom() {
        CliRun r = CliRun.run("providers");

        assertThat(r.exitCode).as(r.toString()).isZero();
        for (RegisteredExtractor e : TokenIdExtractorRegistry.load().registered()) {
            assertThat(r.out).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(e.id()) + " +" + e.priority()
                    + " +" + e.fidelity() + " +" + java.util.regex.Pattern.quote(e.source()) + "$");
        }
        assertThat(r.out).contains("vllm.token-ids").contains("module io.evalprotocol.provider.vllm");
    }
}
