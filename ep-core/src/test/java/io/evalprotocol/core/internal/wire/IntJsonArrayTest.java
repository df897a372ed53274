package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.core.EvalProtocolJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
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
                // the row writer writes an int[] directly: the text its element-by-element path writes
                assertThat(EvalProtocolJson.writeValue(ours)).as(text).isEqualTo(EvalProtocolJson.writeValue(theirs))
                        .isEqualTo(a.toString());
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

    /**
     * A row's {@code prompt_token_ids} used to be written to text when the row was built (exact-text
     * {@code RawJsonArray}); {@link IntJsonArray#of(TokenIds)} keeps the ints instead. Whatever a caller can
     * observe must be the same: JSON-P equality both ways (also with Parsson's array), hash, text, elements, and
     * the JSON the row writer writes.
     */
    @Test
    void ofTokenIdsIsObservablyTheWrittenTextItReplaces() {
        Random r = new Random(5);
        for (int n = 0; n < 1000; n++) {
            int[] ids = new int[n < 3 ? n : r.nextInt(n % 7 == 0 ? 2000 : 40)];
            for (int i = 0; i < ids.length; i++) {
                int kind = r.nextInt(8);
                ids[i] = kind == 0 ? 0 : kind == 1 ? Integer.MAX_VALUE : kind == 2 ? r.nextInt(10) : r.nextInt(200_000);
            }
            TokenIds tokenIds = TokenIds.of(ids);
            CompactJson text = new CompactJson();
            text.startArray();
            for (int i = 0; i < ids.length; i++) {
                if (i > 0) {
                    text.comma();
                }
                text.number(ids[i]);
            }
            text.endArray();
            JsonArray written = (JsonArray) text.toRawValue();
            JsonArrayBuilder b = jsonp.createArrayBuilder();
            for (int id : ids) {
                b.add(id);
            }
            JsonArray parsson = b.build();

            IntJsonArray ours = IntJsonArray.of(tokenIds);

            String what = written.toString();
            assertThat(ours).as(what).isEqualTo(written).isEqualTo(parsson);
            assertThat(written).as(what).isEqualTo(ours);
            assertThat(parsson).as(what).isEqualTo(ours);
            assertThat(ours.hashCode()).as(what).isEqualTo(written.hashCode()).isEqualTo(parsson.hashCode());
            assertThat(ours.toString()).as(what).isEqualTo(what).isEqualTo(parsson.toString());
            assertThat(ours.getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
            assertThat(ours.size()).isEqualTo(ids.length);
            assertThat(ours.getValuesAs(JsonNumber.class)).isEqualTo(written.getValuesAs(JsonNumber.class));
            for (int i = 0; i < ids.length; i++) {
                assertThat(ours.getInt(i)).isEqualTo(written.getInt(i));
                assertThat(ours.get(i)).isEqualTo(written.get(i));
                assertThat(ours.getJsonNumber(i).longValueExact()).isEqualTo(written.getJsonNumber(i).longValueExact());
            }
            assertThat(EvalProtocolJson.writeValue(ours)).as(what).isEqualTo(EvalProtocolJson.writeValue(written))
                    .isEqualTo(what);
            JsonObject inOurs = jsonp.createObjectBuilder().add("prompt_token_ids", ours).build();
            JsonObject inWritten = jsonp.createObjectBuilder().add("prompt_token_ids", written).build();
            assertThat(inOurs).isEqualTo(inWritten);
            assertThat(inWritten).isEqualTo(inOurs);
            assertThat(EvalProtocolJson.writeValue(inOurs)).isEqualTo(EvalProtocolJson.writeValue(inWritten));
        }
    }

    @Test
    void ofTokenIdsKeepsItsOwnCopy() {
        int[] ids = {4, 5, 6};
        IntJsonArray a = IntJsonArray.of(TokenIds.of(ids));
        int[] out = a.toIntArray();
        out[0] = 99;
        assertThat(a.getInt(0)).isEqualTo(4);
        assertThatThrownBy(() -> a.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
