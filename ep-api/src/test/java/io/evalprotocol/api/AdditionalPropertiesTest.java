package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A builder made by {@code toBuilder()} shares the value's additional properties until it changes them: the
 * values built before and after must never see each other's changes, and an unchanged builder builds the same
 * properties.
 */
class AdditionalPropertiesTest {
    private static final JsonValue ONE = Json.createValue(1);
    private static final JsonValue TWO = Json.createValue(2);

    @Test
    void aBuilderFromToBuilderChangesOnlyWhatItBuilds() {
        EvaluationRow original = EvaluationRow.builder().addMessage(Message.user("hi"))
                .putAdditionalProperty("a", ONE).putAdditionalProperty("b", TWO).build();

        EvaluationRow.Builder b = original.toBuilder();
        EvaluationRow same = b.build();
        b.putAdditionalProperty("a", TWO).putAdditionalProperty("c", ONE).putAdditionalProperty("b", JsonValue.NULL);
        EvaluationRow changed = b.build();
        b.putAdditionalProperty("d", ONE);
        EvaluationRow later = b.build();

        assertThat(original.additionalProperties()).containsExactly(Map.entry("a", ONE), Map.entry("b", TWO));
        assertThat(same.additionalProperties()).isEqualTo(original.additionalProperties());
        assertThat(same).isEqualTo(original);
        assertThat(changed.additionalProperties()).containsExactly(Map.entry("a", TWO), Map.entry("c", ONE));
        assertThat(later.additionalProperties()).containsExactly(Map.entry("a", TWO), Map.entry("c", ONE),
                Map.entry("d", ONE));
        assertThatThrownBy(() -> same.additionalProperties().put("x", ONE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> later.additionalProperties().put("x", ONE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replacingAllPropertiesOfASharedMapLeavesTheOriginal() {
        Message original = Message.builder().role(Role.USER).content("x").putAdditionalProperty("a", ONE).build();

        Message replaced = original.toBuilder().additionalProperties(Map.of("b", TWO)).build();
        Message cleared = original.toBuilder().additionalProperties(Map.of()).build();

        assertThat(original.additionalProperties()).containsExactly(Map.entry("a", ONE));
        assertThat(replaced.additionalProperties()).containsExactly(Map.entry("b", TWO));
        assertThat(cleared.additionalProperties()).isEmpty();
        assertThat(original.toBuilder().build()).isEqualTo(original);
        assertThat(original.toBuilder().build().hashCode()).isEqualTo(original.hashCode());
    }

    @Test
    void declaredFieldsAreStillRefusedAsAdditionalProperties() {
        ExecutionMetadata m = ExecutionMetadata.builder().putAdditionalProperty("a", ONE).build();

        assertThatThrownBy(() -> m.toBuilder().putAdditionalProperty("extra", ONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.toBuilder().rolloutId("r").build().additionalProperties()).containsExactly(Map.entry("a", ONE));
        assertThat(List.of(m.toBuilder().build().additionalProperties())).containsExactly(m.additionalProperties());
    }
}
