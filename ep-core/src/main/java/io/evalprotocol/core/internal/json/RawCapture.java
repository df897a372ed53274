package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path for keeping a structured value as text: when the parser reads a byte array, let Jackson
 * validate the value with {@code skipChildren()} (no string decoding), then take its bytes as they are if
 * they already are exactly what {@link ModelReader#copyStructure} would write through
 * {@link JsonSupport#factory()}'s generator: compact (no whitespace between tokens), no NaN/Infinity, and
 * every string in the generator's own form (raw UTF-8, well-formed; only {@code \" \\ \b \f \n \r \t} and
 * lowercase {@code \}{@code u00xx} for other control characters escaped). Rows written by pydantic and by
 * this SDK are in that form, so a 30k-token logprobs object is copied with one scan instead of being
 * decoded and re-encoded string by string. Anything else returns null and the caller copies token by token,
 * which normalizes it; both paths give the same bytes (pinned by {@code RawCaptureTest}).
 */
public final class RawCapture {
    private RawCapture() {}

    /**
     * With {@code p} at a {@code START_OBJECT}/{@code START_ARRAY} token of a parser over
     * {@code source[sourceOffset..]}, skips the value and returns its bytes when they are canonical; otherwise
     * returns null with the value still skipped, and {@link #slice} recovers its range for a re-parse.
     */
    public static Captured capture(JsonParser p, byte[] source, int sourceOffset) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end <= start) {
            throw new IllegalStateException("parser reports no byte offsets");
        }
        int from = sourceOffset + (int) start;
        int to = sourceOffset + (int) end;
        return new Captured(source, from, to, isCanonical(source, from, to));
    }

    /** A skipped value's byte range, and whether it can be kept as is. */
    public static final class Captured {
        final byte[] source;
        final int from;
        final int to;
        final boolean canonical;

        Captured(byte[] source, int from, int to, boolean canonical) {
            this.source = source;
            this.from = from;
            this.to = to;
            this.canonical = canonical;
        }

        public boolean canonical() {
            return canonical;
        }

        /** A copy of the value's bytes. */
        public byte[] bytes() {
            return Arrays.copyOfRange(source, from, to);
        }

        public byte[] source() {
            return source;
        }

        public int from() {
            return from;
        }

        public int length() {
            return to - from;
        }
    }

    /** Whether {@code b[from..to)} (one well-formed JSON value) is byte for byte what the generator would write. */
    static boolean isCanonical(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c == '"') {
                i = string(b, i + 1, to);
                if (i < 0) {
                    return false;
                }
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 'N' || c == 'I') {
                // whitespace between tokens, or NaN / Infinity (written back as null)
                return false;
            } else {
                i++;
            }
        }
        return true;
    }

    /** Scans a string body from {@code i}; returns the index after its closing quote, or -1 if not canonical. */
    private static int string(byte[] b, int i, int to) {
        while (i < to) {
            int c = b[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                if (i + 1 >= to) {
                    return -1;
                }
                switch (b[i + 1]) {
                    case '"':
                    case '\\':
                    case 'b':
                    case 'f':
                    case 'n':
                    case 'r':
                    case 't':
                        i += 2;
                        break;
                    case 'u':
                        if (!controlEscape(b, i, to)) {
                            return -1;
                        }
                        i += 6;
                        break;
                    default:
                        return -1; // e.g. "\/": the generator writes a plain '/'
                }
            } else if (c >= 0) {
                return -1; // a raw control character
            } else {
                int n = utf8(b, i, to);
                if (n < 0) {
                    return -1;
                }
                i += n;
            }
        }
        return -1;
    }

    /** {@code \}{@code u00xx} for a control character without a short form, lowercase hex: the generator's form. */
    private static boolean controlEscape(byte[] b, int i, int to) {
        if (i + 6 > to || b[i + 2] != '0' || b[i + 3] != '0') {
            return false;
        }
        int hi = b[i + 4];
        int lo = b[i + 5];
        if (hi != '0' && hi != '1') {
            return false;
        }
        int low;
        if (lo >= '0' && lo <= '9') {
            low = lo - '0';
        } else if (lo >= 'a' && lo <= 'f') {
            low = lo - 'a' + 10;
        } else {
            return false;
        }
        int v = (hi - '0') * 16 + low;
        return v != '\b' && v != '\t' && v != '\n' && v != '\f' && v != '\r';
    }

    /** Length of the well-formed (shortest form, no surrogates, at most U+10FFFF) UTF-8 sequence at {@code i}, or -1. */
    private static int utf8(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        if (c >= 0xc2 && c <= 0xdf) {
            return i + 1 < to && cont(b[i + 1]) ? 2 : -1;
        }
        if (c >= 0xe0 && c <= 0xef) {
            if (i + 2 >= to || !cont(b[i + 1]) || !cont(b[i + 2])) {
                return -1;
            }
            int c1 = b[i + 1] & 0xff;
            if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f)) {
                return -1; // overlong, or a UTF-16 surrogate
            }
            return 3;
        }
        if (c >= 0xf0 && c <= 0xf4) {
            if (i + 3 >= to || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
                return -1;
            }
            int c1 = b[i + 1] & 0xff;
            if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f)) {
                return -1;
            }
            return 4;
        }
        return -1;
    }

    private static boolean cont(byte x) {
        return (x & 0xc0) == 0x80;
    }

    /** Whether the parser's current token starts a structure that {@link #capture} can take. */
    public static boolean isStructureStart(JsonToken t) {
        return t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
    }
}
