package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ExtractorPinsTest {
    private static TokenIdExtractor extractor(String id, int priority, Predicate<ProviderShape> supports) {
        return new TokenIdExtractor() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public boolean supports(ProviderShape shape) {
                return supports.test(shape);
            }

            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theRecordIsMadeOnceForEachExtractorThePinHandsOutNotForEveryRequest() {
        TokenIdExtractor fromHint = extractor("test.hint", 10, s -> s.hintIs("x"));
        TokenIdExtractor fromResponse = extractor("test.response", 20, s -> s.firstResponse().isPresent());
        List<String> made = new ArrayList<>();
        ExtractorPins pins = new ExtractorPins(TokenIdExtractorRegistry.of(List.of(fromHint, fromResponse)),
                ExtractorSelectionPolicy.probe(), "x", URI.create("http://127.0.0.1:1/v1"), (shape, e) -> {
                    made.add(e == null ? "none" : e.id());
                    return Json.createObjectBuilder().add("by", e == null ? "none" : e.id()).build();
                });
        ExtractorPins.Pin pin = pins.pin("m", false);

        ExtractorPins.Request first = pin.request();
        for (int i = 0; i < 5; i++) {
            assertThat(pin.request()).isSameAs(first);
        }
        assertThat(first.extractor).isSameAs(fromHint);
        assertThat(first.completionParams.getString("by")).isEqualTo("test.hint");

        pin.forResponse(Json.createObjectBuilder().add("choices", Json.createArrayBuilder()).build());
        ExtractorPins.Request confirmed = pin.request();
        assertThat(confirmed.extractor).isSameAs(fromResponse);
        assertThat(confirmed.completionParams.getString("by")).isEqualTo("test.response");
        for (int i = 0; i < 5; i++) {
            assertThat(pin.request()).isSameAs(confirmed);
        }
        assertThat(made).containsExactly("test.hint", "test.response");
        // another pin (streaming) has a record of its own
        assertThat(pins.pin("m", true).request()).isNotSameAs(first);
        assertThat(made).hasSize(3);
    }
}
