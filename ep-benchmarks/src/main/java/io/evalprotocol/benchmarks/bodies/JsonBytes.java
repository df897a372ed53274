package io.evalprotocol.benchmarks.bodies;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable UTF-8 buffer with just the JSON writing the body generator needs (compact output). */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    JsonBytes(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    JsonBytes raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    JsonBytes ch(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    JsonBytes num(long v) {
        return raw(Long.toString(v));
    }

    /** A quoted string: escapes quote, backslash and controls; non-ASCII raw or as {@code \\uXXXX}. */
    JsonBytes str(String s, boolean escapeNonAscii) {
        ensure(s.length() * 6 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': buf[len++] = '\\'; buf[len++] = '"'; break;
                case '\\': buf[len++] = '\\'; buf[len++] = '\\'; break;
                case '\n': buf[len++] = '\\'; buf[len++] = 'n'; break;
                case '\r': buf[len++] = '\\'; buf[len++] = 'r'; break;
                case '\t': buf[len++] = '\\'; buf[len++] = 't'; break;
                case '\b': buf[len++] = '\\'; buf[len++] = 'b'; break;
                case '\f': buf[len++] = '\\'; buf[len++] = 'f'; break;
                default:
                    if (c < 0x20 || (escapeNonAscii && c > 0x7e)) {
                        unicodeEscape(c);
                    } else if (c < 0x80) {
                        buf[len++] = (byte) c;
                    } else if (c < 0x800) {
                        buf[len++] = (byte) (0xc0 | (c >> 6));
                        buf[len++] = (byte) (0x80 | (c & 0x3f));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                        int cp = Character.toCodePoint(c, s.charAt(++i));
                        buf[len++] = (byte) (0xf0 | (cp >> 18));
                        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        buf[len++] = (byte) (0x80 | (cp & 0x3f));
                    } else {
                        buf[len++] = (byte) (0xe0 | (c >> 12));
                        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                        buf[len++] = (byte) (0x80 | (c & 0x3f));
                    }
            }
        }
        buf[len++] = '"';
        return this;
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xf];
        buf[len++] = HEX[(c >> 8) & 0xf];
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
    }

    JsonBytes ints(int[] values, int from, int to) {
        ch('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                ch(',');
            }
            num(values[i]);
        }
        return ch(']');
    }

    JsonBytes unsignedBytes(byte[] values) {
        ch('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                ch(',');
            }
            num(values[i] & 0xff);
        }
        return ch(']');
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
