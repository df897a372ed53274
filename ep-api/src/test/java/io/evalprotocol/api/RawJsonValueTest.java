package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class RawJsonValueTest {

    @Test
    void keepsNumberTextAndDropsWhitespace() {
        JsonValue v = RawJsonValue.of(" {\n  \"a\" : [ 1E-7 , -0.0 , 1.50 ],\n  \"s\" : \"x y\" } ");

        assertThat(v).isInstanceOf(RawJsonValue.class).isInstanceOf(JsonObject.class);
        assertThat(v.toString()).isEqualTo("{\"a\":[1E-7,-0.0,1.50],\"s\":\"x y\"}");
    }

    @Test
    void escapesStringsAsPython() {
        assertThat(RawJsonValue.of("[\"\\u00e9\\/\\u001F\\n\"]").toString()).isEqualTo("[\"é/\\u001f\\n\"]");
    }

    @Test
    void returnsStandardValuesForScalarsOtherThanNumbers() {
        assertThat(RawJsonValue.of("true")).isSameAs(JsonValue.TRUE);
        assertThat(RawJsonValue.of("null")).isSameAs(JsonValue.NULL);
        assertThat(RawJsonValue.of("\"s\"")).isEqualTo(Json.createValue("s"));
        assertThat(RawJsonValue.of("-2.4e-7")).isInstanceOf(JsonNumber.class).hasToString("-2.4e-7");
    }

    @Test
    void rejectsMalformedOrTrailingText() {
        assertThatThrownBy(() -> RawJsonValue.of("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawJsonValue.of("[1] [2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawJsonValue.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void behavesAsAJsonPObject() {
        JsonObject o = (JsonObject) RawJsonValue.of("{\"content\":[{\"logprob\":-0.5,\"token_id\":9707}],\"refusal\":null}");

        assertThat(o.getJsonArray("content").getJsonObject(0).getInt("token_id")).isEqualTo(9707);
        assertThat(o.isNull("refusal")).isTrue();
        assertThat(o.keySet()).containsExactly("content", "refusal");
        assertThat(o).isEqualTo(Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("logprob", -0.5).add("token_id", 9707)))
                .addNull("refusal").build());
        assertThatThrownBy(() -> o.put("x", JsonValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void findsFlatNumberListsWithoutParsing() {
        RawJsonArray flat = (RawJsonArray) RawJsonValue.of("[-0.5,0,-1e-7,3]");
        RawJsonArray nested = (RawJsonArray) RawJsonValue.of("[-0.5,[1]]");
        RawJsonArray withNull = (RawJsonArray) RawJsonValue.of("[-0.5,null]");
        RawJsonArray empty = (RawJsonArray) RawJsonValue.of("[]");

        assertThat(flat.flatNumberCount()).isEqualTo(4);
        assertThat(flat.flatView()).isEqualTo(TokenLogprobs.of(-0.5, 0, -1e-7, 3));
        assertThat(nested.flatNumberCount()).isEqualTo(-1);
        assertThat(withNull.flatNumberCount()).isEqualTo(2); // null: a missing value, as the ids-only path writes it
        assertThat(withNull.flatView().isMissing(1)).isTrue();
        assertThat(((RawJsonArray) RawJsonValue.of("[-0.5,true]")).flatNumberCount()).isEqualTo(-1);
        assertThat(empty.flatNumberCount()).isZero();
        assertThat(((JsonArray) flat).size()).isEqualTo(4);
    }

    @Test
    void numbersCompareByValue() {
        assertThat(RawJsonValue.of("1.50")).isEqualTo(RawJsonValue.of("1.50"));
        assertThat(((JsonNumber) RawJsonValue.of("12345678901234567890123")).isIntegral()).isTrue();
        assertThat(((JsonNumber) RawJsonValue.of("1e2")).isIntegral()).isFalse();
    }

    @Test
    void aNumberOutOfRangeInsideAContainerFailsWithAJsonExceptionWhenRead() {
        // the text is kept as read; only the number's JSON-P value, which needs BigDecimal, cannot hold it
        JsonObject o = (JsonObject) RawJsonValue.of("{\"lp\":[1e9999999999]}");
        assertThat(o).hasToString("{\"lp\":[1e9999999999]}");
        JsonNumber n = o.getJsonArray("lp").getJsonNumber(0);
        assertThatThrownBy(n::doubleValue).isInstanceOf(jakarta.json.JsonException.class)
                .hasMessageContaining("out of range");
        JsonArray a = (JsonArray) RawJsonValue.of("[0.5,-1e-9999999999]");
        assertThat(a.getJsonNumber(0).doubleValue()).isEqualTo(0.5);
        assertThatThrownBy(() -> a.getJsonNumber(1).bigDecimalValue()).isInstanceOf(jakarta.json.JsonException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> a.getJsonNumber(1).doubleValue()).isInstanceOf(jakarta.json.JsonException.class);
    }
}
