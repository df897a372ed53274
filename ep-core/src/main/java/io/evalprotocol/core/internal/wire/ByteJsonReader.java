package io.evalprotocol.core.internal.wire;

import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One validating pass over the UTF-8 bytes of one JSON object (a response body or one stream event's data),
 * producing what {@link WireJson#readObject} promises. One instance reads one document; not thread-safe.
 *
 * <p>Why hand-written: Jackson tokenizes every byte and the SDK then walked parts again (to check and copy
 * the kept payloads), so decoding could never get near the speed of a single pass. Here the envelope becomes
 * JSON-P values as it is read, and a kept payload ({@link WireJson#RAW_KEYS}) is validated and checked for
 * canonical form in the same pass; canonical text (what Python eval-protocol writes, see
 * {@code internal.json.CanonicalJson}) is kept as one byte copy, anything else is rewritten into that form
 * by a byte-level second pass over the already validated text ({@link #canonicalize}).
 *
 * <p>What it accepts is what Jackson's default parser (which this class replaced) accepts from UTF-8 input:
 * RFC 8259 with well-formed UTF-8 in the strict sense of Unicode's table 3-7 (no overlong forms, no encoded
 * surrogates, nothing past U+10FFFF), a leading UTF-8 byte order mark skipped, escaped lone surrogates allowed
 * in string values but not in keys, keys up to 50,000 characters (Jackson's default {@code maxNameLength}),
 * and the last of duplicate keys winning (JSON-P builder semantics). Unlike Jackson it does not guess UTF-16
 * or UTF-32 input. {@code ByteJsonReaderDifferentialTest} holds it to Jackson's answers.
 */
final class ByteJsonReader {
    /** Jackson's default {@code StreamReadConstraints.getMaxNameLength()}, which WireJson never changed. */
    static final int MAX_NAME_LENGTH = 50_000;

    /** String byte classes: 0 plain ASCII, 1 quote, 2 backslash, 3 control, 4 first byte of a sequence. */
    private static final byte[] STRING_CLASS = new byte[256];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MINUS_ZERO = {'-', '0'};

    private static final int INT = 0;
    private static final int LONG = 1;
    private static final int BIG = 2;
    private static final int FLOAT = 3;
    private static final int MINUS_0 = 4;

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_CLASS[c] = 3;
        }
        STRING_CLASS['"'] = 1;
        STRING_CLASS['\\'] = 2;
        for (int c = 0x80; c < 0x100; c++) {
            STRING_CLASS[c] = 4;
        }
    }

    private final WireJson wire;
    private final JsonProvider provider;
    private final byte[] b;
    private final int from;
    private final int end;
    /** Names the input in errors; null for a stream event, named from {@link #event} when needed. */
    private final String what;
    private int event;
    private final boolean rawSubtrees;
    private final boolean rawSlices;
    /** {@link WireJson#withTransientPayloads()}; {@link #transientNow} marks a payload read that way. */
    private final boolean transientPayloads;
    private boolean transientNow;
    /** {@link WireJson#withoutContentColumns()} not called: choices' {@code logprobs} are read by {@link #keepLogprobs}. */
    private final boolean contentColumns;
    /** The columns {@link #keepEntries} filled for the {@code logprobs} payload being read; null when none. */
    private EntryColumns entries;
    /** Where the kept payload being read starts. */
    private int keptStart;
    /** Depth of the top-level {@code choices} array while it is read, else -1. */
    private int choicesDepth = -1;
    private final int maxDepth;
    private final int maxString;
    private final int maxNumber;

    /** Nesting depth of the value being read, the document's object being 1 (Jackson's count). */
    private int depth;
    /** Where the last value read ends. */
    private int pos;
    /**
     * The canonical text of the kept payload being read, once a spot that is not canonical was met (null
     * before): the payload's bytes up to {@link #clean}, with replacements, are in its first
     * {@link #canonicalSize} bytes.
     */
    private byte[] canonical;
    private int canonicalSize;
    /** True while a kept payload is read: string scans then build {@link #canonical}. */
    private boolean keeping;
    /** Set by {@link #skipString} when the string has an escape. */
    private boolean sawEscape;
    /** A trimmed canonical buffer, reused by the next payload of the same document. */
    private byte[] spare;
    /** Where the payload's bytes not yet copied to {@link #canonical} start. */
    private int clean;
    private byte[] utf8Buffer;
    private boolean[] containerIsObject = new boolean[16];
    /** The last number read: its kind and, for INT and LONG, its value. */
    private int numberKind;
    private long numberValue;

    ByteJsonReader(WireJson wire, byte[] b, int off, int len, String what, boolean rawSubtrees, boolean rawSlices,
            int maxDepth, int maxString, int maxNumber) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("slice " + off + "+" + len + " of " + b.length + " bytes");
        }
        this.wire = wire;
        this.provider = WireJson.provider();
        this.b = b;
        this.from = off;
        this.end = off + len;
        this.what = what;
        this.rawSubtrees = rawSubtrees;
        this.rawSlices = rawSlices;
        this.transientPayloads = wire.transientPayloads;
        this.contentColumns = wire.contentColumns && rawSubtrees;
        this.maxDepth = maxDepth;
        this.maxString = maxString;
        this.maxNumber = maxNumber;
    }

    /** Makes this reader name its input {@code "stream event <event>"} in errors. */
    ByteJsonReader event(int event) {
        this.event = event;
        return this;
    }

    private String what() {
        return what != null ? what : "stream event " + event;
    }

    /** Reads the document: exactly one JSON object, with optional whitespace around it. */
    JsonObject readDocument() {
        int i = from;
        if (end - from >= 3 && b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
            i += 3;
        }
        i = skipWhitespace(i);
        if (i >= end) {
            throw new InvalidResponseException(what() + " is empty; expected a JSON object");
        }
        int c = b[i];
        if (c != '{') {
            String first;
            if (c == '[') {
                first = "[";
            } else if (c == '"') {
                first = "a string";
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int after = scanNumber(i);
                if (after < end && !isWhitespace(b[after])) {
                    throw malformed(after, "unexpected " + describe(after) + " after a number");
                }
                first = "a number";
            } else if (c == 't' || c == 'f' || c == 'n') {
                literal(i);
                first = c == 't' ? "true" : c == 'f' ? "false" : "null";
            } else {
                throw malformed(i, "unexpected " + describe(i) + ": expected a JSON object");
            }
            throw new InvalidResponseException(what() + " is not a JSON object (starts with " + first + "): "
                    + wire.excerpt(b, from, end - from));
        }
        JsonObject o = readObject(i);
        i = skipWhitespace(pos);
        if (i < end) {
            throw new InvalidResponseException(what() + " has data after the JSON object at " + lineColumn(i) + ": "
                    + wire.excerpt(b, from, end - from));
        }
        return o;
    }

    // ---- the envelope: JSON-P values ----

    private JsonObject readObject(int i) {
        enter();
        WireObject.Builder o = new WireObject.Builder();
        i = skipWhitespace(i + 1);
        if (i < end && b[i] == '}') {
            depth--;
            pos = i + 1;
            return o.build();
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                throw malformed(i, "unexpected " + describe(i) + ": expected a double-quoted key");
            }
            String key = readString(i, true);
            i = skipWhitespace(pos);
            if (i >= end || b[i] != ':') {
                throw malformed(i, "unexpected " + describe(i) + ": expected ':' after a key");
            }
            i = skipWhitespace(i + 1);
            int c = i < end ? b[i] : -1;
            if (rawSubtrees && (c == '{' || c == '[') && WireJson.RAW_KEYS.contains(key)) {
                // transient only where the engine reads them: the document's members and each choice's
                transientNow = transientPayloads && (depth == 1 || depth == choicesDepth + 1);
                o.put(key, c == '{' && contentColumns && depth == choicesDepth + 1 && key.equals("logprobs")
                        ? keepLogprobs(i) : keep(i));
            } else if ((transientPayloads || contentColumns) && depth == 1 && c == '[' && key.equals("choices")) {
                choicesDepth = depth + 1;
                o.put(key, readValue(i));
                choicesDepth = -1;
            } else {
                o.put(key, readValue(i));
            }
            i = skipWhitespace(pos);
            c = i < end ? b[i] : -1;
            if (c == ',') {
                i = skipWhitespace(i + 1);
            } else if (c == '}') {
                depth--;
                pos = i + 1;
                return o.build();
            } else {
                throw malformed(i, "unexpected " + describe(i) + ": expected ',' or '}' in an object");
            }
        }
    }

    private JsonValue readValue(int i) {
        int c = i < end ? b[i] : -1;
        switch (c) {
            case '{':
                return readObject(i);
            case '[':
                return readArray(i);
            case '"':
                return provider.createValue(readString(i, false));
            case 't':
            case 'f':
            case 'n':
                pos = literal(i);
                return c == 't' ? JsonValue.TRUE : c == 'f' ? JsonValue.FALSE : JsonValue.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    pos = scanNumber(i);
                    return numberValue(i, pos);
                }
                throw malformed(i, "unexpected " + describe(i)
                        + ": expected a JSON value (string, number, object, array, true, false or null)");
        }
    }

    /** Arrays of ints (token ids) become an {@link IntJsonArray}; the first other element ends that. */
    private JsonValue readArray(int i) {
        enter();
        final byte[] b = this.b;
        final int end = this.end;
        i = skipWhitespace(i + 1);
        if (i < end && b[i] == ']') {
            depth--;
            pos = i + 1;
            return provider.createArrayBuilder().build();
        }
        int[] ints = null;
        int n = 0;
        // the int run: "1,2,3" in a tight loop
        while (i < end) {
            int c = b[i];
            int after;
            if (c >= '1' && c <= '9') {
                after = shortInt(i);
                if (after < 0) {
                    after = scanNumber(i);
                }
            } else if (c == '-' || c == '0') {
                after = scanNumber(i);
            } else {
                break;
            }
            if (numberKind != INT) {
                break;
            }
            if (ints == null) {
                ints = new int[16];
            } else if (n == ints.length) {
                ints = Arrays.copyOf(ints, n * 2);
            }
            ints[n++] = (int) numberValue;
            i = after;
            if (i < end && b[i] <= ' ') {
                i = skipWhitespace(i);
            }
            c = i < end ? b[i] : -1;
            if (c == ',') {
                i++;
                if (i < end && b[i] <= ' ') {
                    i = skipWhitespace(i);
                }
            } else if (c == ']') {
                depth--;
                pos = i + 1;
                return new IntJsonArray(n == ints.length ? ints : Arrays.copyOf(ints, n));
            } else {
                throw malformed(i, "unexpected " + describe(i) + ": expected ',' or ']' in an array");
            }
        }
        JsonArrayBuilder a = provider.createArrayBuilder();
        for (int k = 0; k < n; k++) {
            a.add(provider.createValue(ints[k]));
        }
        while (true) {
            a.add(readValue(i));
            i = skipWhitespace(pos);
            int c = i < end ? b[i] : -1;
            if (c == ',') {
                i = skipWhitespace(i + 1);
            } else if (c == ']') {
                depth--;
                pos = i + 1;
                return a.build();
            } else {
                throw malformed(i, "unexpected " + describe(i) + ": expected ',' or ']' in an array");
            }
        }
    }

    /**
     * The common token id: a positive int right before ',' or ']', of up to 7 digits (read eight bytes at a
     * time) or, in the last 8 bytes of the input, 9. Returns the index after it with {@link #numberValue} set,
     * or -1 when the number is anything else (then {@link #scanNumber} reads it).
     */
    private int shortInt(int i) {
        final byte[] b = this.b;
        if (i + 8 <= end && maxNumber >= 8) {
            // eight bytes at once: count the leading digits, then convert them with two multiplications
            long w = (long) LONGS.get(b, i);
            long notDigit = ((w & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
                    | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
            if (notDigit != 0) {
                int n = Long.numberOfTrailingZeros(notDigit) >>> 3; // 1..7: b[i] is a digit
                byte t = b[i + n];
                if (t == ',' || t == ']') {
                    numberKind = INT;
                    numberValue = eightDigits((w - 0x3030303030303030L) << (8 * (8 - n)));
                    return i + n;
                }
            }
            return -1;
        }
        int limit = Math.min(end, i + Math.min(9, maxNumber));
        int v = 0;
        int j = i;
        while (j < limit) {
            int d = b[j] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            j++;
        }
        if (j < end && (b[j] == ',' || b[j] == ']')) {
            numberKind = INT;
            numberValue = v;
            return j;
        }
        return -1;
    }

    /**
     * The value of eight decimal digits held one per byte (0..9, the most significant in the lowest byte):
     * pairs, then quads, then the whole, by multiplication.
     */
    static int eightDigits(long v) {
        v = v * 10 + (v >>> 8);
        v = (((v & 0x000000FF000000FFL) * (100 + (1000000L << 32)))
                + (((v >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32)))) >>> 32;
        return (int) v;
    }

    private JsonValue numberValue(int start, int after) {
        switch (numberKind) {
            case INT:
                return provider.createValue((int) numberValue);
            case LONG:
                return provider.createValue(numberValue);
            case MINUS_0:
                return RawJsonSupport.access().trusted(MINUS_ZERO.clone());
            case BIG:
                return RawJsonSupport.access().trusted(Arrays.copyOfRange(b, start, after));
            default:
                try {
                    return RawJsonSupport.access().trusted(Arrays.copyOfRange(b, start, after));
                } catch (NumberFormatException e) {
                    // valid JSON grammar that BigDecimal cannot hold, e.g. 1e9999999999
                    throw malformed(start, "the number " + new String(b, start, after - start,
                            StandardCharsets.ISO_8859_1) + " is out of range");
                }
        }
    }

    /** Decodes the string whose opening quote is at {@code i}; {@link #pos} is set past its closing quote. */
    private String readString(int i, boolean key) {
        final byte[] b = this.b;
        final int end = this.end;
        int start = i + 1;
        int j = plainRun(start);
        if (j < end && b[j] == '"') {
            checkStringLength(start, j - start, j - start, key);
            pos = j + 1;
            if (key) {
                String known = KnownNames.lookup(b, start, j - start);
                if (known != null) {
                    return known;
                }
            }
            return new String(b, start, j - start, StandardCharsets.ISO_8859_1);
        }
        // validate (UTF-8, escapes, limits) first, then decode what is known to be well-formed
        sawEscape = false;
        int after = skipString(i, key);
        pos = after;
        int stop = after - 1;
        if (!sawEscape) {
            return new String(b, start, stop - start, StandardCharsets.UTF_8);
        }
        String unescaped = unescapeToUtf8(start, stop);
        return unescaped != null ? unescaped : decodeToChars(start, stop);
    }

    /**
     * The validated string {@code b[start, stop)} with its escapes resolved into UTF-8 and decoded by the JDK
     * (whose UTF-8 decoding is much faster than building chars here); null when it holds a lone surrogate
     * escape, which UTF-8 cannot carry.
     */
    private String unescapeToUtf8(int start, int stop) {
        final byte[] b = this.b;
        byte[] out = utf8Buffer;
        if (out == null || out.length < stop - start) {
            out = utf8Buffer = new byte[Math.max(64, stop - start)];
        }
        int n = 0;
        int j = start;
        while (j < stop) {
            int run = j;
            while (j < stop && b[j] != '\\') {
                j++;
            }
            System.arraycopy(b, run, out, n, j - run);
            n += j - run;
            if (j == stop) {
                break;
            }
            byte e = b[j + 1];
            if (e != 'u') {
                out[n++] = (byte) shortEscape(j, e);
                j += 2;
                continue;
            }
            int cp = hex4(j + 2);
            j += 6;
            if (Character.isSurrogate((char) cp)) {
                if (Character.isLowSurrogate((char) cp) || j + 6 > stop || b[j] != '\\' || b[j + 1] != 'u'
                        || !Character.isLowSurrogate((char) hex4(j + 2))) {
                    return null;
                }
                n = writeCodePoint(out, n, Character.toCodePoint((char) cp, (char) hex4(j + 2)));
                j += 6;
            } else if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | (cp >> 6));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[n++] = (byte) (0xE0 | (cp >> 12));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The validated string {@code b[start, stop)} decoded unit by unit (lone surrogates included). */
    private String decodeToChars(int start, int stop) {
        final byte[] b = this.b;
        char[] out = new char[stop - start];
        int n = 0;
        int j = start;
        while (j < stop) {
            int c = b[j];
            if (c >= 0) {
                if (c != '\\') {
                    out[n++] = (char) c;
                    j++;
                } else if (b[j + 1] == 'u') {
                    out[n++] = (char) hex4(j + 2);
                    j += 6;
                } else {
                    out[n++] = (char) shortEscape(j, b[j + 1]);
                    j += 2;
                }
            } else if ((c & 0xE0) == 0xC0) {
                out[n++] = (char) (((c & 0x1F) << 6) | (b[j + 1] & 0x3F));
                j += 2;
            } else if ((c & 0xF0) == 0xE0) {
                out[n++] = (char) (((c & 0x0F) << 12) | ((b[j + 1] & 0x3F) << 6) | (b[j + 2] & 0x3F));
                j += 3;
            } else {
                int cp = decodeUtf8(j, 4);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                j += 4;
            }
        }
        return new String(out, 0, n);
    }

    private void checkStringLength(int start, int bytes, int units, boolean key) {
        if (key) {
            if (units > MAX_NAME_LENGTH) {
                throw new InvalidResponseException(what() + " breaks a JSON limit: a key longer than "
                        + MAX_NAME_LENGTH + " characters (at " + lineColumn(start) + ")");
            }
        } else if (units > maxString) {
            throw limit(WireJson.Limit.STRING);
        }
    }

    private int shortEscape(int at, int e) {
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                throw malformed(at + 1, e < 0 ? "unexpected end of input in an escape"
                        : "unrecognized character escape " + describe(at + 1));
        }
    }

    private int hex4(int at) {
        if (at + 4 > end) {
            throw malformed(Math.min(at, end), "unexpected end of input in a \\u escape");
        }
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int c = b[k];
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                throw malformed(k, "unexpected " + describe(k) + " in a \\u escape: expected a hex digit");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private String hexText(int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks the well-formed UTF-8 sequence starting at {@code i} (its first byte is not ASCII) and returns the
     * index after it: Unicode table 3-7, so no overlong forms, no surrogates, nothing past U+10FFFF.
     */
    private int utf8(int i) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw malformed(i, "invalid UTF-8 start byte 0x" + Integer.toHexString(c).toUpperCase());
        }
        if (i + n >= end) {
            throw malformed(Math.min(i + 1 + n, end), "unexpected end of input in a UTF-8 sequence");
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < lo || c1 > hi) {
            throw malformed(i + 1, "invalid UTF-8 byte 0x" + Integer.toHexString(c1).toUpperCase()
                    + " after 0x" + Integer.toHexString(c).toUpperCase());
        }
        for (int k = 2; k <= n; k++) {
            int ck = b[i + k] & 0xFF;
            if (ck < 0x80 || ck > 0xBF) {
                throw malformed(i + k, "invalid UTF-8 continuation byte 0x" + Integer.toHexString(ck).toUpperCase());
            }
        }
        return i + n + 1;
    }

    /** The code point of the validated sequence of {@code len} bytes at {@code i}. */
    private int decodeUtf8(int i, int len) {
        int c = b[i] & 0xFF;
        switch (len) {
            case 2:
                return ((c & 0x1F) << 6) | (b[i + 1] & 0x3F);
            case 3:
                return ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
            default:
                return ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
        }
    }

    /** Checks {@code true}, {@code false} or {@code null} at {@code i} and returns the index after it. */
    private int literal(int i) {
        int c = b[i];
        String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
        for (int k = 1; k < word.length(); k++) {
            if (i + k >= end || b[i + k] != word.charAt(k)) {
                throw malformed(i, "unrecognized token: expected " + word);
            }
        }
        return i + word.length();
    }

    /**
     * Checks the number at {@code i} against the grammar and {@code maxJsonNumberLength} (counted as Jackson
     * does: the digits of integer, fraction and exponent), sets {@link #numberKind} and {@link #numberValue},
     * and returns the index after it.
     */
    private int scanNumber(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        int start = i;
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long value = 0;
        if (i < end && b[i] == '0') {
            i++;
            if (i < end && b[i] >= '0' && b[i] <= '9') {
                throw malformed(i, "invalid number: leading zeroes are not allowed");
            }
        } else if (i < end && b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (i - digitsStart < 18) {
                    value = value * 10 + (b[i] - '0');
                }
                i++;
            }
        } else {
            throw malformed(i, "unexpected " + describe(i) + " in a number: expected a digit");
        }
        int intDigits = i - digitsStart;
        int digits = intDigits;
        boolean floating = false;
        if (i < end && b[i] == '.') {
            floating = true;
            int s = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == s) {
                throw malformed(i, "unexpected " + describe(i) + " in a number: the decimal point must be "
                        + "followed by a digit");
            }
            digits += i - s;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            floating = true;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int s = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == s) {
                throw malformed(i, "unexpected " + describe(i) + " in a number: the exponent needs a digit");
            }
            digits += i - s;
        }
        if (digits > maxNumber) {
            throw limit(WireJson.Limit.NUMBER);
        }
        if (floating) {
            numberKind = FLOAT;
        } else if (intDigits <= 18) {
            if (negative) {
                value = -value;
                if (value == 0) {
                    numberKind = MINUS_0;
                    return i;
                }
            }
            numberValue = value;
            numberKind = value == (int) value ? INT : LONG;
        } else if (intDigits == 19) {
            try {
                numberValue = Long.parseLong(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
                numberKind = LONG;
            } catch (NumberFormatException e) {
                numberKind = BIG;
            }
        } else {
            numberKind = BIG;
        }
        return i;
    }

    // ---- kept payloads: validated, canonical-checked, kept as bytes ----

    /** {@link #scanNumber} without the value: grammar and length limit only (numbers of kept payloads). */
    private int skipNumber(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        if (b[i] == '-') {
            i++;
        }
        int s = i;
        if (i < end && b[i] == '0') {
            i++;
            if (i < end && isDigit(b[i])) {
                throw malformed(i, "invalid number: leading zeroes are not allowed");
            }
        } else {
            i = digitRun(i);
            if (i == s) {
                throw malformed(i, "unexpected " + describe(i) + " in a number: expected a digit");
            }
        }
        int digits = i - s;
        if (i < end && b[i] == '.') {
            s = ++i;
            i = digitRun(i);
            if (i == s) {
                throw malformed(i, "unexpected " + describe(i) + " in a number: the decimal point must be "
                        + "followed by a digit");
            }
            digits += i - s;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            s = i;
            i = digitRun(i);
            if (i == s) {
                throw malformed(i, "unexpected " + describe(i) + " in a number: the exponent needs a digit");
            }
            digits += i - s;
        }
        if (digits > maxNumber) {
            throw limit(WireJson.Limit.NUMBER);
        }
        return i;
    }

    /** The index after the run of ASCII digits starting at {@code i}, eight bytes at a time. */
    private int digitRun(int i) {
        final byte[] b = this.b;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long notDigit = ((w & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
                    | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
            if (notDigit != 0) {
                return i + (Long.numberOfTrailingZeros(notDigit) >>> 3);
            }
            i += 8;
        }
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    /**
     * The index of the first byte at or after {@code i} that ends a run of plain string bytes: a quote, a
     * backslash, a control character or a non-ASCII byte ({@link #STRING_CLASS} not 0), eight bytes at a time.
     */
    private int plainRun(int i) {
        final byte[] b = this.b;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(b, i);
            long quote = w ^ 0x2222222222222222L;
            long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
            // a lane's high bit is set where the byte is zero (quote, backslash), below 0x20, or not ASCII;
            // borrows can only mark lanes after the first such byte
            long special = ((quote - 0x0101010101010101L) & ~quote)
                    | ((backslash - 0x0101010101010101L) & ~backslash)
                    | ((w - 0x2020202020202020L) & ~w)
                    | w;
            special &= 0x8080808080808080L;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        while (i < end && STRING_CLASS[b[i] & 0xFF] == 0) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Validates the object or array at {@code i} and returns it as a value over its compact canonical text (for a
     * {@link #transientNow} payload: its compact text, escapes as written, sliced from the body when it has no
     * whitespace); {@link #pos} is set after it. One pass checks grammar, UTF-8, limits and canonical form; only
     * text that is not canonical takes a second, byte-level pass ({@link #canonicalize}).
     */
    private JsonValue keep(int i) {
        startKeeping(i);
        return kept(i, keepValue(i, depth));
    }

    private void startKeeping(int i) {
        canonical = null;
        canonicalSize = 0;
        clean = i;
        keptStart = i;
        keeping = true;
    }

    /**
     * Validates the value at {@code i} inside a kept payload whose parent container is at depth {@code base},
     * building its canonical text as {@link #keep} describes; returns the index after it.
     */
    private int keepValue(int i, int base) {
        final byte[] b = this.b;
        final int end = this.end;
        boolean[] stack = containerIsObject;
        int d = 0; // containers open inside the value
        // state: at i a value is expected
        value:
        while (true) {
            int c = i < end ? b[i] : -1;
            if (c == '{' || c == '[') {
                if (base + d + 1 > maxDepth) {
                    throw limit(WireJson.Limit.DEPTH);
                }
                if (d == stack.length) {
                    stack = containerIsObject = Arrays.copyOf(stack, d * 2);
                }
                boolean object = c == '{';
                stack[d++] = object;
                i++;
                if (i < end && b[i] <= ' ') {
                    i = dropWhitespace(i);
                }
                if (i < end && b[i] == (object ? '}' : ']')) {
                    i++;
                    if (--d == 0) {
                        return i;
                    }
                } else {
                    if (object) {
                        i = keptKey(i);
                    }
                    continue value;
                }
            } else if (c == '"') {
                i = skipString(i, false);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = skipNumber(i);
            } else if (c == 't' || c == 'f' || c == 'n') {
                i = literal(i);
            } else {
                throw malformed(i, "unexpected " + describe(i)
                        + ": expected a JSON value (string, number, object, array, true, false or null)");
            }
            if (d == 0) {
                return i;
            }
            // after a value: ',' or the end of the container, possibly several
            while (true) {
                if (i < end && b[i] <= ' ') {
                    i = dropWhitespace(i);
                }
                c = i < end ? b[i] : -1;
                boolean object = stack[d - 1];
                if (c == ',') {
                    i++;
                    if (i < end && b[i] <= ' ') {
                        i = dropWhitespace(i);
                    }
                    if (object) {
                        i = keptKey(i);
                    }
                    continue value;
                }
                if (c == (object ? '}' : ']')) {
                    i++;
                    if (--d == 0) {
                        return i;
                    }
                    continue;
                }
                throw malformed(i, "unexpected " + describe(i) + (object ? ": expected ',' or '}' in an object"
                        : ": expected ',' or ']' in an array"));
            }
        }
    }

    // ---- a choice's logprobs: kept as keep() keeps it, its content[] entries read into columns meanwhile ----

    /**
     * {@link #keep} for a choice's {@code logprobs} object (at {@code i}), which also reads the entries of its
     * {@code content} array into columns ({@link #keepEntries}) and attaches them to the value, so that the
     * extractor's {@code LogprobColumns} need not read the same bytes again. The validation, the errors and the
     * kept text are exactly {@link #keep}'s: the members are walked with the same checks in the same order. The
     * columns are attached only when they are certain: the last {@code content} member counts (JSON-P's rule),
     * and a key with an escape (which might spell {@code content}) drops them.
     */
    private JsonValue keepLogprobs(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        final int base = depth;
        int start = i;
        startKeeping(i);
        entries = null;
        boolean escapedKey = false;
        if (base + 1 > maxDepth) {
            throw limit(WireJson.Limit.DEPTH);
        }
        i++;
        if (i < end && b[i] <= ' ') {
            i = dropWhitespace(i);
        }
        if (i < end && b[i] == '}') {
            return kept(start, i + 1);
        }
        while (true) {
            int ks = i;
            sawEscape = false;
            i = keptKey(i);
            escapedKey |= sawEscape;
            if (b[ks + 1] == 'c' && b[ks + 2] == 'o' && b[ks + 3] == 'n' && b[ks + 4] == 't' && b[ks + 5] == 'e'
                    && b[ks + 6] == 'n' && b[ks + 7] == 't' && b[ks + 8] == '"') {
                // (the key is validated, so its bytes up to the first mismatch exist)
                entries = null;
                i = i < end && b[i] == '[' ? keepEntries(i, base + 1) : keepValue(i, base + 1);
            } else {
                i = keepValue(i, base + 1);
            }
            if (i < end && b[i] <= ' ') {
                i = dropWhitespace(i);
            }
            int c = i < end ? b[i] : -1;
            if (c == ',') {
                i++;
                if (i < end && b[i] <= ' ') {
                    i = dropWhitespace(i);
                }
                continue;
            }
            if (c == '}') {
                if (escapedKey) {
                    entries = null;
                }
                return kept(start, i + 1);
            }
            throw malformed(i, "unexpected " + describe(i) + ": expected ',' or '}' in an object");
        }
    }

    /**
     * {@link #keepValue} for the {@code content} array at {@code i} (its parent at depth {@code base}), reading
     * its entries into {@link #entries} as it validates them; {@link #entries} stays null when an entry is
     * anything but what {@link io.evalprotocol.api.internal.ContentColumns} promises.
     */
    private int keepEntries(int i, int base) {
        final byte[] b = this.b;
        final int end = this.end;
        if (base + 1 > maxDepth) {
            throw limit(WireJson.Limit.DEPTH);
        }
        EntryColumns e = new EntryColumns(Math.max(8, Math.min((end - i) / 64, 1 << 16)));
        boolean ok = true;
        i++;
        if (i < end && b[i] <= ' ') {
            i = dropWhitespace(i);
        }
        if (i < end && b[i] == ']') {
            e.end(outputIndex(i + 1));
            entries = e;
            return i + 1;
        }
        while (true) {
            if (ok && i < end && b[i] == '{') {
                e.start(outputIndex(i));
                i = keepEntry(i, base + 1, e);
                ok = e.rowOk;
            } else {
                ok = false;
                i = keepValue(i, base + 1);
            }
            if (i < end && b[i] <= ' ') {
                i = dropWhitespace(i);
            }
            int c = i < end ? b[i] : -1;
            if (c == ',') {
                i++;
                if (i < end && b[i] <= ' ') {
                    i = dropWhitespace(i);
                }
                continue;
            }
            if (c == ']') {
                if (ok) {
                    e.end(outputIndex(i + 1));
                    entries = e;
                }
                return i + 1;
            }
            throw malformed(i, "unexpected " + describe(i) + ": expected ',' or ']' in an array");
        }
    }

    private static final int OTHER = 0;
    private static final int LOGPROB = 1;
    private static final int SAMPLING = 2;
    private static final int TOKEN_ID = 3;

    /**
     * {@link #keepValue} for one entry object at {@code i} (its parent at depth {@code base}), reading its
     * {@code logprob}, {@code sampling_logprob} and {@code token_id} into the next row of {@code e}; clears
     * {@link EntryColumns#rowOk} when the entry is not one the columns can hold.
     */
    private int keepEntry(int i, int base, EntryColumns e) {
        final byte[] b = this.b;
        final int end = this.end;
        if (base + 1 > maxDepth) {
            throw limit(WireJson.Limit.DEPTH);
        }
        i++;
        if (i < end && b[i] <= ' ') {
            i = dropWhitespace(i);
        }
        if (i < end && b[i] == '}') {
            e.rowOk = false; // no logprob
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                throw malformed(i, "unexpected " + describe(i) + ": expected a double-quoted key");
            }
            sawEscape = false;
            int ks = i + 1;
            i = skipString(i, true);
            int field = sawEscape ? -1 : field(b, ks, i - 1);
            i = afterKey(i);
            int c = i < end ? b[i] : -1;
            if (field == OTHER) {
                // token text and the like: straight to the string scan, else the general walk (bytes, top_logprobs)
                i = c == '"' ? skipString(i, false) : c == '[' ? intArray(i, base + 1) : keepValue(i, base + 1);
            } else if (field < 0) {
                e.rowOk = false; // an escaped key may name one of the columns
                i = keepValue(i, base + 1);
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                if (field == TOKEN_ID) {
                    i = tokenIdNumber(i, e);
                } else {
                    i = logprobNumber(i, field == SAMPLING, e);
                }
            } else if (c == 'n' && field != TOKEN_ID) {
                i = literal(i);
                e.nullNumber(field == SAMPLING);
            } else {
                e.rowOk = false; // a type the columns do not hold: the extractor's own read reports it
                i = keepValue(i, base + 1);
            }
            if (i < end && b[i] <= ' ') {
                i = dropWhitespace(i);
            }
            c = i < end ? b[i] : -1;
            if (c == ',') {
                i++;
                if (i < end && b[i] <= ' ') {
                    i = dropWhitespace(i);
                }
                continue;
            }
            if (c == '}') {
                e.finishRow();
                return i + 1;
            }
            throw malformed(i, "unexpected " + describe(i) + ": expected ',' or '}' in an object");
        }
    }

    /** 10^0 .. 10^22, the powers of ten a double holds exactly (as {@code RawJsonNumber} has them). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    /**
     * The logprob number at {@code i} into {@code e}, scanned and converted at once when it is a plain decimal such
     * as {@code -0.6931472}: no exponent, at most 15 significant digits and 22 decimals, within
     * {@code maxJsonNumberLength}. Its value is then the one {@code RawJsonNumber}'s plain-decimal conversion
     * computes (the same mantissa divided by the same exact power of ten); any other text takes
     * {@link #skipNumber} (the grammar errors and the limit) and {@link EntryColumns#number}. Returns the index
     * after the number.
     */
    private int logprobNumber(int i, boolean sampling, EntryColumns e) {
        final byte[] b = this.b;
        final int end = this.end;
        int s = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int digits = 0;
        int scale = 0;
        int c = i < end ? b[i] : -1;
        if (c == '0') {
            digits++;
            c = ++i < end ? b[i] : -1;
        } else if (c >= '1' && c <= '9') {
            do {
                mantissa = mantissa * 10 + (c - '0');
                significant++;
                digits++;
                c = ++i < end ? b[i] : -1;
            } while (c >= '0' && c <= '9');
        } else {
            c = 'e'; // not a number: the general scan reports it
        }
        if (c == '.') {
            c = ++i < end ? b[i] : -1;
            if (c < '0' || c > '9') {
                c = 'e';
            }
            while (c >= '0' && c <= '9') {
                int d = c - '0';
                if (mantissa != 0 || d != 0) {
                    significant++;
                }
                mantissa = mantissa * 10 + d;
                scale++;
                digits++;
                c = ++i < end ? b[i] : -1;
            }
        }
        if (c == 'e' || c == 'E' || (c >= '0' && c <= '9') || significant > 15 || scale > 22 || digits > maxNumber) {
            int after = skipNumber(s);
            e.number(sampling, b, s, after);
            return after;
        }
        double v = 0.0; // JSON-P's numbers are BigDecimals, which have no negative zero
        if (mantissa != 0) {
            v = scale > 0 ? (double) mantissa / POWERS_OF_TEN[scale] : (double) mantissa;
            if (negative) {
                v = -v;
            }
        }
        e.plainNumber(sampling, v);
        return i;
    }

    /**
     * The token id number at {@code i} into {@code e}, scanned and converted at once when it is plain integer text
     * within {@code maxJsonNumberLength}; any other text takes {@link #skipNumber} (the grammar errors and the
     * limit) and {@link EntryColumns#tokenId}. Returns the index after the number.
     */
    private int tokenIdNumber(int i, EntryColumns e) {
        final byte[] b = this.b;
        final int end = this.end;
        int s = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        int c = i < end ? b[i] : -1;
        if (c == '0') {
            digits = 1;
            c = ++i < end ? b[i] : -1;
        } else if (c >= '1' && c <= '9') {
            do {
                v = v * 10 + (c - '0');
                digits++;
                c = ++i < end ? b[i] : -1;
            } while (c >= '0' && c <= '9');
        } else {
            c = 'e'; // not a number: the general scan reports it
        }
        if (c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') || digits > 18 || digits > maxNumber) {
            int after = skipNumber(s);
            e.tokenId(b, s, after);
            return after;
        }
        e.plainTokenId(negative ? -v : v);
        return i;
    }

    /**
     * The array at {@code i} (its parent at depth {@code base}) when it is compact non-negative integers, such as
     * an entry's {@code bytes}: checked in one tight loop, which finds nothing to report or rewrite in such text.
     * Anything else (whitespace, signs, fractions, another value, a broken limit) is read by {@link #keepValue}
     * from the start, which reports and rewrites as always. Returns the index after the array.
     */
    private int intArray(int i, int base) {
        final byte[] b = this.b;
        final int end = this.end;
        if (base + 1 > maxDepth) {
            return keepValue(i, base);
        }
        int j = i + 1;
        if (j < end && b[j] == ']') {
            return j + 1;
        }
        while (true) {
            int s = j;
            int c = j < end ? b[j] : -1;
            if (c == '0') {
                j++;
            } else if (c >= '1' && c <= '9') {
                do {
                    j++;
                } while (j < end && b[j] >= '0' && b[j] <= '9');
            } else {
                return keepValue(i, base);
            }
            if (j - s > maxNumber) {
                return keepValue(i, base);
            }
            c = j < end ? b[j] : -1;
            if (c == ',') {
                j++;
            } else if (c == ']') {
                return j + 1;
            } else {
                return keepValue(i, base);
            }
        }
    }

    /** Which column the key body {@code [s, e)} (no escapes) names. */
    private static int field(byte[] b, int s, int e) {
        switch (e - s) {
            case 7:
                return b[s] == 'l' && b[s + 1] == 'o' && b[s + 2] == 'g' && b[s + 3] == 'p' && b[s + 4] == 'r'
                        && b[s + 5] == 'o' && b[s + 6] == 'b' ? LOGPROB : OTHER;
            case 8:
                return b[s] == 't' && b[s + 1] == 'o' && b[s + 2] == 'k' && b[s + 3] == 'e' && b[s + 4] == 'n'
                        && b[s + 5] == '_' && b[s + 6] == 'i' && b[s + 7] == 'd' ? TOKEN_ID : OTHER;
            case 16:
                return b[s] == 's' && EntryColumns.isSamplingLogprob(b, s) ? SAMPLING : OTHER;
            default:
                return OTHER;
        }
    }

    /**
     * The index in the payload's output text (its canonical form, as {@link #kept} returns it, counted from the
     * payload's first byte) of the source byte {@code i}, which is past every spot rewritten so far.
     */
    private int outputIndex(int i) {
        return canonicalSize + (i - clean);
    }

    private JsonValue kept(int start, int stop) {
        pos = stop;
        keeping = false;
        boolean slice = transientNow;
        transientNow = false;
        EntryColumns e = entries;
        entries = null;
        if (!rawSlices) {
            return RawJsonSupport.access().trusted(canonicalize(start, stop));
        }
        if (canonical == null) {
            // a payload that is not retained may share the body's array: nothing keeps it past the decode
            return slice ? wrap(b, start, stop - start, e, start)
                    : wrap(Arrays.copyOfRange(b, start, stop), 0, stop - start, e, 0);
        }
        replace(stop, stop, 0);
        byte[] out = canonical;
        int n = canonicalSize;
        canonical = null;
        // the buffer was sized for the rest of the input: kept as it is when the payload filled most of it,
        // else trimmed, and then reused for the document's next payload (choices of an n > 1 response)
        if (n >= out.length - out.length / 8) {
            return wrap(out, 0, n, e, 0);
        }
        spare = out;
        return wrap(Arrays.copyOf(out, n), 0, n, e, 0);
    }

    /** The kept text {@code buf[off, off + len)}, with the columns {@code e} (output indexes + {@code off}) if any. */
    private static JsonValue wrap(byte[] buf, int off, int len, EntryColumns e, int delta) {
        return e == null ? RawJsonSupport.access().trusted(buf, off, len)
                : RawJsonSupport.access().trusted(buf, off, len, e.toContentColumns(delta));
    }

    /**
     * Marks {@code b[from, to)} of a kept payload as not canonical and reserves room for {@code extra} bytes of
     * its canonical replacement, which the caller appends to {@link #canonical}: the canonical text is built
     * as the payload is validated, from bulk copies of the canonical runs between such spots.
     */
    private void replace(int from, int to, int extra) {
        int run = from - clean;
        if (canonical == null) {
            // the canonical text is never longer than its source, which ends at the latest with the input
            int size = Math.max(16, end - clean + extra);
            canonical = spare != null && spare.length >= size ? spare : new byte[size];
            spare = null;
            canonicalSize = 0;
        } else if (canonicalSize + run + extra > canonical.length) {
            canonical = Arrays.copyOf(canonical, Math.max(canonicalSize + run + extra, canonical.length * 2));
        }
        System.arraycopy(b, clean, canonical, canonicalSize, run);
        canonicalSize += run;
        clean = to;
    }

    /** Skips whitespace inside a kept payload, which the canonical text leaves out. */
    private int dropWhitespace(int i) {
        int after = skipWhitespace(i);
        if (after > i) {
            replace(i, after, 0);
        }
        return after;
    }

    /** A key and its colon inside a kept payload; returns where the value starts. */
    private int keptKey(int i) {
        if (i >= end || b[i] != '"') {
            throw malformed(i, "unexpected " + describe(i) + ": expected a double-quoted key");
        }
        return afterKey(skipString(i, true));
    }

    /** The colon after a key of a kept payload, at {@code i} after optional whitespace; returns where the value starts. */
    private int afterKey(int i) {
        if (i < end && b[i] <= ' ') {
            i = dropWhitespace(i);
        }
        if (i >= end || b[i] != ':') {
            throw malformed(i, "unexpected " + describe(i) + ": expected ':' after a key");
        }
        i++;
        if (i < end && b[i] <= ' ') {
            i = dropWhitespace(i);
        }
        return i;
    }

    /** Validates the string whose quote is at {@code i} without decoding it; returns the index after it. */
    private int skipString(int i, boolean key) {
        final byte[] b = this.b;
        final byte[] classes = STRING_CLASS;
        final int end = this.end;
        int start = ++i;
        int extra = 0; // bytes beyond one per UTF-16 unit: escapes and multi-byte sequences
        while (true) {
            i = plainRun(i);
            if (i >= end) {
                throw malformed(i, "unexpected end of input in a string");
            }
            int c = b[i] & 0xFF;
            switch (classes[c]) {
                case 1: {
                    int units = i - start - extra;
                    if (units > (key ? MAX_NAME_LENGTH : maxString)) {
                        checkStringLength(start, i - start, units, key);
                    }
                    return i + 1;
                }
                case 2: {
                    int e = i + 1 < end ? b[i + 1] : -1;
                    sawEscape = true;
                    // a transient payload keeps its escapes: validated the same, not rewritten
                    if (!keeping || transientNow) {
                        if (e == 'u') {
                            int cp = hex4(i + 2);
                            if (key && Character.isSurrogate((char) cp)) {
                                checkKeySurrogates(i, cp);
                                extra += 5;
                                i += 6;
                            }
                            extra += 5;
                            i += 6;
                        } else {
                            shortEscape(i, e);
                            extra += 1;
                            i += 2;
                        }
                        break;
                    }
                    if (e == 'u') {
                        int cp = hex4(i + 2);
                        if (Character.isSurrogate((char) cp)) {
                            boolean paired = Character.isHighSurrogate((char) cp) && i + 7 < end
                                    && b[i + 6] == '\\' && b[i + 7] == 'u'
                                    && Character.isLowSurrogate((char) hex4(i + 8));
                            if (key && !paired) {
                                if (Character.isLowSurrogate((char) cp)) {
                                    throw malformed(i, "unexpected low surrogate \\u" + hexText(i + 2) + " in a key");
                                }
                                throw malformed(i + 6, "broken surrogate pair in a key: \\u" + hexText(i + 2)
                                        + " is not followed by a low surrogate escape");
                            }
                            if (paired) {
                                // the pair's character as UTF-8, as the writer writes it
                                replace(i, i + 12, 4);
                                canonicalSize = writeCodePoint(canonical, canonicalSize,
                                        Character.toCodePoint((char) cp, (char) hex4(i + 8)));
                                extra += 10;
                                i += 12;
                            } else {
                                // a lone surrogate stays escaped, in lower case
                                if (!isLowerCaseHex(i + 2)) {
                                    replace(i, i + 6, 6);
                                    canonicalSize = writeChar(canonical, canonicalSize, cp);
                                }
                                extra += 5;
                                i += 6;
                            }
                        } else {
                            if (!isCanonicalUnicodeEscape(i + 2, cp)) {
                                replace(i, i + 6, 6);
                                canonicalSize = writeChar(canonical, canonicalSize, cp);
                            }
                            extra += 5;
                            i += 6;
                        }
                    } else {
                        if (shortEscape(i, e) == '/') {
                            replace(i, i + 2, 1);
                            canonical[canonicalSize++] = '/';
                        }
                        extra += 1;
                        i += 2;
                    }
                    break;
                }
                case 3:
                    throw malformed(i, "control character (code " + c + ") in a string: it must be escaped");
                default: {
                    int after = utf8(i);
                    // 2 and 3 byte sequences are one UTF-16 unit, 4 byte ones two
                    extra += after - i == 4 ? 2 : after - i - 1;
                    i = after;
                }
            }
        }
    }

    /** Keys may hold surrogate escapes only as pairs (Jackson refuses others); checks the one at {@code i}. */
    private void checkKeySurrogates(int i, int cp) {
        if (Character.isLowSurrogate((char) cp)) {
            throw malformed(i, "unexpected low surrogate \\u" + hexText(i + 2) + " in a key");
        }
        if (i + 7 >= end || b[i + 6] != '\\' || b[i + 7] != 'u' || !Character.isLowSurrogate((char) hex4(i + 8))) {
            throw malformed(i + 6, "broken surrogate pair in a key: \\u" + hexText(i + 2)
                    + " is not followed by a low surrogate escape");
        }
    }

    private boolean isLowerCaseHex(int at) {
        for (int k = at; k < at + 4; k++) {
            if (b[k] >= 'A' && b[k] <= 'F') {
                return false;
            }
        }
        return true;
    }

    /** What {@code CompactJson} writes: {@code \}{@code u00xx}, lower-case, for controls without a short form. */
    private boolean isCanonicalUnicodeEscape(int at, int cp) {
        return cp < 0x20 && cp != '\b' && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r'
                && b[at] == '0' && b[at + 1] == '0' && b[at + 2] == HEX[cp >> 4] && b[at + 3] == HEX[cp & 0xF];
    }

    /**
     * Rewrites validated JSON text into the compact form {@code CompactJson} writes for the same values:
     * no whitespace, {@code \/} as {@code /}, {@code \}{@code uXXXX} escapes as the UTF-8 of their character
     * (surrogate pairs joined) unless the writer escapes that character too (quote, backslash, controls,
     * lone surrogates, in lower-case hex). Numbers are kept as written. Never longer than the input.
     */
    byte[] canonicalize(int start, int stop) {
        final byte[] b = this.b;
        byte[] out = new byte[stop - start];
        int o = 0;
        boolean inString = false;
        for (int i = start; i < stop; i++) {
            byte c = b[i];
            if (!inString) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    continue;
                }
                out[o++] = c;
                inString = c == '"';
            } else if (c == '"') {
                out[o++] = c;
                inString = false;
            } else if (c != '\\') {
                out[o++] = c;
            } else {
                byte e = b[++i];
                if (e == '/') {
                    out[o++] = '/';
                } else if (e != 'u') {
                    out[o++] = '\\';
                    out[o++] = e;
                } else {
                    int cp = hex4(i + 1);
                    i += 4;
                    if (Character.isHighSurrogate((char) cp) && i + 6 < stop && b[i + 1] == '\\' && b[i + 2] == 'u') {
                        int low = hex4(i + 3);
                        if (Character.isLowSurrogate((char) low)) {
                            o = writeCodePoint(out, o, Character.toCodePoint((char) cp, (char) low));
                            i += 6;
                            continue;
                        }
                    }
                    o = writeChar(out, o, cp);
                }
            }
        }
        return o == out.length ? out : Arrays.copyOf(out, o);
    }

    /** A supplementary code point as 4 bytes of UTF-8. */
    private static int writeCodePoint(byte[] out, int o, int code) {
        out[o++] = (byte) (0xF0 | (code >> 18));
        out[o++] = (byte) (0x80 | ((code >> 12) & 0x3F));
        out[o++] = (byte) (0x80 | ((code >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (code & 0x3F));
        return o;
    }

    /** One UTF-16 unit as {@code CompactJson.string} writes it. */
    private static int writeChar(byte[] out, int o, int c) {
        if (c < 0x80) {
            switch (c) {
                case '"':
                case '\\':
                    out[o++] = '\\';
                    out[o++] = (byte) c;
                    return o;
                case '\b':
                    return shortForm(out, o, 'b');
                case '\t':
                    return shortForm(out, o, 't');
                case '\n':
                    return shortForm(out, o, 'n');
                case '\f':
                    return shortForm(out, o, 'f');
                case '\r':
                    return shortForm(out, o, 'r');
                default:
                    if (c < 0x20) {
                        return unicodeEscape(out, o, c);
                    }
                    out[o++] = (byte) c;
                    return o;
            }
        }
        if (c < 0x800) {
            out[o++] = (byte) (0xC0 | (c >> 6));
            out[o++] = (byte) (0x80 | (c & 0x3F));
            return o;
        }
        if (Character.isSurrogate((char) c)) {
            return unicodeEscape(out, o, c);
        }
        out[o++] = (byte) (0xE0 | (c >> 12));
        out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (c & 0x3F));
        return o;
    }

    private static int shortForm(byte[] out, int o, char c) {
        out[o++] = '\\';
        out[o++] = (byte) c;
        return o;
    }

    private static int unicodeEscape(byte[] out, int o, int c) {
        out[o++] = '\\';
        out[o++] = 'u';
        out[o++] = HEX[(c >> 12) & 0xF];
        out[o++] = HEX[(c >> 8) & 0xF];
        out[o++] = HEX[(c >> 4) & 0xF];
        out[o++] = HEX[c & 0xF];
        return o;
    }

    // ---- shared ----

    private void enter() {
        if (++depth > maxDepth) {
            throw limit(WireJson.Limit.DEPTH);
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private int skipWhitespace(int i) {
        final byte[] b = this.b;
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    private InvalidResponseException limit(WireJson.Limit which) {
        return new InvalidResponseException(what() + " breaks a JSON limit: " + wire.limitMessage(which));
    }

    private InvalidResponseException malformed(int at, String reason) {
        return new InvalidResponseException("malformed JSON in " + what() + " at " + lineColumn(at) + ": " + reason
                + "; text starts with: " + wire.excerpt(b, from, end - from));
    }

    /** Line and column (1-based, in bytes, as Jackson counts) of the byte at {@code at}. */
    private String lineColumn(int at) {
        int line = 1;
        int lineStart = from;
        for (int k = from; k < at && k < end; k++) {
            byte c = b[k];
            if (c == '\n' || (c == '\r' && (k + 1 >= end || b[k + 1] != '\n'))) {
                line++;
                lineStart = k + 1;
            }
        }
        return "line " + line + ", column " + (at - lineStart + 1);
    }

    private String describe(int at) {
        if (at >= end) {
            return "end of input";
        }
        int c = b[at] & 0xFF;
        if (c >= 0x20 && c < 0x7F) {
            return "character '" + (char) c + "'";
        }
        return c < 0x80 ? "control character (code " + c + ")" : "byte 0x" + Integer.toHexString(c).toUpperCase();
    }
}
