package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader's envelope objects answer every JsonObject and Map method as JSON-P's own objects do. */
class WireObjectTest {
    private static final JsonProvider PARSSON = JsonProvider.provider();
    private static final String[] NAMES = {"id", "model", "choices", "index", "message", "content", "usage", "k",
        "é", "名前", "a\\\"b", "\\u0041", "", "finish_reason", "x1", "x2"};

    private final WireJson wire = new WireJson(100, 100_000, 1000);

    private JsonObject ours(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return wire.readObject(b, 0, b.length, "response body", true);
    }

    private static JsonObject parsson(String json) {
        try (var r = PARSSON.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    private static String value(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 6 : 8)) {
            case 0:
                return Integer.toString(r.nextInt(2000) - 1000);
            case 1:
                return "\"s" + r.nextInt(50) + (r.nextBoolean() ? "\\n\\u00e9" : "") + "\"";
            case 2:
                return r.nextBoolean() ? "true" : "false";
            case 3:
                return "null";
            case 4:
                return "-0.5e" + r.nextInt(5);
            case 5:
                return "[1,2," + r.nextInt(9) + "]";
            default:
                return object(r, depth + 1);
        }
    }

    /** An object with 0 to 30 members, names drawn with repeats (duplicates), and with whitespace now and then. */
    private static String object(Random r, int depth) {
        int n = r.nextInt(depth == 0 ? 31 : 6);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(4) == 0 ? "n" + r.nextInt(40) : NAMES[r.nextInt(NAMES.length)];
            sb.append(i > 0 ? (r.nextBoolean() ? ", " : ",") : "").append('"').append(name).append("\":")
                    .append(value(r, depth));
        }
        return sb.append('}').toString();
    }

    @Test
    void generatedObjectsAnswerLikeJsonP() {
        Random r = new Random(11);
        for (int n = 0; n < 3000; n++) {
            String json = object(r, 0);
            JsonObject a = ours(json);
            JsonObject b = parsson(json);
            assertThat(a).as(json).isInstanceOf(WireObject.class);
            assertThat(a).as(json).isEqualTo(b);
            assertThat(b).as(json).isEqualTo(a);
            assertThat(a.hashCode()).as(json).isEqualTo(b.hashCode());
            // JSON-P's own object holding the same values (the reader keeps number text as written, which a
            // JSON-P parse would not)
            assertThat(a.toString()).as(json).isEqualTo(PARSSON.createObjectBuilder(a).build().toString());
            assertThat(a.size()).isEqualTo(b.size());
            assertThat(a.isEmpty()).isEqualTo(b.isEmpty());
            // source order, duplicates at the first one's place with the last one's value
            assertThat(new ArrayList<>(a.keySet())).as(json).isEqualTo(new ArrayList<>(b.keySet()));
            List<JsonValue> av = new ArrayList<>(a.values());
            assertThat(av).as(json).isEqualTo(new ArrayList<>(b.values()));
            for (Map.Entry<String, JsonValue> e : b.entrySet()) {
                assertThat(a.get(e.getKey())).isEqualTo(e.getValue());
                assertThat(a.containsKey(e.getKey())).isTrue();
                // a name equal to a member's but not the same String object
                assertThat(a.get(new String(e.getKey().toCharArray()))).isEqualTo(e.getValue());
            }
            for (String absent : new String[] {"absent", "n99", "Id", "ids"}) {
                assertThat(a.get(absent)).isEqualTo(b.get(absent));
                assertThat(a.containsKey(absent)).isEqualTo(b.containsKey(absent));
            }
            assertThat(a.get(42)).isNull();
            assertThat(a.containsKey(null)).isFalse();
        }
    }

    @Test
    void typedGettersAnswerAndFailLikeJsonP() {
        String json = "{\"s\":\"x\",\"i\":7,\"t\":true,\"f\":false,\"z\":null,\"o\":{\"a\":1},\"a\":[1]}";
        JsonObject a = ours(json);
        JsonObject b = parsson(json);
        assertThat(a.getString("s")).isEqualTo(b.getString("s"));
        assertThat(a.getString("i", "d")).isEqualTo(b.getString("i", "d"));
        assertThat(a.getInt("i")).isEqualTo(b.getInt("i"));
        assertThat(a.getInt("s", 3)).isEqualTo(b.getInt("s", 3));
        assertThat(a.getBoolean("t")).isEqualTo(b.getBoolean("t"));
        assertThat(a.getBoolean("f", true)).isEqualTo(b.getBoolean("f", true));
        assertThat(a.getBoolean("nope", true)).isEqualTo(b.getBoolean("nope", true));
        assertThat(a.isNull("z")).isEqualTo(b.isNull("z"));
        assertThat(a.isNull("s")).isEqualTo(b.isNull("s"));
        assertThat(a.getJsonObject("o")).isEqualTo(b.getJsonObject("o"));
        assertThat(a.getJsonArray("a")).isEqualTo(b.getJsonArray("a"));
        assertThat(a.getJsonNumber("nope")).isNull();
        assertThatThrownBy(() -> a.getString("i")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> b.getString("i")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> a.getInt("nope")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.getInt("nope")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> a.isNull("nope")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> a.getBoolean("s")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> b.getBoolean("s")).isInstanceOf(ClassCastException.class);
        assertThat(a.getValue("/o/a")).isEqualTo(b.getValue("/o/a"));
        assertThat(a.getValueType()).isEqualTo(JsonValue.ValueType.OBJECT);
    }

    @Test
    void isImmutable() {
        JsonObject a = ours("{\"a\":1,\"b\":2}");
        assertThatThrownBy(() -> a.put("c", JsonValue.TRUE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.entrySet().iterator().next().setValue(JsonValue.NULL))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ours("{}")).isEqualTo(JsonValue.EMPTY_JSON_OBJECT).hasToString("{}");
    }
}
