package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Int arrays in a response ({@code token_ids}, {@code prompt_token_ids}) are read into an {@code int[]}-backed
 * {@link IntJsonArray}; everything a caller can observe must match the JSON-P array the old path built.
 */
class IntJsonArrayTest {
    private static final String[] ELEMENTS = {
        "0", "7", "-1", "151645", "2147483647", "-2147483648", "2147483648", "-0", "1.5", "1e3", "\"x\"", "null",
        "true", "[1,2]", "{\"a\":1}",
    };

    private final WireJson wire = new WireJson(100, 1000, 1000);
    private final JsonProvider jsonp = JsonProvider.provider();

    @Test
    void readArraysEqualJsonpArraysOfTheSameText() {
        Random r = new Random(3);
        int intArrays = 0;
        for (int n = 0; n < 2000; n++) {
            StringBuilder a = new StringBuilder("[");
            int size = r.nextInt(40);
            boolean onlyInts = r.nextBoolean();
            for (int i = 0; i < size; i++) {
                a.append(i > 0 ? "," : "").append(onlyInts ? Integer.toString(r.nextInt()) : ELEMENTS[r.nextInt(
                        r.nextInt(4) == 0 ? ELEMENTS.length : 7)]);
            }
            String text = "{\"token_ids\":" + a.append(']') + "}";
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            JsonArray ours = wire.readObject(utf8, 0, utf8.length, "body", true).getJsonArray("token_ids");
            JsonArray theirs;
            try (JsonReader reader = jsonp.createReader(new StringReader(text))) {
                theirs = reader.readObject().getJsonArray("token_ids");
            }
            assertThat(ours).as(text).isEqualTo(theirs);
            assertThat(theirs).as(text).isEqualTo(ours);
            assertThat(ours.hashCode()).as(text).isEqualTo(theirs.hashCode());
            assertThat(ours).as(text).hasSize(theirs.size());
            if (onlyInts) { // elsewhere WireJson keeps number text ("-0", "1e3") as written, which Parsson does not
                assertThat(ours.toString()).as(text).isEqualTo(theirs.toString()).isEqualTo(a.toString());
            }
            if (ours instanceof IntJsonArray) {
                intArrays++;
                for (int i = 0; i < ours.size(); i++) {
                    assertThat(ours.getInt(i)).isEqualTo(theirs.getInt(i));
                    assertThat(ours.getJsonNumber(i).intValueExact()).isEqualTo(theirs.getJsonNumber(i).intValueExact());
                    assertThat(ours.isNull(i)).isFalse();
                }
            }
        }
        assertThat(intArrays).as("int arrays take the int[] path").isGreaterThan(800);
    }

    @Test
    void behavesLikeAnImmutableJsonpArray() {
        byte[] utf8 = "{\"ids\":[3,1,2]}".getBytes(StandardCharsets.UTF_8);
        JsonObject o = wire.readObject(utf8, 0, utf8.length, "body", true);
        JsonArray ids = o.getJsonArray("ids");
        assertThat(ids).isInstanceOf(IntJsonArray.class);
        assertThat(ids.getValuesAs(JsonNumber.class)).extracting(JsonNumber::intValue).containsExactly(3, 1, 2);
        assertThat(ids.getInt(5, -1)).isEqualTo(-1);
        assertThat(ids.getString(0, "d")).isEqualTo("d");
        assertThat(o.toString()).isEqualTo("{\"ids\":[3,1,2]}");
        assertThatThrownBy(() -> ids.add(jsonp.createValue(4))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ids.getJsonString(0)).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> ids.isNull(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
