package io.evalprotocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Pins the lazy view of {@link RawJsonObject} and {@link RawJsonArray} to JSON-P's own tree of the same
 * text (Parsson's reader): thousands of generated values compared method by method, results and exception
 * types alike.
 */
class RawJsonViewConformanceTest {
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "7", "42", "123456789", "-123456789", "1234567890", "2147483647", "-2147483648",
        "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "123456789012345678901234567890", "1.0", "1.50", "-0.0", "0.0", "1e+16", "1E16", "1e16", "-2.4e-7",
        "0.5", "1e-7", "-9999.0", "3.141592653589793", "1e2", "10E-1", "2.5E+3", "-1.7976931348623157e308",
        "4.9e-324", "100", "999999999", "1000000000",
    };
    private static final String[] KEYS = {"a", "b", "logprob", "token_id", "content", "é", "中文", ""};

    private final Random random = new Random(20261126);

    @Test
    void matchesJsonPTreesOnGeneratedValues() {
        for (int n = 0; n < 3000; n++) {
            String text = container(0);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            JsonValue expected = parsson(utf8);
            // as its own array, and as a slice of a larger one
            byte[] padded = new byte[utf8.length + 7];
            Arrays.fill(padded, (byte) '#');
            System.arraycopy(utf8, 0, padded, 3, utf8.length);
            try {
                check(expected, RawJsonValue.trusted(utf8), text);
                check(expected, RawJsonValue.trusted(padded, 3, 3 + utf8.length), text);
            } catch (AssertionError e) {
                throw new AssertionError("value #" + n + ": " + text + "\n" + e.getMessage(), e);
            }
        }
    }

    @Test
    void keepsTheLastOfDuplicateKeysAtTheFirstPosition() {
        String text = "{\"a\":1,\"b\":[2],\"\\u0061\":{\"c\":3},\"b\":\"x\"}";
        JsonObject raw = (JsonObject) RawJsonValue.trusted(text.getBytes(StandardCharsets.UTF_8));

        assertThat(raw.get("a")).isEqualTo(Json.createObjectBuilder().add("c", 3).build());
        assertThat(raw.keySet()).containsExactly("a", "b");
        assertThat(raw.getString("b")).isEqualTo("x");
        assertThat(raw).isEqualTo(parsson(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void findsALaterDuplicateOfAContainerOnTheFirstLookup() {
        byte[] text = "{\"content\":[1,2],\"content\":null}".getBytes(StandardCharsets.UTF_8);

        assertThat(((JsonObject) RawJsonValue.trusted(text)).get("content")).isEqualTo(JsonValue.NULL);
        byte[] swapped = "{\"content\":null,\"content\":[{\"a\":1}]}".getBytes(StandardCharsets.UTF_8);
        JsonArray content = ((JsonObject) RawJsonValue.trusted(swapped)).getJsonArray("content");
        assertThat(content.getJsonObject(0).getInt("a")).isEqualTo(1);
    }

    @Test
    void readsEscapedAndMultiByteKeysAndStrings() {
        String text = "{\"\\u00e9\\n\":\"\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\r\\t\",\"é\":\"😀中\"}";
        JsonObject raw = (JsonObject) RawJsonValue.trusted(text.getBytes(StandardCharsets.UTF_8));

        assertThat(raw.getString("é\n")).isEqualTo("😀 \"q\" \\ / \b\f\r\t");
        assertThat(raw.getString("é")).isEqualTo("😀中");
        assertThat(raw.containsKey("\\u00e9\\n")).isFalse();
    }

    @Test
    void failsOnANumberJsonPCannotHoldWhenItIsRead() {
        JsonArray raw = (JsonArray) RawJsonValue.trusted("[1,1e9999999999]".getBytes(StandardCharsets.UTF_8));

        assertThat(raw.getInt(0)).isEqualTo(1);
        assertThatThrownBy(() -> raw.getJsonNumber(1).doubleValue()).isInstanceOf(jakarta.json.JsonException.class)
                .hasMessageContaining("out of range");
    }

    // ---- comparison ------------------------------------------------------------------------------------

    private static JsonValue parsson(byte[] utf8) {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(utf8))) {
            return r.readValue();
        }
    }

    private void check(JsonValue expected, JsonValue raw, String text) {
        assertThat(raw.toString()).isEqualTo(text);
        // the first lookup of a fresh object takes the one-pass path: compare it before anything else
        if (raw instanceof JsonObject) {
            for (String k : ((JsonObject) expected).keySet()) {
                JsonValue fresh = RawJsonValue.trusted(text.getBytes(StandardCharsets.UTF_8));
                compare(((JsonObject) expected).get(k), ((JsonObject) fresh).get(k), "fresh get " + k, 0);
            }
        }
        if (raw instanceof JsonArray && !((JsonArray) expected).isEmpty()) {
            JsonValue fresh = RawJsonValue.trusted(text.getBytes(StandardCharsets.UTF_8));
            compare(((JsonArray) expected).get(0), ((JsonArray) fresh).get(0), "fresh get 0", 0);
        }
        compare(expected, raw, "$", 0);
    }

    private void compare(JsonValue e, JsonValue a, String where, int depth) {
        assertThat(a.getValueType()).as(where).isEqualTo(e.getValueType());
        assertThat(a).as(where).isEqualTo(e);
        assertThat(e).as(where).isEqualTo(a);
        assertThat(a.hashCode()).as(where).isEqualTo(e.hashCode());
        switch (e.getValueType()) {
            case OBJECT:
                compareObjects((JsonObject) e, (JsonObject) a, where, depth);
                break;
            case ARRAY:
                compareArrays((JsonArray) e, (JsonArray) a, where, depth);
                break;
            case NUMBER:
                compareNumbers((JsonNumber) e, (JsonNumber) a, where);
                break;
            case STRING:
                assertThat(((JsonString) a).getString()).as(where).isEqualTo(((JsonString) e).getString());
                assertThat(((JsonString) a).getChars().toString()).as(where)
                        .isEqualTo(((JsonString) e).getChars().toString());
                break;
            default:
                assertThat(a).as(where).isSameAs(e);
        }
    }

    private void compareObjects(JsonObject e, JsonObject a, String where, int depth) {
        same(where + " size", e::size, a::size);
        same(where + " isEmpty", e::isEmpty, a::isEmpty);
        assertThat(new ArrayList<>(a.keySet())).as(where).isEqualTo(new ArrayList<>(e.keySet()));
        assertThat(new ArrayList<>(a.values())).as(where).isEqualTo(new ArrayList<>(e.values()));
        assertThat(new ArrayList<>(a.entrySet())).as(where).isEqualTo(new ArrayList<>(e.entrySet()));
        assertThat(a.entrySet()).as(where).isEqualTo(e.entrySet());
        assertThat(a.keySet().hashCode()).as(where).isEqualTo(e.keySet().hashCode());
        List<String> probes = new ArrayList<>(e.keySet());
        probes.add("absent");
        probes.add("\\u0061");
        for (String k : probes) {
            String w = where + " key " + k;
            same(w + " get", () -> e.get(k), () -> a.get(k));
            same(w + " containsKey", () -> e.containsKey(k), () -> a.containsKey(k));
            same(w + " getJsonArray", () -> e.getJsonArray(k), () -> a.getJsonArray(k));
            same(w + " getJsonObject", () -> e.getJsonObject(k), () -> a.getJsonObject(k));
            same(w + " getJsonNumber", () -> e.getJsonNumber(k), () -> a.getJsonNumber(k));
            same(w + " getJsonString", () -> e.getJsonString(k), () -> a.getJsonString(k));
            same(w + " getString", () -> e.getString(k), () -> a.getString(k));
            same(w + " getString(d)", () -> e.getString(k, "d"), () -> a.getString(k, "d"));
            same(w + " getInt", () -> e.getInt(k), () -> a.getInt(k));
            same(w + " getInt(d)", () -> e.getInt(k, -5), () -> a.getInt(k, -5));
            same(w + " getBoolean", () -> e.getBoolean(k), () -> a.getBoolean(k));
            same(w + " getBoolean(d)", () -> e.getBoolean(k, true), () -> a.getBoolean(k, true));
            same(w + " isNull", () -> e.isNull(k), () -> a.isNull(k));
            same(w + " getOrDefault", () -> e.getOrDefault(k, JsonValue.TRUE), () -> a.getOrDefault(k, JsonValue.TRUE));
        }
        same(where + " get(null)", () -> e.get(null), () -> a.get(null));
        same(where + " get(1)", () -> e.get(1), () -> a.get(1));
        same(where + " containsKey(null)", () -> e.containsKey(null), () -> a.containsKey(null));
        same(where + " put", () -> e.put("x", JsonValue.NULL), () -> a.put("x", JsonValue.NULL));
        same(where + " remove", () -> e.remove("a"), () -> a.remove("a"));
        for (Map.Entry<String, JsonValue> entry : e.entrySet()) {
            same(where + " containsValue", () -> e.containsValue(entry.getValue()), () -> a.containsValue(entry.getValue()));
            compare(entry.getValue(), a.get(entry.getKey()), where + "." + entry.getKey(), depth + 1);
        }
    }

    private void compareArrays(JsonArray e, JsonArray a, String where, int depth) {
        same(where + " size", e::size, a::size);
        same(where + " isEmpty", e::isEmpty, a::isEmpty);
        assertThat(new ArrayList<>(a)).as(where).isEqualTo(new ArrayList<>(e));
        assertThat(Arrays.asList(a.toArray())).as(where).isEqualTo(Arrays.asList(e.toArray()));
        assertThat(Arrays.asList(a.toArray(new JsonValue[0]))).as(where).isEqualTo(Arrays.asList(e.toArray(new JsonValue[0])));
        assertThat(a.getValuesAs(JsonValue.class)).as(where).isEqualTo(e.getValuesAs(JsonValue.class));
        for (int i = -1; i <= e.size(); i++) {
            int k = i;
            String w = where + "[" + i + "]";
            same(w + " get", () -> e.get(k), () -> a.get(k));
            same(w + " getJsonArray", () -> e.getJsonArray(k), () -> a.getJsonArray(k));
            same(w + " getJsonObject", () -> e.getJsonObject(k), () -> a.getJsonObject(k));
            same(w + " getJsonNumber", () -> e.getJsonNumber(k), () -> a.getJsonNumber(k));
            same(w + " getJsonString", () -> e.getJsonString(k), () -> a.getJsonString(k));
            same(w + " getString", () -> e.getString(k), () -> a.getString(k));
            same(w + " getString(d)", () -> e.getString(k, "d"), () -> a.getString(k, "d"));
            same(w + " getInt", () -> e.getInt(k), () -> a.getInt(k));
            same(w + " getInt(d)", () -> e.getInt(k, -5), () -> a.getInt(k, -5));
            same(w + " getBoolean", () -> e.getBoolean(k), () -> a.getBoolean(k));
            same(w + " getBoolean(d)", () -> e.getBoolean(k, true), () -> a.getBoolean(k, true));
            same(w + " isNull", () -> e.isNull(k), () -> a.isNull(k));
            same(w + " listIterator", () -> e.listIterator(k).hasPrevious(), () -> a.listIterator(k).hasPrevious());
            same(w + " subList", () -> e.subList(0, k), () -> a.subList(0, k));
        }
        for (JsonValue v : e) {
            same(where + " indexOf", () -> e.indexOf(v), () -> a.indexOf(v));
            same(where + " lastIndexOf", () -> e.lastIndexOf(v), () -> a.lastIndexOf(v));
            same(where + " contains", () -> e.contains(v), () -> a.contains(v));
        }
        same(where + " containsAll", () -> e.containsAll(e), () -> a.containsAll(e));
        same(where + " add", () -> e.add(JsonValue.NULL), () -> a.add(JsonValue.NULL));
        same(where + " set", () -> e.set(0, JsonValue.NULL), () -> a.set(0, JsonValue.NULL));
        Iterator<JsonValue> ie = e.iterator();
        Iterator<JsonValue> ia = a.iterator();
        while (ie.hasNext()) {
            assertThat(ia.hasNext()).as(where).isTrue();
            assertThat(ia.next()).as(where).isEqualTo(ie.next());
        }
        assertThat(ia.hasNext()).as(where).isFalse();
        ListIterator<JsonValue> back = a.listIterator(a.size());
        for (int i = e.size() - 1; i >= 0; i--) {
            assertThat(back.previous()).as(where).isEqualTo(e.get(i));
        }
        for (int i = 0; i < e.size(); i++) {
            compare(e.get(i), a.get(i), where + "[" + i + "]", depth + 1);
        }
    }

    private static void compareNumbers(JsonNumber e, JsonNumber a, String where) {
        same(where + " isIntegral", e::isIntegral, a::isIntegral);
        same(where + " intValue", e::intValue, a::intValue);
        same(where + " intValueExact", e::intValueExact, a::intValueExact);
        same(where + " longValue", e::longValue, a::longValue);
        same(where + " longValueExact", e::longValueExact, a::longValueExact);
        same(where + " bigIntegerValue", e::bigIntegerValue, a::bigIntegerValue);
        same(where + " bigIntegerValueExact", e::bigIntegerValueExact, a::bigIntegerValueExact);
        same(where + " doubleValue", e::doubleValue, a::doubleValue);
        same(where + " bigDecimalValue", e::bigDecimalValue, a::bigDecimalValue);
        same(where + " numberValue", e::numberValue, a::numberValue);
    }

    /** Same result, or an exception of the same type. */
    private static void same(String where, Callable<?> expected, Callable<?> actual) {
        Object e;
        Object a;
        try {
            e = expected.call();
        } catch (Exception ex) {
            e = ex.getClass();
        }
        try {
            a = actual.call();
        } catch (Exception ex) {
            a = ex.getClass();
        }
        assertThat(a).as(where).isEqualTo(e);
    }

    // ---- generation --------------------------------------------------------------------------------------

    private String container(int depth) {
        return random.nextBoolean() ? object(depth) : array(depth);
    }

    private String value(int depth) {
        int r = random.nextInt(depth >= 3 ? 6 : 8);
        switch (r) {
            case 0:
            case 1:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 2:
            case 3:
                return string(random.nextInt(12));
            case 4:
                return "true";
            case 5:
                return random.nextBoolean() ? "false" : "null";
            default:
                return container(depth + 1);
        }
    }

    private String object(int depth) {
        int n = random.nextInt(depth == 0 ? 7 : 5);
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String key = random.nextInt(3) == 0 ? randomString(random.nextInt(6)) : KEYS[random.nextInt(KEYS.length)];
            sb.append(quote(key)).append(':').append(value(depth));
        }
        return sb.append('}').toString();
    }

    private String array(int depth) {
        int n = random.nextInt(depth == 0 ? 9 : 5);
        StringBuilder sb = new StringBuilder("[");
        boolean entries = random.nextInt(3) == 0; // arrays of objects, as logprobs.content
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(entries && random.nextInt(5) != 0 ? object(depth + 1) : value(depth));
        }
        return sb.append(']').toString();
    }

    private String string(int length) {
        return quote(randomString(length));
    }

    private String randomString(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(10)) {
                case 0:
                    sb.append("é");
                    break;
                case 1:
                    sb.append("中");
                    break;
                case 2:
                    sb.append("😀");
                    break;
                case 3:
                    sb.append("\"\\/\b\f\n\r\t".charAt(random.nextInt(8)));
                    break;
                case 4:
                    sb.append((char) random.nextInt(0x20));
                    break;
                default:
                    sb.append((char) ('a' + random.nextInt(3)));
            }
        }
        return sb.toString();
    }

    /** JSON text of {@code s}, each character written raw or in one of its escaped forms at random. */
    private String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escapeIt = random.nextInt(4) == 0;
            switch (c) {
                case '"':
                    sb.append(escapeIt ? "\\u0022" : "\\\"");
                    continue;
                case '\\':
                    sb.append(escapeIt ? "\\u005C" : "\\\\");
                    continue;
                case '/':
                    sb.append(escapeIt ? "\\/" : "/");
                    continue;
                case '\b':
                    sb.append(escapeIt ? "\\u0008" : "\\b");
                    continue;
                case '\f':
                    sb.append(escapeIt ? "\\u000c" : "\\f");
                    continue;
                case '\n':
                    sb.append("\\n");
                    continue;
                case '\r':
                    sb.append("\\r");
                    continue;
                case '\t':
                    sb.append("\\t");
                    continue;
                default:
                    break;
            }
            if (Character.isHighSurrogate(c)) {
                // a pair is written raw (4-byte UTF-8) or as two escapes, never half and half
                char low = s.charAt(++i);
                if (escapeIt) {
                    sb.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
                } else {
                    sb.append(c).append(low);
                }
            } else if (c < 0x20 || escapeIt) {
                sb.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
