package io.evalprotocol.core.internal.wire;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A small compact-JSON writer into a growable UTF-8 buffer, escaping strings as Python eval-protocol
 * does ({@code \b \t \n \f \r}, other control characters as lower-case six-character u00xx escapes, {@code /} and
 * non-ASCII written as they are), so text it produces is what Python would write for the same values.
 *
 * <p>Commas are the caller's business through {@link #comma()}; the writer does not track structure.
 * Not thread-safe.
 */
public final class CompactJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private byte[] buf;
    private int size;

    public CompactJson() {
        this(256);
    }

    public CompactJson(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The text written so far as an exact-text JSON-P value (object, array or number). */
    public JsonValue toRawValue() {
        return RawJsonSupport.access().trusted(toByteArray());
    }

    public String toString() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long grown = Math.max((long) size + extra, (long) buf.length * 2);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("JSON text too large");
            }
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }

    public CompactJson raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    public CompactJson raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    public CompactJson raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Appends ASCII text (number literals) as is. */
    public CompactJson rawAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    public CompactJson rawAscii(char[] chars, int off, int len) {
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[size++] = (byte) chars[off + i];
        }
        return this;
    }

    public CompactJson comma() {
        return raw((byte) ',');
    }

    public CompactJson startObject() {
        return raw((byte) '{');
    }

    public CompactJson endObject() {
        return raw((byte) '}');
    }

    public CompactJson startArray() {
        return raw((byte) '[');
    }

    public CompactJson endArray() {
        return raw((byte) ']');
    }

    /** Writes {@code "name":}. */
    public CompactJson key(String name) {
        string(name);
        return raw((byte) ':');
    }

    public CompactJson nullValue() {
        return raw(NULL);
    }

    public CompactJson bool(boolean b) {
        return raw(b ? TRUE : FALSE);
    }

    public CompactJson number(long v) {
        return rawAscii(Long.toString(v));
    }

    /** A double in Java's shortest round-trip form; non-finite values are a programming error here. */
    public CompactJson number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON cannot carry " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            // Python writes 1.0, not 1
            return rawAscii(Long.toString((long) v)).rawAscii(".0");
        }
        return rawAscii(Double.toString(v).replace("E", "e"));
    }

    public CompactJson string(String s) {
        return string(s, 0, s.length());
    }

    public CompactJson string(CharSequence s, int off, int len) {
        ensure(len + 2);
        buf[size++] = '"';
        for (int i = off; i < off + len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                ensure(2);
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < off + len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate cannot be encoded in UTF-8; Python writes it as a six-character escape.
                escapeUnicode(c);
            } else {
                ensure(3);
                buf[size++] = (byte) (0xE0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        buf[size++] = '"';
        return this;
    }

    /** Same as {@link #string(String)} for characters from a Jackson text buffer. */
    public CompactJson string(char[] chars, int off, int len) {
        return string(java.nio.CharBuffer.wrap(chars, off, len), 0, len);
    }

    private void ascii(char c) {
        ensure(6);
        switch (c) {
            case '"':
                buf[size++] = '\\';
                buf[size++] = '"';
                break;
            case '\\':
                buf[size++] = '\\';
                buf[size++] = '\\';
                break;
            case '\b':
                buf[size++] = '\\';
                buf[size++] = 'b';
                break;
            case '\t':
                buf[size++] = '\\';
                buf[size++] = 't';
                break;
            case '\n':
                buf[size++] = '\\';
                buf[size++] = 'n';
                break;
            case '\f':
                buf[size++] = '\\';
                buf[size++] = 'f';
                break;
            case '\r':
                buf[size++] = '\\';
                buf[size++] = 'r';
                break;
            default:
                if (c < 0x20) {
                    escapeUnicode(c);
                } else {
                    buf[size++] = (byte) c;
                }
        }
    }

    private void escapeUnicode(char c) {
        ensure(6);
        buf[size++] = '\\';
        buf[size++] = 'u';
        buf[size++] = HEX[(c >> 12) & 0xF];
        buf[size++] = HEX[(c >> 8) & 0xF];
        buf[size++] = HEX[(c >> 4) & 0xF];
        buf[size++] = HEX[c & 0xF];
    }

    /**
     * Writes any JSON-P value; an exact-text {@link RawJsonValue} is copied as is, other numbers are written
     * with their {@code toString()} text.
     */
    public CompactJson value(JsonValue v) {
        if (v == null) {
            return nullValue();
        }
        if (v instanceof RawJsonValue) {
            RawJsonSupport.Access raw = RawJsonSupport.access();
            return raw(raw.array((RawJsonValue) v), raw.offset((RawJsonValue) v), raw.length((RawJsonValue) v));
        }
        switch (v.getValueType()) {
            case OBJECT: {
                startObject();
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                    if (!first) {
                        comma();
                    }
                    first = false;
                    key(e.getKey());
                    value(e.getValue());
                }
                return endObject();
            }
            case ARRAY: {
                startArray();
                boolean first = true;
                for (JsonValue e : (JsonArray) v) {
                    if (!first) {
                        comma();
                    }
                    first = false;
                    value(e);
                }
                return endArray();
            }
            case STRING:
                return string(((JsonString) v).getString());
            case NUMBER:
                return rawAscii(((JsonNumber) v).toString());
            case TRUE:
                return bool(true);
            case FALSE:
                return bool(false);
            default:
                return nullValue();
        }
    }
}
