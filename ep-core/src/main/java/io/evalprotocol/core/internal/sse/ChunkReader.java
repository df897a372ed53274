package io.evalprotocol.core.internal.sse;

import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the JSON object of one stream event into {@link ChunkJson} values: one validating pass over the bytes,
 * strings and float numbers left undecoded until somebody reads them. A long stream is thousands of small
 * events, and building them as Jackson-parsed JSON-P trees cost most of a streamed rollout's decode time.
 *
 * <p>It takes strict RFC 8259 JSON within the client's limits and nothing else: for any text it does not take
 * (malformed, a limit reached or nearly, a duplicate key, invalid UTF-8, an exponent out of range) it returns
 * null, and the caller reads the event with {@code WireJson}, which either builds the same values or gives
 * the exact error. It never accepts text that {@code WireJson} rejects, and what it builds is equal, value by
 * value, to what {@code WireJson} builds (tests compare both on generated events).
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class ChunkReader {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Thrown (preallocated, no stack) when the text is not for this reader. */
    private static final class NotMine extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMine() {
            super(null, null, false, false);
        }
    }

    private static final NotMine NOT_MINE = new NotMine();

    /** Bytes that need no attention inside a string: printable ASCII except {@code "} and {@code \}. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;

    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    /** Counts what makes text differ from what {@code CompactJson} writes (whitespace, other escapes). */
    private int irregular;
    private int[] intScratch = new int[16];

    public ChunkReader(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
    }

    /**
     * The object in {@code buf[off, off + len)}, or null when this reader does not take the text (the caller
     * then reads it with {@code WireJson}). The bytes are copied: the result never refers to {@code buf}.
     */
    public JsonObject read(byte[] buf, int off, int len) {
        b = Arrays.copyOfRange(buf, off, off + len);
        pos = 0;
        end = len;
        depth = 0;
        irregular = 0;
        try {
            skipSpace();
            if (pos >= end || b[pos] != '{') {
                return null;
            }
            JsonObject o = object();
            skipSpace();
            return pos == end ? o : null;
        } catch (NotMine | ArrayIndexOutOfBoundsException e) {
            return null;
        } finally {
            b = null;
        }
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                irregular++;
                pos++;
            } else {
                return;
            }
        }
    }

    private JsonValue value() {
        if (pos >= end) {
            throw NOT_MINE;
        }
        switch (b[pos]) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                literal('t', 'r', 'u', 'e');
                return JsonValue.TRUE;
            case 'f':
                if (pos + 5 > end || b[pos + 1] != 'a' || b[pos + 2] != 'l' || b[pos + 3] != 's' || b[pos + 4] != 'e') {
                    throw NOT_MINE;
                }
                pos += 5;
                return JsonValue.FALSE;
            case 'n':
                literal('n', 'u', 'l', 'l');
                return JsonValue.NULL;
            default:
                return number();
        }
    }

    private void literal(char c0, char c1, char c2, char c3) {
        if (pos + 4 > end || b[pos] != c0 || b[pos + 1] != c1 || b[pos + 2] != c2 || b[pos + 3] != c3) {
            throw NOT_MINE;
        }
        pos += 4;
    }

    private void enter() {
        // WireJson's limit counts the same nesting; stopping one short leaves the exact boundary to it
        if (++depth >= maxNestingDepth) {
            throw NOT_MINE;
        }
    }

    private JsonObject object() {
        int from = pos;
        int mark = irregular;
        enter();
        pos++;
        skipSpace();
        String[] keys = null;
        JsonValue[] values = null;
        int n = 0;
        if (pos < end && b[pos] == '}') {
            pos++;
        } else {
            keys = new String[8];
            values = new JsonValue[8];
            while (true) {
                if (pos >= end || b[pos] != '"') {
                    throw NOT_MINE;
                }
                String key = key();
                for (int i = 0; i < n; i++) {
                    if (keys[i].equals(key)) {
                        throw NOT_MINE; // JSON-P keeps the last, in the first one's place: leave that to WireJson
                    }
                }
                skipSpace();
                if (pos >= end || b[pos] != ':') {
                    throw NOT_MINE;
                }
                pos++;
                skipSpace();
                JsonValue v = value();
                if (v instanceof ChunkJson.Spanned && WireJson.RAW_KEYS.contains(key)) {
                    kept(v);
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                keys[n] = key;
                values[n++] = v;
                skipSpace();
                if (pos >= end) {
                    throw NOT_MINE;
                }
                byte c = b[pos++];
                if (c == ',') {
                    skipSpace();
                } else if (c == '}') {
                    break;
                } else {
                    throw NOT_MINE;
                }
            }
        }
        depth--;
        return new ChunkJson.Obj(keys, values, n, b, from, pos, irregular == mark);
    }

    /** Marks the value of a member that WireJson keeps as exact text (its {@code RAW_KEYS}). */
    private static void kept(JsonValue v) {
        if (v instanceof ChunkJson.Obj) {
            ((ChunkJson.Obj) v).kept = true;
        } else if (v instanceof ChunkJson.Arr) {
            ((ChunkJson.Arr) v).kept = true;
        } else {
            ((ChunkJson.Ints) v).kept = true;
        }
    }

    private JsonValue array() {
        int from = pos;
        int mark = irregular;
        enter();
        pos++;
        skipSpace();
        if (pos < end && b[pos] == ']') {
            pos++;
            depth--;
            return new ChunkJson.Arr(new JsonValue[0], 0, b, from, pos, irregular == mark);
        }
        // leading plain ints (token ids, byte values) go to an int[]; the first other element ends that
        int[] ints = intScratch;
        int n = 0;
        JsonValue[] values = null;
        while (true) {
            if (values == null) {
                int at = pos;
                long v = plainInt();
                if (v != NO_INT) {
                    if (n == ints.length) {
                        ints = intScratch = Arrays.copyOf(ints, n * 2);
                    }
                    ints[n++] = (int) v;
                } else {
                    pos = at;
                    values = new JsonValue[Math.max(8, n * 2)];
                    for (int i = 0; i < n; i++) {
                        values[i] = PROVIDER.createValue(ints[i]);
                    }
                    values[n++] = value();
                }
            } else {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = value();
            }
            skipSpace();
            if (pos >= end) {
                throw NOT_MINE;
            }
            byte c = b[pos++];
            if (c == ',') {
                skipSpace();
            } else if (c == ']') {
                break;
            } else {
                throw NOT_MINE;
            }
        }
        depth--;
        boolean canonical = irregular == mark;
        if (values == null) {
            return new ChunkJson.Ints(Arrays.copyOf(ints, n), b, from, pos, canonical);
        }
        return new ChunkJson.Arr(values, n, b, from, pos, canonical);
    }

    private static final long NO_INT = Long.MIN_VALUE;

    /**
     * An integer literal of at most 9 digits (so it fits an {@code int}) followed by a delimiter, consumed;
     * else {@link #NO_INT} with the position left anywhere ({@code "-0"} too: it keeps its sign as text).
     */
    private long plainInt() {
        int p = pos;
        boolean negative = false;
        if (p < end && b[p] == '-') {
            negative = true;
            p++;
        }
        int start = p;
        long v = 0;
        while (p < end) {
            int c = b[p] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            v = v * 10 + c;
            p++;
        }
        int digits = p - start;
        if (digits == 0 || digits > 9 || (digits > 1 && b[start] == '0') || (negative && v == 0) || p >= end) {
            return NO_INT;
        }
        byte c = b[p];
        if (c != ',' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            return NO_INT;
        }
        pos = p;
        return negative ? -v : v;
    }

    private JsonValue number() {
        int start = pos;
        int p = pos;
        if (b[p] == '-') {
            p++;
        }
        int intStart = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        int intDigits = p - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            throw NOT_MINE;
        }
        boolean integral = true;
        if (p < end && b[p] == '.') {
            integral = false;
            int f = ++p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == f) {
                throw NOT_MINE;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            integral = false;
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int e = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            // a huge exponent may be out of BigDecimal's range: WireJson decides
            if (p == e || p - e > 8) {
                throw NOT_MINE;
            }
        }
        int len = p - start;
        if (len > maxNumberLength) {
            throw NOT_MINE;
        }
        pos = p;
        if (!integral) {
            return new ChunkJson.Num(b, start, len);
        }
        // as WireJson: int, then long, else exact text; "-0" keeps its sign as text
        if (len == 2 && b[start] == '-' && b[start + 1] == '0') {
            return RawJsonSupport.access().trusted(new byte[] {'-', '0'});
        }
        if (intDigits <= 18) {
            long v = 0;
            for (int i = intStart; i < p; i++) {
                v = v * 10 + (b[i] - '0');
            }
            if (start != intStart) {
                v = -v;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? PROVIDER.createValue((int) v)
                    : PROVIDER.createValue(v);
        }
        String text = new String(b, start, len, StandardCharsets.ISO_8859_1);
        try {
            return PROVIDER.createValue(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return RawJsonSupport.access().trusted(Arrays.copyOfRange(b, start, p));
        }
    }

    private ChunkJson.Str string() {
        int start = ++pos;
        int form = scanString();
        int len = pos - start;
        pos++; // the closing quote
        return new ChunkJson.Str(b, start, len, form);
    }

    /**
     * Validates string content from {@link #pos} up to (not past) its closing quote; the form as {@link ChunkJson.Str}
     * takes it.
     */
    private int scanString() {
        int start = pos;
        int form = 0;
        int p = pos;
        while (true) {
            while (p < end && PLAIN[b[p] & 0xFF]) {
                p++;
            }
            if (p >= end) {
                throw NOT_MINE;
            }
            int c = b[p] & 0xFF;
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                form = 2;
                p = escape(p);
            } else if (c >= 0x80) {
                form = Math.max(form, 1);
                p = utf8(p, c);
            } else {
                throw NOT_MINE; // a raw control character
            }
        }
        if (p - start > maxStringLength) {
            throw NOT_MINE; // WireJson counts characters; bytes are never fewer, so it decides the close cases
        }
        pos = p;
        return form;
    }

    /** A key: the interned name for the keys chunks use, so that lookups by literal compare identities. */
    private String key() {
        int start = ++pos;
        int form = scanString();
        int len = pos - start;
        pos++;
        if (form == 0) {
            String known = Keys.lookup(b, start, len);
            if (known != null) {
                return known;
            }
        }
        return new ChunkJson.Str(b, start, len, form).getString();
    }

    /** Checks the escape at {@code p}; returns the index after it. */
    private int escape(int p) {
        if (p + 1 >= end) {
            throw NOT_MINE;
        }
        switch (b[p + 1]) {
            case '"':
            case '\\':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return p + 2;
            case '/':
                irregular++;
                return p + 2;
            case 'u': {
                if (p + 6 > end) {
                    throw NOT_MINE;
                }
                int v = 0;
                for (int i = p + 2; i < p + 6; i++) {
                    int h = hex(b[i]);
                    if (h < 0) {
                        throw NOT_MINE;
                    }
                    v = v << 4 | h;
                }
                // CompactJson writes a u-escape only for control characters without a short form, in lower case
                boolean lower = true;
                for (int i = p + 2; i < p + 6; i++) {
                    if (b[i] >= 'A' && b[i] <= 'F') {
                        lower = false;
                    }
                }
                if (v >= 0x20 || v == '\b' || v == '\t' || v == '\n' || v == '\f' || v == '\r' || !lower) {
                    irregular++;
                }
                return p + 6;
            }
            default:
                throw NOT_MINE;
        }
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Checks one well-formed UTF-8 sequence (no overlong form, no surrogate, at most U+10FFFF) at {@code p}. */
    private int utf8(int p, int c) {
        int extra;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            min = 0x10000;
        } else {
            throw NOT_MINE;
        }
        if (p + extra >= end) {
            throw NOT_MINE;
        }
        int cp = c & (0x3F >> extra);
        for (int k = 1; k <= extra; k++) {
            int d = b[p + k] & 0xFF;
            if ((d & 0xC0) != 0x80) {
                throw NOT_MINE;
            }
            cp = cp << 6 | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw NOT_MINE;
        }
        return p + extra + 1;
    }

    /** The member names of chat-completion chunks, interned. */
    static final class Keys {
        private static final String[] NAMES = {
            "id", "object", "created", "model", "system_fingerprint", "service_tier", "choices", "index", "delta",
            "message", "role", "content", "reasoning_content", "reasoning", "refusal", "tool_calls", "type",
            "function", "name", "arguments", "logprobs", "finish_reason", "stop_reason", "matched_stop", "token_ids",
            "prompt_token_ids", "raw_output", "prompt_logprobs", "usage", "prompt_tokens", "completion_tokens",
            "total_tokens", "prompt_tokens_details", "completion_tokens_details", "cached_tokens",
            "reasoning_tokens", "token", "logprob", "bytes", "top_logprobs", "token_id", "sampling_logprob",
            "error", "code", "param", "text", "tokens", "token_logprobs", "text_offset", "completion_token_ids",
            "completion_logprobs", "audio", "annotations", "kv_transfer_params"
        };
        private static final int MASK = 255;
        private static final String[] TABLE = new String[MASK + 1];
        private static final byte[][] BYTES = new byte[MASK + 1][];

        static {
            for (String name : NAMES) {
                byte[] k = name.getBytes(StandardCharsets.US_ASCII);
                int h = hash(k, 0, k.length);
                while (TABLE[h] != null) {
                    h = (h + 1) & MASK;
                }
                TABLE[h] = name.intern();
                BYTES[h] = k;
            }
        }

        private Keys() {}

        private static int hash(byte[] a, int from, int len) {
            return (len * 31 + a[from] * 7 + a[from + len - 1] * 3 + a[from + (len >> 1)]) & MASK;
        }

        static String lookup(byte[] a, int from, int len) {
            if (len == 0) {
                return null;
            }
            for (int h = hash(a, from, len); TABLE[h] != null; h = (h + 1) & MASK) {
                byte[] k = BYTES[h];
                if (k.length == len && same(k, a, from, len)) {
                    return TABLE[h];
                }
            }
            return null;
        }

        private static boolean same(byte[] k, byte[] a, int from, int len) {
            for (int i = 0; i < len; i++) {
                if (k[i] != a[from + i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
