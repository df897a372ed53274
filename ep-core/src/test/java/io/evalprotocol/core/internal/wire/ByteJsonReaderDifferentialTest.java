package io.evalprotocol.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteJsonReader} (through {@link WireJson}) against the Jackson-based reader it replaced
 * ({@link JacksonWireJson}), on generated bodies: both give the same values, of the same JSON-P classes, with
 * byte-identical kept payloads, or both fail with the same kind of error (ill-formed UTF-8 included: overlong
 * forms, encoded surrogates, code points past U+10FFFF, stray continuation bytes, cut sequences).
 */
class ByteJsonReaderDifferentialTest {
    // generators are shared with the engine-level parity test

    /** String pieces as they appear in JSON text: every escape form, multi-byte UTF-8, surrogates. */
    static final String[] STRING_PARTS = {
        "a", "token", " the", "é", "中文", "😊", "\u007f", "/", "<|im_end|>", "\\\\xf0\\\\x9f",
        "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r",
        "\\u0000", "\\u0001", "\\u001f", "\\u001F", "\\u000a", "\\u000A", "\\u0009", "\\u0008", "\\u000c", "\\u000d",
        "\\u0020", "\\u0022", "\\u005c", "\\u005C", "\\u002f", "\\u0041", "\\u007f", "\\u0080", "\\u00e9", "\\u00E9",
        "\\u07ff", "\\u0800", "\\u2028", "\\ufeff", "\\uFFFF", "\\ud83d\\ude0a", "\\uD83D\\uDE0A", "\\ud83d",
        "\\ude0a", "\\udbff\\udfff", "\\ud800\\udc00", "\\ud83d\\ud83d\\ude0a", "\\ude0a\\ud83d", "\\ud83dx",
    };
    static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "12", "151645", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "1000000000", "9999999999", "99999999999999999999999", "-0.0", "0.5", "-3.5", "1e-05", "1E+5", "1e5",
        "-9999.0", "2.5e-7", "-0.00419", "1e400", "1e9999999999", "123456789.123456789", "0e0", "-0E-0",
    };
    static final String[] KEYS = {
        "id", "logprobs", "raw_output", "prompt_logprobs", "content", "token", "a", "é", "\\u00e9", "k\\n",
        "\\ud83d\\ude0a", "", "choices", "token_ids",
    };
    static final String[] WS = {"", "", "", " ", "\n", "\t", "\r\n  ", " \n"};
    /** Bytes that break things: controls, quotes, invalid UTF-8 starts and continuations, number parts. */
    static final int[] BAD_BYTES = {
        0x00, 0x01, 0x1f, '"', '\\', ',', ':', '}', ']', '{', '[', 0xC0, 0xC1, 0x80, 0xBF, 0xE0, 0xED, 0xF0, 0xF4,
        0xF5, 0xFF, 'e', '-', '.', '0', '9', '+', 't', 'n', ' ', '\n', 'u', '/',
    };
    static final byte[][] BAD_SEQUENCES = {
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
        {(byte) 0xC3, (byte) 0x28}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };

    private int compared;
    private int bothRead;
    private int illFormedUtf8;

    @Test
    void bothReadersAgreeOnGeneratedChatBodies() {
        Random r = new Random(20261126);
        for (int n = 0; n < 2500; n++) {
            byte[] body = chatBody(r).getBytes(StandardCharsets.UTF_8);
            compareAllModes(body, r);
        }
        assertThat(bothRead).as("bodies both readers decode").isGreaterThan(2000);
    }

    @Test
    void bothReadersAgreeOnGeneratedObjectsWithKeptPayloadsAnywhere() {
        Random r = new Random(8259);
        for (int n = 0; n < 4000; n++) {
            byte[] body = randomObject(r, 0, WS[r.nextInt(WS.length)]).getBytes(StandardCharsets.UTF_8);
            compareAllModes(body, r);
        }
        assertThat(bothRead).isGreaterThan(3000);
    }

    @Test
    void bothReadersAgreeOnMutatedBodies() {
        Random r = new Random(3629);
        for (int n = 0; n < 6000; n++) {
            byte[] body = (r.nextBoolean() ? chatBody(r) : randomObject(r, 0, WS[r.nextInt(WS.length)]))
                    .getBytes(StandardCharsets.UTF_8);
            for (int m = 1 + r.nextInt(2); m > 0; m--) {
                body = mutate(body, r);
            }
            compareAllModes(body, r);
        }
        assertThat(illFormedUtf8).as("inputs with ill-formed UTF-8, refused by both").isGreaterThan(500);
        assertThat(bothRead).as("mutants both readers still decode").isGreaterThan(300);
    }

    @Test
    void bothReadersAgreeOnEveryTruncationOfSomeBodies() {
        Random r = new Random(42);
        for (int n = 0; n < 12; n++) {
            byte[] body = (n % 2 == 0 ? chatBody(r) : randomObject(r, 0, WS[n % WS.length]))
                    .getBytes(StandardCharsets.UTF_8);
            for (int len = 0; len <= body.length; len++) {
                byte[] cut = Arrays.copyOf(body, len);
                compare(cut, 0, len, 100, 1000, 1000, true, true);
                compare(cut, 0, len, 100, 1000, 1000, true, false);
            }
        }
        assertThat(compared).isGreaterThan(5000);
    }

    @Test
    void bothReadersAgreeAroundTheNestingLimit() {
        for (int depth = 1; depth <= 12; depth++) {
            for (String key : new String[] {"x", "logprobs"}) {
                for (String open : new String[] {"[", "{\"k\":"}) {
                    String close = open.equals("[") ? "]" : "}";
                    String body = "{\"" + key + "\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    for (int limit = 1; limit <= 14; limit++) {
                        compare(b, 0, b.length, limit, 1000, 1000, true, true);
                        compare(b, 0, b.length, limit, 1000, 1000, false, true);
                    }
                }
            }
        }
    }

    @Test
    void bothReadersAgreeAroundTheNumberAndStringLimits() {
        Random r = new Random(5);
        for (int n = 0; n < 3000; n++) {
            String body = chatBody(r);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            int numberLimit = 1 + r.nextInt(12);
            compare(b, 0, b.length, 100, 1_000_000, numberLimit, r.nextBoolean(), r.nextBoolean());
        }
        for (int len = 990; len <= 1010; len++) {
            for (String unit : new String[] {"x", "é", "😊", "\\u00e9", "\\n"}) {
                String s = unit.repeat(len / unit.length());
                for (String key : new String[] {"content", "logprobs"}) {
                    String body = "{\"" + key + "\":[\"" + s + "\"],\"v\":\"" + s + "\"}";
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    compare(b, 0, b.length, 100, 1000, 1000, true, true);
                }
            }
        }
    }

    @Test
    void bothReadersAgreeOnEdgeCases() {
        String[] cases = {
            "", " ", "\ufeff{}", "{}", " {} ", "{}x", "{} {}", "[]", "[1]", "\"x\"", "1", "-", "-x", "1x", "1 ", "true",
            "tru", "null", "nul", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
            "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}",
            "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":'x'}",
            "{'a':1}", "{a:1}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\t\"}",
            "{\"a\":\"\\", "{\"a\":\"x", "{\"a\":[1,2", "{\"a\":{\"b\":", "{\"a\":true}", "{\"a\":truex}",
            "{\"a\":[true,false,null]}", "{\"\\ud800\":1}", "{\"\\udc00\":1}", "{\"\\ud800\\udc00\":1}",
            "{\"\\ud800x\":1}", "{\"logprobs\":{\"\\ud800\":1}}", "{\"logprobs\":{\"\\udc00x\":1}}",
            "{\"logprobs\":[\"\\ud800\"]}", "{\"a\":1,\"a\":2}", "{\"logprobs\":{\"a\":1,\"a\":2}}",
            "{\"a\":[1,2],\"a\":{\"b\":3}}", "{\"a\":1}\u0000", "\u0000{}", "{\"a\":1}//", "{\"a\":1/*x*/}",
            "{\"logprobs\":1}", "{\"logprobs\":\"x\"}", "{\"logprobs\":null}", "{\"logprobs\":[]}", "{\"logprobs\":{}}",
            "{\"logprobs\" : { \"content\" : [ ] } }", "{\"logprobs\":[1e400,1e9999999999,-0,-0.0]}",
            "{\"a\":1e9999999999}", "{\"a\":[1,2,-0,3]}", "{\"a\":[1,2,2147483648]}", "{\"a\":[1,\"x\"]}",
            "{\"a\":[-0]}", "{\"a\":[[1],[2]]}", "{\"a\":[1.0]}", "{\"a\":\"\u2028\"}", "{\"a\":\"\u007f\"}",
            "{\"a\":1}\r\n", "{\r\"a\"\r:\r1\r}", "{\"raw_output\":{\"x\":[1,{\"y\":\"\\/\"}]}}",
        };
        for (String c : cases) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            for (int limit : new int[] {1, 2, 100}) {
                compare(b, 0, b.length, limit, 1000, 1000, true, true);
                compare(b, 0, b.length, limit, 1000, 1000, true, false);
                compare(b, 0, b.length, limit, 1000, 1000, false, true);
            }
        }
    }

    // ---- comparison ----

    private void compareAllModes(byte[] body, Random r) {
        // the document is read from the middle of a larger array, as the engine's buffers hold it
        byte[] padded = new byte[body.length + 7];
        Arrays.fill(padded, (byte) '}');
        System.arraycopy(body, 0, padded, 3, body.length);
        compare(padded, 3, body.length, 100, 1_000_000, 1000, true, true);
        compare(body, 0, body.length, 100, 1_000_000, 1000, true, false);
        compare(body, 0, body.length, 100, 1_000_000, 1000, false, true);
        // Small string limits only without kept payloads: inside them Jackson checked the limit only for strings
        // past its text buffer's first segment; and it applied the string limit to number text as well.
        compare(body, 0, body.length, 1 + r.nextInt(6), 1000 + r.nextInt(40), 1 + r.nextInt(20), true,
                r.nextBoolean());
        compare(body, 0, body.length, 1 + r.nextInt(6), 24 + r.nextInt(40), 1 + r.nextInt(20), false, true);
    }

    private void compare(byte[] buf, int off, int len, int depth, int string, int number, boolean raw,
            boolean slices) {
        compared++;
        JacksonWireJson oracle = new JacksonWireJson(depth, string, number, slices);
        WireJson reader = new WireJson(depth, string, number, slices);
        String input = new String(buf, off, len, StandardCharsets.UTF_8);
        JsonObject expected = null;
        InvalidResponseException expectedError = null;
        try {
            expected = oracle.readObject(buf, off, len, "response body", raw);
        } catch (InvalidResponseException e) {
            expectedError = e;
        } catch (IllegalStateException e) {
            // the old reader's own bug: byte offsets of a non-UTF-8 (UTF-16/32-guessed) body
            expectedError = new InvalidResponseException("malformed JSON in response body: " + e.getMessage());
        }
        JsonObject actual = null;
        InvalidResponseException actualError = null;
        try {
            actual = reader.readObject(buf, off, len, "response body", raw);
        } catch (InvalidResponseException e) {
            actualError = e;
        } catch (RuntimeException e) {
            fail("the reader threw " + e + " outside the SDK's errors on " + input + " (limits " + depth + "/"
                    + string + "/" + number + ")", e);
        }
        String where = "input " + input + " (limits " + depth + "/" + string + "/" + number + ", raw " + raw
                + ", slices " + slices + ")";
        if (expectedError == null && actualError == null) {
            bothRead++;
            assertThat(shape(actual)).as(where).isEqualTo(shape(expected));
            assertThat(actual).as(where).isEqualTo(expected);
            return;
        }
        if (expectedError != null && actualError != null) {
            if (!isStrictUtf8(buf, off, len)) {
                illFormedUtf8++;
            }
            assertThat(kind(actualError.getMessage())).as(where + "\nJackson: " + expectedError.getMessage()
                    + "\nreader: " + actualError.getMessage()).isIn(allowedKinds(expectedError.getMessage()));
            assertThat(actualError.getMessage()).as(where).contains("response body");
            return;
        }
        fail(where + "\nJackson: " + (expectedError == null ? shape(expected) : expectedError.getMessage())
                + "\nreader: " + (actualError == null ? shape(actual) : actualError.getMessage()));
    }

    /**
     * The kind of an error: its message without position and excerpt. Jackson validates a kept payload before it
     * checks the string limit inside it, and reports trailing garbage as malformed; so malformed may meet a limit
     * or "data after" on the other side.
     */
    private static String kind(String message) {
        if (message.startsWith("malformed JSON")) {
            return "malformed";
        }
        if (message.contains("breaks a JSON limit")) {
            int eq = message.indexOf("maxJson");
            return eq < 0 ? "limit: key" : "limit: " + message.substring(eq, message.indexOf('=', eq));
        }
        if (message.contains("is not a JSON object")) {
            return "not an object";
        }
        if (message.contains("has data after")) {
            return "data after";
        }
        if (message.contains("is empty")) {
            return "empty";
        }
        return message;
    }

    private static java.util.List<String> allowedKinds(String jacksonMessage) {
        String k = kind(jacksonMessage);
        if (k.startsWith("limit")) {
            // a document past two limits: Jackson checked strings in kept payloads last, this reader in order
            return java.util.List.of("limit: maxJsonStringLength", "limit: maxJsonNestingDepth",
                    "limit: maxJsonNumberLength", "limit: key", "malformed");
        }
        if (k.equals("malformed")) {
            return java.util.List.of("malformed", "data after", "limit: maxJsonStringLength", "limit: maxJsonNestingDepth",
                    "limit: maxJsonNumberLength", "not an object");
        }
        if (k.equals("limit: maxJsonStringLength")) {
            return java.util.List.of(k, "malformed");
        }
        if (k.equals("not an object")) {
            return java.util.List.of(k, "malformed");
        }
        return java.util.List.of(k);
    }

    private static boolean isStrictUtf8(byte[] buf, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The value with the class of every part, and kept payloads as their exact bytes. */
    static String shape(JsonValue v) {
        StringBuilder sb = new StringBuilder();
        shape(v, sb);
        return sb.toString();
    }

    private static void shape(JsonValue v, StringBuilder sb) {
        if (v instanceof RawJsonValue) {
            sb.append("raw(").append(v.getValueType()).append(':')
                    .append(new String(RawJsonSupport.access().bytes((RawJsonValue) v), StandardCharsets.UTF_8))
                    .append(')');
        } else if (v instanceof IntJsonArray) {
            sb.append("ints").append(v);
        } else if (v instanceof JsonObject) {
            sb.append('{');
            for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                sb.append(escape(e.getKey())).append('=');
                shape(e.getValue(), sb);
                sb.append(';');
            }
            sb.append('}');
        } else if (v instanceof JsonArray) {
            sb.append('[');
            for (JsonValue e : (JsonArray) v) {
                shape(e, sb);
                sb.append(';');
            }
            sb.append(']');
        } else if (v.getValueType() == JsonValue.ValueType.STRING) {
            sb.append("str(").append(escape(((jakarta.json.JsonString) v).getString())).append(')');
        } else {
            sb.append(v.getClass().getSimpleName()).append('(').append(v).append(')');
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || Character.isSurrogate(c) || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    // ---- generators ----

    /** A Fireworks/OpenAI chat body with a logprobs payload, token ids, and whitespace anywhere. */
    static String chatBody(Random r) {
        String ws = WS[r.nextInt(WS.length)];
        int tokens = 1 + r.nextInt(6);
        int[] ids = new int[tokens];
        StringBuilder tokenIds = new StringBuilder("[");
        StringBuilder promptIds = new StringBuilder("[");
        for (int i = 0; i < tokens; i++) {
            ids[i] = r.nextInt(151_000);
            tokenIds.append(i > 0 ? "," + ws : "").append(ids[i]);
            promptIds.append(i > 0 ? "," + ws : "").append(r.nextInt(40) == 0 ? NUMBERS[r.nextInt(NUMBERS.length)]
                    : Integer.toString(r.nextInt(151_000)));
        }
        tokenIds.append(ws).append(']');
        promptIds.append(ws).append(']');
        StringBuilder lp = new StringBuilder("{").append(ws).append("\"content\":").append(ws).append('[');
        for (int i = 0; i < tokens; i++) {
            lp.append(i > 0 ? "," + ws : "").append(entry(r, ws, r.nextInt(3), ids[i]));
        }
        lp.append(ws).append("],\"refusal\":null}");
        return "{" + ws + "\"id\":" + string(r) + ",\"object\":\"chat.completion\",\"created\":1764161234,"
                + "\"model\":\"m\"," + ws + "\"prompt_token_ids\":" + promptIds + ",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\"," + ws + "\"content\":" + string(r) + ",\"tool_calls\":[]},"
                + "\"finish_reason\":\"stop\"," + ws + "\"logprobs\":" + ws + (r.nextInt(8) == 0 ? "null" : lp)
                + "," + ws + "\"token_ids\":" + tokenIds + "}]," + ws + "\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":" + NUMBERS[r.nextInt(20)] + ",\"total_tokens\":5}"
                + (r.nextInt(5) == 0 ? ",\"raw_output\":" + randomValue(r, 1, ws) : "") + ws + "}" + ws;
    }

    private static String entry(Random r, String ws, int alternatives, int id) {
        StringBuilder sb = new StringBuilder("{\"token\":").append(ws).append(string(r))
                .append(",\"logprob\":").append(NUMBERS[r.nextInt(NUMBERS.length)])
                .append(",").append(ws).append("\"bytes\":[");
        for (int b = r.nextInt(4); b > 0; b--) {
            sb.append(r.nextInt(256)).append(b > 1 ? "," : "");
        }
        sb.append("],\"token_id\":").append(id);
        if (alternatives > 0) {
            sb.append(",\"top_logprobs\":[");
            for (int i = 0; i < alternatives; i++) {
                sb.append(i > 0 ? "," + ws : "").append(entry(r, ws, 0, r.nextInt(151_000)));
            }
            sb.append(']');
        }
        return sb.append(ws).append('}').toString();
    }

    static String randomObject(Random r, int depth, String ws) {
        StringBuilder sb = new StringBuilder("{").append(ws);
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," + ws : "").append('"').append(KEYS[r.nextInt(KEYS.length)]).append('"')
                    .append(ws).append(':').append(ws).append(randomValue(r, depth + 1, ws));
        }
        return sb.append(ws).append('}').toString();
    }

    private static String randomValue(Random r, int depth, String ws) {
        switch (depth >= 5 ? 2 + r.nextInt(4) : r.nextInt(6)) {
            case 0:
                return randomObject(r, depth, r.nextInt(4) == 0 ? WS[r.nextInt(WS.length)] : ws);
            case 1: {
                StringBuilder sb = new StringBuilder("[");
                int n = r.nextInt(5);
                boolean ints = r.nextBoolean();
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," + ws : "").append(ints && r.nextInt(8) > 0
                            ? Integer.toString(r.nextInt(200_000) - 1000) : randomValue(r, depth + 1, ws));
                }
                return sb.append(ws).append(']').toString();
            }
            case 2:
                return string(r);
            case 3:
                return NUMBERS[r.nextInt(NUMBERS.length)];
            case 4:
                return Integer.toString(r.nextInt());
            default:
                return new String[] {"true", "false", "null"}[r.nextInt(3)];
        }
    }

    private static String string(Random r) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = r.nextInt(5); i > 0; i--) {
            sb.append(STRING_PARTS[r.nextInt(STRING_PARTS.length)]);
        }
        return sb.append('"').toString();
    }

    private static byte[] mutate(byte[] body, Random r) {
        if (body.length == 0) {
            return new byte[] {(byte) BAD_BYTES[r.nextInt(BAD_BYTES.length)]};
        }
        int at = r.nextInt(body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
        switch (r.nextInt(5)) {
            case 0: // truncate
                return Arrays.copyOf(body, at);
            case 1: // replace a byte
                body = body.clone();
                body[at] = (byte) BAD_BYTES[r.nextInt(BAD_BYTES.length)];
                return body;
            case 2: // insert a byte
                out.write(body, 0, at);
                out.write(BAD_BYTES[r.nextInt(BAD_BYTES.length)]);
                out.write(body, at, body.length - at);
                return out.toByteArray();
            case 3: { // insert an ill-formed (or BOM) UTF-8 sequence, preferably inside a string
                int quote = indexOf(body, (byte) '"', at);
                int where = quote < 0 ? at : quote + 1;
                out.write(body, 0, where);
                byte[] bad = BAD_SEQUENCES[r.nextInt(BAD_SEQUENCES.length)];
                out.write(bad, 0, bad.length);
                out.write(body, where, body.length - where);
                return out.toByteArray();
            }
            default: // delete a byte
                out.write(body, 0, at);
                out.write(body, at + 1, body.length - at - 1);
                return out.toByteArray();
        }
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
