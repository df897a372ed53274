package io.evalprotocol.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ExtractionContextTest {
    private static final ProviderShape SHAPE = ProviderShape.builder().build();

    @Test
    void builderFactoryIsMadeOnceAndBuildsJson() {
        ExtractionContext context = ExtractionContext.of(SHAPE);

        JsonObject built = context.builderFactory().createObjectBuilder().add("token_ids", 1).build();

        assertThat(built.getInt("token_ids")).isEqualTo(1);
        assertThat(context.builderFactory()).isSameAs(context.builderFactory());
    }

    @Test
    void refusesANonPositiveTokenIdLimit() {
        assertThatThrownBy(() -> ExtractionContext.of(SHAPE, ExtractionContext.of(SHAPE).jsonProvider(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTokenIds must be positive");
    }
}
