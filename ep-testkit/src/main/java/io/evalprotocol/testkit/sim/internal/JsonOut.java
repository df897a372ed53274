package io.evalprotocol.testkit.sim.internal;

import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming JSON writer straight to UTF-8 bytes, keys in call order, compact like the providers'
 * own serializers. Hand-rolled rather than a tree library because every response is written here and key
 * order must match each provider exactly. Non-ASCII is written raw (as Python's pydantic and OpenAI do).
 */
public final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final ByteBuf out;
    /** Per nesting level: whether the next value needs a leading comma. */
    private boolean[] needComma = new boolean[32];
    private int depth;
    private boolean afterName;

    public JsonOut(ByteBuf out) {
        this.out = out;
    }

    public JsonOut() {
        this(new ByteBuf(1024));
    }

    public ByteBuf buf() {
        return out;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needComma[depth]) {
            out.write(',');
        }
        needComma[depth] = true;
    }

    public JsonOut obj() {
        beforeValue();
        out.write('{');
        push();
        return this;
    }

    public JsonOut end() {
        depth--;
        out.write('}');
        return this;
    }

    public JsonOut arr() {
        beforeValue();
        out.write('[');
        push();
        return this;
    }

    public JsonOut endArr() {
        depth--;
        out.write(']');
        return this;
    }

    private void push() {
        depth++;
        if (depth == needComma.length) {
            needComma = java.util.Arrays.copyOf(needComma, depth * 2);
        }
        needComma[depth] = false;
    }

    /** Writes a key; must be followed by exactly one value. Keys are ASCII literals. */
    public JsonOut name(String key) {
        if (needComma[depth]) {
            out.write(',');
        }
        needComma[depth] = true;
        out.write('"');
        for (int i = 0; i < key.length(); i++) {
            out.write(key.charAt(i));
        }
        out.write('"');
        out.write(':');
        afterName = true;
        return this;
    }

    /** Writes an arbitrary (escaped) key, e.g. a token string in a legacy {@code top_logprobs} dict. */
    public JsonOut key(String key) {
        if (needComma[depth]) {
            out.write(',');
        }
        needComma[depth] = true;
        writeString(key);
        out.write(':');
        afterName = true;
        return this;
    }

    public JsonOut str(String s) {
        beforeValue();
        if (s == null) {
            out.write(NULL);
            return this;
        }
        writeString(s);
        return this;
    }

    public JsonOut nul() {
        beforeValue();
        out.write(NULL);
        return this;
    }

    public JsonOut bool(boolean b) {
        beforeValue();
        out.write(b ? TRUE : FALSE);
        return this;
    }

    public JsonOut num(long v) {
        beforeValue();
        writeLong(v);
        return this;
    }

    /** A logprob held as an integer count of millionths: written as Python would print the double. */
    public JsonOut micros(long micros) {
        beforeValue();
        writeMicros(micros);
        return this;
    }

    /** A double written as Python's {@code repr} would (the providers are Python servers). */
    public JsonOut dbl(double d) {
        beforeValue();
        String s = TokenText.pyFloat(d);
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
        return this;
    }

    public JsonOut ints(int[] values, int from, int to) {
        arr();
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.write(',');
            }
            writeLong(values[i]);
        }
        needComma[depth] = to > from;
        return endArr();
    }

    public JsonOut ints(int[] values) {
        return ints(values, 0, values.length);
    }

    /** A JSON array of unsigned byte values, as in logprob {@code bytes}. */
    public JsonOut byteValues(byte[] b) {
        arr();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            writeLong(b[i] & 0xff);
        }
        needComma[depth] = b.length > 0;
        return endArr();
    }

    private void writeLong(long v) {
        if (v < 0) {
            out.write('-');
            if (v == Long.MIN_VALUE) {
                byte[] b = "9223372036854775808".getBytes(StandardCharsets.US_ASCII);
                out.write(b);
                return;
            }
            v = -v;
        }
        if (v < 10) {
            out.write((int) ('0' + v));
            return;
        }
        byte[] tmp = new byte[20];
        int p = tmp.length;
        while (v > 0) {
            tmp[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        out.write(tmp, p, tmp.length - p);
    }

    private void writeMicros(long micros) {
        if (micros < 0) {
            out.write('-');
            micros = -micros;
        }
        writeLong(micros / 1_000_000);
        out.write('.');
        long frac = micros % 1_000_000;
        if (frac == 0) {
            out.write('0');
            return;
        }
        int digits = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        byte[] tmp = new byte[digits];
        for (int i = digits - 1; i >= 0; i--) {
            tmp[i] = (byte) ('0' + (frac % 10));
            frac /= 10;
        }
        out.write(tmp);
    }

    private void writeString(String s) {
        out.write('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.write('\\');
                    out.write(c);
                } else if (c >= 0x20) {
                    out.write(c);
                } else {
                    switch (c) {
                        case '\n': out.write('\\'); out.write('n'); break;
                        case '\r': out.write('\\'); out.write('r'); break;
                        case '\t': out.write('\\'); out.write('t'); break;
                        case '\b': out.write('\\'); out.write('b'); break;
                        case '\f': out.write('\\'); out.write('f'); break;
                        default:
                            out.write('\\'); out.write('u'); out.write('0'); out.write('0');
                            out.write(HEX[c >> 4]); out.write(HEX[c & 0xf]);
                    }
                }
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xf0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3f));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate cannot be UTF-8: escape it, as Python's json module would
                out.write('\\'); out.write('u');
                out.write(HEX[c >> 12]); out.write(HEX[(c >> 8) & 0xf]); out.write(HEX[(c >> 4) & 0xf]); out.write(HEX[c & 0xf]);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        out.write('"');
    }
}
