package io.evalprotocol.core.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast event reader against {@link WireJson}, the reader it stands in for: on generated events (every
 * escape form, multi-byte UTF-8, every number form, whitespace, the kept payload keys) and on broken ones,
 * it either declines (null) or builds values equal to WireJson's in every way a reader can look at them, and
 * it never takes text that WireJson rejects.
 */
class ChunkReaderTest {
    private static final String[] STRING_PARTS = {
        "a", " the", "Hello", "é", "中文", "😊", "\\\"", "\\\\", "\\/", "/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u0009", "\\u00e9", "\\u00E9", "\\ud83d\\ude0a", "\\ud800",
        "\\udc00x", "\\u2028", "\u007f", " ", "<|im_end|>", "\\\\xf0\\\\x9f", "\u00ff", "\uffff", "\u0800",
    };
    private static final String[] NUMBERS = {
        "0", "-0", "7", "-12", "123456789", "1234567890", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1.5", "-0.0", "0.0", "1e5", "1E+5", "1e-5", "-2.5e-7", "0.000123", "1.0",
        "-9999.0", "1.5e1", "15e-1", "12345678901234567890.5", "1e400", "4.9e-324", "1.7976931348623157e308",
        "0.1", "0.30000000000000004", "-0.011786", "123456789012345678", "1234567890123456789", "9007199254740993.0",
        "4503599627370497.5", "1e22", "1e23", "1.23456789012345678e-7", "100", "-1", "1e0", "0e0", "-0e-0",
    };
    static final String[] KEYS = {
        "id", "object", "choices", "index", "delta", "content", "logprobs", "raw_output", "prompt_logprobs",
        "token_ids", "token", "bytes", "top_logprobs", "usage", "x", "", "é", "clé\\n", "\\u0041b", "tool_calls", "log\\u0070robs",
    };
    private static final String[] SPACE = {" ", "\n", "\t", "\r\n  "};

    static final int MAX_STRING = 200;
    static final int MAX_NUMBER = 40;
    static final int MAX_DEPTH = 12;

    private final WireJson wire = new WireJson(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
    private final ChunkReader reader = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);

    @Test
    void buildsWhatWireJsonBuildsOnGeneratedEvents() {
        Random r = new Random(5);
        int taken = 0;
        int canonicalSpans = 0;
        for (int n = 0; n < 2000; n++) {
            Gen g = new Gen(r, r.nextInt(4) == 0);
            String text = g.object(0);
            byte[] event = pad(r, text);
            int off = event.length - text.getBytes(StandardCharsets.UTF_8).length - 3;
            int len = event.length - off - 3;
            JsonObject slow;
            try {
                slow = wire.readObject(event, off, len, "stream event 1", true);
            } catch (InvalidResponseException e) {
                assertThat(reader.read(event, off, len)).as(text).isNull();
                continue;
            }
            JsonObject fast = reader.read(event, off, len);
            if (fast == null) {
                assertThat(g.declinable).as("declined: " + text).isTrue();
                continue;
            }
            Arrays.fill(event, (byte) 'x'); // the values own their bytes
            canonicalSpans += same(fast, slow, text);
            taken++;
        }
        assertThat(taken).as("events the fast reader took").isGreaterThan(1000);
        assertThat(canonicalSpans).as("containers whose text is lent as it stands").isGreaterThan(1600);
    }

    @Test
    void neverTakesWhatWireJsonRejectsAndAgreesOnWhatBothTake() {
        Random r = new Random(17);
        int rejected = 0;
        for (int n = 0; n < 5000; n++) {
            byte[] valid = new Gen(r, false).object(0).getBytes(StandardCharsets.UTF_8);
            byte[] b = mutate(r, valid);
            JsonObject slow;
            try {
                slow = wire.readObject(b, 0, b.length, "stream event 1", true);
            } catch (InvalidResponseException e) {
                assertThat(reader.read(b, 0, b.length)).as(new String(b, StandardCharsets.UTF_8)).isNull();
                rejected++;
                continue;
            }
            JsonObject fast = reader.read(b, 0, b.length);
            if (fast != null) {
                same(fast, slow, new String(b, StandardCharsets.UTF_8));
            }
        }
        assertThat(rejected).as("broken events").isGreaterThan(1200);
    }

    @Test
    void membersRepeatedFromThePreviousEventReadTheSameAsParsedAfresh() {
        // one reader for a whole stream: members whose text repeats at the same place are taken from the last event
        String[] members = {
            "\"id\":\"x\"", "\"id\":\"xy\"", "\"id\" : \"x\"", "\"n\":1", "\"n\":12", "\"n\":1.5", "\"n\":-1",
            "\"n\":1e5", "\"t\":true", "\"t\":null", "\"t\":false", "\"logprobs\":{\"content\":[1,2]}",
            "\"logprobs\":{\"content\":[1,2,3]}", "\"logprobs\":[1]", "\"logprobs\":{\"content\":[{\"token\":\"\\u00e9\"}]}",
            "\"logprobs\":{\"content\":[{\"token\":\"é\",\"top_logprobs\":[]}]}", "\"o\":{\"a\":1,\"b\":\"é\"}",
            "\"o\":{\"a\":1,\"b\":\"\\u00e9\"}", "\"o\":{\"a\":1}", "\"o\": {\"a\" :1}", "\"s\":\"a\\\"b\"",
            "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]", "\"choices\":[{\"index\":0,\"delta\":{}}]",
            "\"choices\":[{\"index\":1,\"delta\":{\"content\":\"a\"}},{\"index\":0}]", "\"x\":[[1],[1,2],{\"n\":1}]",
        };
        Random r = new Random(29);
        ChunkReader streamReader = new ChunkReader(MAX_DEPTH, MAX_STRING, MAX_NUMBER);
        int taken = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                sb.append(sb.length() > 1 ? "," : "").append(members[r.nextInt(members.length)]);
            }
            String text = r.nextInt(8) == 0 ? "{\"choices\":[" + sb + "}]}" : sb.append('}').toString();
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            JsonObject slow = wire.readObject(b, 0, b.length, "stream event 1", true);
            JsonObject fast = streamReader.read(b, 0, b.length);
            if (fast != null) {
                same(fast, slow, text);
                taken++;
            }
        }
        assertThat(taken).as("events taken").isGreaterThan(1500);
    }

    @Test
    void declinesTextAtTheLimitsSoThatWireJsonWordsTheError() {
        String longString = "{\"content\":\"" + "y".repeat(MAX_STRING + 1) + "\"}";
        String longNumber = "{\"n\":" + "1".repeat(MAX_NUMBER + 1) + "}";
        String deep = "{\"a\":" + "[".repeat(MAX_DEPTH) + "]".repeat(MAX_DEPTH) + "}";
        String duplicate = "{\"a\":1,\"a\":2}";
        for (String s : List.of(longString, longNumber, deep, duplicate, "{\"a\":1} x", "[1]", "{\"a\":\"\u0001\"}")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(reader.read(b, 0, b.length)).as(s).isNull();
        }
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        assertThat(reader.read(invalidUtf8, 0, invalidUtf8.length)).isNull();
    }

    @Test
    void knownKeysAreTheInternedLiterals() {
        byte[] b = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}".getBytes(StandardCharsets.UTF_8);
        JsonObject o = reader.read(b, 0, b.length);
        assertThat(o.keySet().iterator().next()).isSameAs("choices");
        JsonObject choice = o.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("delta").getString("content")).isEqualTo("x");
        assertThat(choice.get("logprobs")).isNull();
        assertThat(choice.containsKey("index")).isTrue();
        assertThat(choice.get(new String("index"))).isEqualTo(choice.get("index")); // an equal, not interned name
        assertThat(choice.get(new String("logprobs"))).isNull();
    }

    /**
     * Asserts every observable property equal, and that the values the assembler puts into the response
     * ({@link ChunkJson#standard}) are WireJson's, kept payloads as exact text included.
     */
    static int same(JsonObject fast, JsonObject slow, String where) {
        JsonObject standard = (JsonObject) ChunkJson.standard(fast);
        assertThat(standard).as(where).isEqualTo(slow);
        assertThat(compact(standard)).as(where).isEqualTo(compact(slow));
        for (String key : slow.keySet()) {
            assertThat(standard.get(key) instanceof RawJsonValue).as(where + " " + key)
                    .isEqualTo(slow.get(key) instanceof RawJsonValue);
        }
        return same((JsonValue) fast, slow, where, false);
    }

    /**
     * Asserts every observable property equal; returns how many containers were canonical spans. Inside a
     * kept payload WireJson's values are its exact-text view, which words numbers its own way in toString().
     */
    private static int same(JsonValue fast, JsonValue slow, String where, boolean inView) {
        assertThat(fast).as(where).isEqualTo(slow);
        assertThat(slow).as(where).isEqualTo(fast);
        assertThat(fast.hashCode()).as(where).isEqualTo(slow.hashCode());
        assertThat(fast.getValueType()).as(where).isEqualTo(slow.getValueType());
        if (!inView) {
            assertThat(compact(fast)).as(where).isEqualTo(compact(slow));
            assertThat(fast.toString()).as(where).isEqualTo(slow.toString());
        }
        boolean view = inView || slow instanceof RawJsonValue;
        int spans = 0;
        if (fast instanceof ChunkJson.Spanned && ((ChunkJson.Spanned) fast).canonical()) {
            ChunkJson.Spanned s = (ChunkJson.Spanned) fast;
            assertThat(new String(Arrays.copyOfRange(s.source(), s.from(), s.to()), StandardCharsets.UTF_8))
                    .as("canonical span of " + where).isEqualTo(compact(inView ? fast : slow));
            spans++;
        }
        switch (fast.getValueType()) {
            case OBJECT: {
                Iterator<Map.Entry<String, JsonValue>> a = ((JsonObject) fast).entrySet().iterator();
                Iterator<Map.Entry<String, JsonValue>> b = ((JsonObject) slow).entrySet().iterator();
                while (a.hasNext()) {
                    Map.Entry<String, JsonValue> x = a.next();
                    Map.Entry<String, JsonValue> y = b.next();
                    assertThat(x.getKey()).as(where).isEqualTo(y.getKey());
                    if (fast instanceof RawJsonValue) {
                        // a lent payload's view makes a value on every lookup
                        assertThat(((JsonObject) fast).get(y.getKey())).as(where).isEqualTo(x.getValue());
                    } else {
                        assertThat(((JsonObject) fast).get(y.getKey())).as(where).isSameAs(x.getValue());
                    }
                    spans += same(x.getValue(), y.getValue(), where, view);
                }
                assertThat(b.hasNext()).as(where).isFalse();
                break;
            }
            case ARRAY: {
                JsonArray a = (JsonArray) fast;
                JsonArray b = (JsonArray) slow;
                assertThat(a.size()).as(where).isEqualTo(b.size());
                for (int i = 0; i < a.size(); i++) {
                    spans += same(a.get(i), b.get(i), where, view);
                }
                break;
            }
            case STRING:
                assertThat(((JsonString) fast).getString()).as(where).isEqualTo(((JsonString) slow).getString());
                break;
            case NUMBER: {
                JsonNumber a = (JsonNumber) fast;
                JsonNumber b = (JsonNumber) slow;
                assertThat(Double.doubleToRawLongBits(a.doubleValue())).as(where + " " + a)
                        .isEqualTo(Double.doubleToRawLongBits(b.doubleValue()));
                assertThat(a.isIntegral()).as(where).isEqualTo(b.isIntegral());
                assertThat(a.longValue()).as(where).isEqualTo(b.longValue());
                assertThat(a.intValue()).as(where).isEqualTo(b.intValue());
                assertThat(a.bigDecimalValue()).as(where).isEqualTo(b.bigDecimalValue());
                break;
            }
            default:
                assertThat(fast).isSameAs(slow);
        }
        return spans;
    }

    private static String compact(JsonValue v) {
        return new CompactJson().value(v).toString();
    }

    /** The event somewhere inside a larger array, as the SSE parser lends it. */
    private static byte[] pad(Random r, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        int before = r.nextInt(8);
        byte[] out = new byte[before + t.length + 3];
        Arrays.fill(out, (byte) '{');
        System.arraycopy(t, 0, out, before, t.length);
        return out;
    }

    static byte[] mutate(Random r, byte[] valid) {
        byte[] b = valid.clone();
        switch (r.nextInt(5)) {
            case 0:
                return Arrays.copyOf(b, r.nextInt(b.length));
            case 1: {
                byte[] junk = {'"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e', ' ', 'n', 't', 1, (byte) 0x80,
                    (byte) 0xC3, (byte) 0xE4, (byte) 0xF0, (byte) 0xFF, 'u', 'x'};
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    b[r.nextInt(b.length)] = junk[r.nextInt(junk.length)];
                }
                return b;
            }
            case 2: {
                int at = r.nextInt(b.length);
                byte[] out = new byte[b.length - 1];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + 1, out, at, b.length - at - 1);
                return out;
            }
            case 3: {
                int at = r.nextInt(b.length + 1);
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = b[r.nextInt(b.length)];
                System.arraycopy(b, at, out, at + 1, b.length - at);
                return out;
            }
            default:
                return b;
        }
    }

    /** Generates one event's JSON text. */
    static final class Gen {
        private final Random r;
        private final boolean spaced;
        /** Whether the text may rightly be declined: a duplicate key, a limit nearly reached. */
        boolean declinable;

        Gen(Random r, boolean spaced) {
            this.r = r;
            this.spaced = spaced;
        }

        private String ws() {
            return spaced && r.nextInt(3) == 0 ? SPACE[r.nextInt(SPACE.length)] : "";
        }

        String object(int depth) {
            StringBuilder sb = new StringBuilder("{").append(ws());
            int n = depth == 0 ? 2 + r.nextInt(6) : r.nextInt(5);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String k = KEYS[r.nextInt(KEYS.length)];
                String name = k.replace("\\u0041", "A").replace("\\u0070", "p").replace("\\n", "\n");
                if (keys.contains(name)) {
                    declinable = true;
                }
                keys.add(name);
                sb.append(i > 0 ? "," + ws() : "").append('"').append(k).append('"').append(ws()).append(':')
                        .append(ws()).append(value(depth + 1, k));
            }
            return sb.append(ws()).append('}').toString();
        }

        String value(int depth, String key) {
            if (depth >= MAX_DEPTH - 2) {
                declinable = true;
            }
            int kind = depth > 5 ? 2 + r.nextInt(5) : r.nextInt(8);
            if (key.equals("token_ids") || key.equals("bytes")) {
                kind = 7;
            }
            switch (kind) {
                case 0:
                    return object(depth);
                case 1:
                case 7:
                    return array(depth, kind == 7);
                case 2:
                case 3:
                    return string();
                case 4:
                case 5:
                    return number();
                default:
                    return new String[] {"true", "false", "null"}[r.nextInt(3)];
            }
        }

        private String array(int depth, boolean ints) {
            StringBuilder sb = new StringBuilder("[").append(ws());
            int n = r.nextInt(ints ? 12 : 5);
            for (int i = 0; i < n; i++) {
                sb.append(i > 0 ? "," + ws() : "");
                if (ints && r.nextInt(12) > 0) {
                    sb.append(r.nextInt(10) == 0 ? NUMBERS[r.nextInt(NUMBERS.length)] : r.nextInt(200_000));
                } else {
                    sb.append(value(depth + 1, ""));
                }
            }
            return sb.append(ws()).append(']').toString();
        }

        String string() {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = r.nextInt(6); i > 0; i--) {
                sb.append(STRING_PARTS[r.nextInt(STRING_PARTS.length)]);
            }
            if (sb.length() > MAX_STRING / 2) {
                declinable = true;
            }
            return sb.append('"').toString();
        }

        String number() {
            String s = NUMBERS[r.nextInt(NUMBERS.length)];
            if (r.nextInt(4) == 0) {
                s = r.nextBoolean() ? Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20))
                        : Long.toString(r.nextLong() >> r.nextInt(64));
            }
            if (s.length() > MAX_NUMBER / 2) {
                declinable = true;
            }
            return s;
        }
    }
}
