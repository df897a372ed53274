package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code Message.Builder.flatLogprobs} keeps the {@code double[]} and gives {@code logprobs()} as a lazy JSON-P
 * array: it must behave exactly like the JSON-P array of the same numbers it replaces.
 */
class FlatLogprobsTest {

    @Test
    void keepsTheGivenValuesWithoutCopying() {
        TokenLogprobs values = TokenLogprobs.wrap(new double[] {-0.25, -1.5e-5, 0.0});
        Message m = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3)).flatLogprobs(values).build();

        assertThat(m.flatLogprobs()).get().isSameAs(values);
        assertThat(m.toBuilder().build().flatLogprobs()).get().isSameAs(values);
    }

    @Test
    void jsonViewEqualsTheJsonpArrayOfTheSameNumbersBothWays() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 0; n < 300; n++) {
            double[] v = new double[r.nextInt(20)];
            JsonArrayBuilder expected = Json.createArrayBuilder();
            for (int i = 0; i < v.length; i++) {
                v[i] = sample(r);
                expected.add(v[i]);
            }
            JsonArray jsonp = expected.build();
            JsonValue flat = Message.builder().role(Role.ASSISTANT).flatLogprobs(TokenLogprobs.of(v)).build()
                    .logprobs().orElseThrow();

            assertThat(flat).isEqualTo(jsonp);
            assertThat(jsonp).isEqualTo(flat);
            assertThat(flat.hashCode()).isEqualTo(jsonp.hashCode());
            assertThat(flat.getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
            JsonArray array = flat.asJsonArray();
            assertThat(array).hasSize(v.length);
            assertThat(new ArrayList<>(array)).isEqualTo(new ArrayList<>(jsonp));
            for (int i = 0; i < v.length; i++) {
                assertThat(array.getJsonNumber(i).doubleValue()).isEqualTo(v[i]);
                assertThat(array.getJsonNumber(i)).isEqualTo(jsonp.getJsonNumber(i));
                assertThat(array.isNull(i)).isFalse();
            }
            assertThat(array.getValuesAs(JsonNumber.class)).isEqualTo(jsonp.getValuesAs(JsonNumber.class));
            // the JSON text reads back as the same numbers
            JsonArray reparsed = Json.createReader(new java.io.StringReader(flat.toString())).readArray();
            for (int i = 0; i < v.length; i++) {
                assertThat(reparsed.getJsonNumber(i).doubleValue()).isEqualTo(v[i]);
            }
        }
    }

    @Test
    void equalityBetweenFlatArraysFollowsTheJsonpElements() {
        JsonValue a = flat(-0.5, 0.0, Double.NaN);
        assertThat(a).isEqualTo(flat(-0.5, -0.0, Double.NaN));
        assertThat(a).isNotEqualTo(flat(-0.5, 0.0, -1.0));
        assertThat(a).isNotEqualTo(flat(-0.5, 0.0));
        assertThat(a.hashCode()).isEqualTo(flat(-0.5, -0.0, Double.NaN).hashCode());
    }

    @Test
    void messagesWithTheSameFlatNumbersAreEqualWhateverTheNumberText() {
        Message flat = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .flatLogprobs(TokenLogprobs.of(-2.0e-4, -0.0, 100.0)).build();
        Message read = flat.toBuilder().logprobs(RawJsonValue.of("[-0.0002,0.0,1e2]")).build();
        Message other = flat.toBuilder().logprobs(RawJsonValue.of("[-0.0002,0.0,1e3]")).build();
        Message object = flat.toBuilder().logprobs(RawJsonValue.of("{\"content\":[]}")).build();

        assertThat(read).isEqualTo(flat);
        assertThat(flat).isEqualTo(read);
        assertThat(flat).isNotEqualTo(other);
        assertThat(flat).isNotEqualTo(object);
        assertThat(object).isNotEqualTo(flat);
        assertThat(flat.toBuilder().logprobs(null).build()).isNotEqualTo(flat);
    }

    @Test
    void aMissingValueIsTheJsonNullElement() {
        JsonArray array = flat(-0.5, Double.NaN).asJsonArray();

        assertThat(array.get(1)).isEqualTo(JsonValue.NULL);
        assertThat(array.isNull(1)).isTrue();
        assertThat(array).isEqualTo(Json.createArrayBuilder().add(-0.5).addNull().build());
        assertThat(array.toString()).isEqualTo("[-0.5,null]");
    }

    @Test
    void aNullInAFlatListReadsBackAsAMissingValue() {
        // what the ids-only path writes for a logprob the provider did not send
        Message raw = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .logprobs(RawJsonValue.of("[-0.25,null,-1.5e-05]")).build();
        Message jsonp = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .logprobs(Json.createArrayBuilder().add(-0.25).addNull().add(-1.5e-05).build()).build();
        Message built = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .flatLogprobs(TokenLogprobs.of(-0.25, Double.NaN, -1.5e-05)).build();

        for (Message m : List.of(raw, jsonp)) {
            TokenLogprobs f = m.flatLogprobs().orElseThrow();
            assertThat(f.size()).isEqualTo(3);
            assertThat(f.get(0)).isEqualTo(-0.25);
            assertThat(f.isMissing(1)).isTrue();
            assertThat(f.get(2)).isEqualTo(-1.5e-05);
            assertThat(m).isEqualTo(built);
        }
    }

    @Test
    void aNullInAFlatListStillCountsForAlignment() {
        Message.Builder b = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .logprobs(RawJsonValue.of("[null,-0.5]"));

        assertThatThrownBy(b::build).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("3 ids").hasMessageContaining("2 values");
    }

    @Test
    void checksAlignmentWithTheIdsEvenWithMissingValues() {
        Message.Builder b = Message.builder().role(Role.ASSISTANT).tokenIds(TokenIds.of(1, 2, 3))
                .flatLogprobs(TokenLogprobs.of(-0.1, Double.NaN));

        assertThatThrownBy(b::build).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("3 ids").hasMessageContaining("2 values");
    }

    @Test
    void rejectsInfiniteValuesNamingTheIndex() {
        assertThatThrownBy(() -> Message.builder().role(Role.ASSISTANT)
                .flatLogprobs(TokenLogprobs.of(-0.1, Double.NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
    }

    @Test
    void isImmutable() {
        JsonArray array = flat(-0.5).asJsonArray();

        assertThatThrownBy(() -> array.add(JsonValue.NULL)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> array.set(0, JsonValue.NULL)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> array.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void typedAccessorsFailLikeJsonp() {
        JsonArray array = flat(-2.0).asJsonArray();
        JsonArray jsonp = Json.createArrayBuilder().add(-2.0).build();

        assertThat(array.getInt(0)).isEqualTo(jsonp.getInt(0));
        assertThat(array.getInt(5, 7)).isEqualTo(jsonp.getInt(5, 7));
        assertThat(array.getString(0, "d")).isEqualTo(jsonp.getString(0, "d"));
        assertThat(array.getBoolean(0, true)).isEqualTo(jsonp.getBoolean(0, true));
        assertThatThrownBy(() -> array.getString(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> jsonp.getString(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> array.getBoolean(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> array.getJsonObject(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> array.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void flatLogprobsNullClearsTheLogprobs() {
        Message m = Message.builder().role(Role.ASSISTANT).flatLogprobs(TokenLogprobs.of(-1)).flatLogprobs(null).build();

        assertThat(m.logprobs()).isEmpty();
        assertThat(m.flatLogprobs()).isEmpty();
    }

    private static JsonValue flat(double... v) {
        return Message.builder().role(Role.ASSISTANT).flatLogprobs(TokenLogprobs.of(v)).build().logprobs().orElseThrow();
    }

    private static double sample(SplittableRandom r) {
        List<Double> specials = List.of(0.0, -0.0, -9999.0, -1e-5, -1.0500000000000001e-5, -2.5e-7, -100.0, -1e16);
        if (r.nextInt(4) == 0) {
            return specials.get(r.nextInt(specials.size()));
        }
        return -r.nextDouble() * Math.pow(10, r.nextInt(-8, 3));
    }
}
