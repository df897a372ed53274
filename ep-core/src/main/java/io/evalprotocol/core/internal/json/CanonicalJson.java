package io.evalprotocol.core.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decides whether well-formed JSON text is already in the form this SDK writes (the form Python
 * eval-protocol writes): no whitespace between tokens, no NaN or Infinity literals, and every string
 * escape one that the writer itself would produce ({@code \" \\ \b \f \n \r \t}, or a {@code u00xx} escape in
 * lower-case hex for the other control characters). Such text can be kept as a byte slice; anything else
 * is re-written token by token.
 *
 * <p>Every row and kept payload read passes through here, so the scan reads eight bytes at a time (one
 * {@code long}, SWAR): between strings it only stops at a quote, a byte below {@code '!'} (whitespace) or
 * an {@code N}/{@code I}; inside a string only at a quote or a backslash. The byte it stops at is then
 * judged one at a time, exactly as a byte-by-byte scan would.
 */
public final class CanonicalJson {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long NS = ONES * 'N';
    private static final long IS = ONES * 'I';
    /** Bytes below this are control characters or the space; between tokens only whitespace can be one. */
    private static final long BELOW_BANG = ONES * '!';

    private CanonicalJson() {
    }

    /** {@code utf8[from, to)} must be one well-formed JSON object or array (the parser has checked it). */
    static boolean isCanonical(byte[] utf8, int from, int to) {
        return isCanonical(utf8, from, to, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #isCanonical(byte[], int, int)}, and also false when a string is longer than
     * {@code maxStringBytes} UTF-8 bytes, so that a caller whose parser skipped the value without decoding
     * its strings can leave a string-length limit to the token-by-token path.
     */
    public static boolean isCanonical(byte[] utf8, int from, int to, int maxStringBytes) {
        int i = from;
        while (true) {
            // between strings
            i = nextOutside(utf8, i, to);
            if (i >= to) {
                return true;
            }
            int b = utf8[i];
            if (b == '"') {
                int start = ++i;
                while (true) {
                    i = nextInside(utf8, i, to);
                    if (i >= to) {
                        // unterminated: cannot happen in parsed text, and a byte-by-byte scan accepts it
                        return true;
                    }
                    if (utf8[i] == '"') {
                        break;
                    }
                    // a backslash
                    if (++i >= to) {
                        return false;
                    }
                    switch (utf8[i]) {
                        case '"':
                        case '\\':
                        case 'b':
                        case 'f':
                        case 'n':
                        case 'r':
                        case 't':
                            break;
                        case 'u':
                            if (!isCanonicalUnicodeEscape(utf8, i + 1, to)) {
                                return false;
                            }
                            i += 4;
                            break;
                        default:
                            // e.g. \/ which the writer never produces
                            return false;
                    }
                    i++;
                }
                if (i - start > maxStringBytes) {
                    return false;
                }
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 'N' || b == 'I') {
                // whitespace, or the NaN / Infinity literals Python's json module writes
                return false;
            }
            // else another control character: not JSON, but a byte-by-byte scan lets it pass
            i++;
        }
    }

    /**
     * The first index at or after {@code i} (below {@code to}) holding a quote, a byte below {@code '!'}, an
     * {@code N} or an {@code I}; {@code to} if there is none.
     */
    static int nextOutside(byte[] b, int i, int to) {
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i);
            long hits = zeroBytes(w ^ QUOTES) | ((w - BELOW_BANG) & ~w & HIGHS) | zeroBytes(w ^ NS) | zeroBytes(w ^ IS);
            if (hits != 0) {
                // The lowest flagged byte is always a real hit: a false flag needs a borrow from a real hit below it.
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            int c = b[i];
            if (c == '"' || (c >= 0 && c < '!') || c == 'N' || c == 'I') {
                return i;
            }
        }
        return to;
    }

    /** The first index at or after {@code i} (below {@code to}) holding a quote or a backslash; {@code to} if none. */
    static int nextInside(byte[] b, int i, int to) {
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i);
            long hits = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            int c = b[i];
            if (c == '"' || c == '\\') {
                return i;
            }
        }
        return to;
    }

    /** The high bit of every zero byte of {@code v} (and possibly of bytes above the lowest zero byte). */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /**
     * Whether the four hex digits at {@code at} are the only {@code \\u} escape the writer produces: {@code u00xx}
     * for a control character without a short escape, in lower case. Also used by the stream reader.
     */
    public static boolean isCanonicalUnicodeEscape(byte[] utf8, int at, int to) {
        if (at + 4 > to || utf8[at] != '0' || utf8[at + 1] != '0') {
            return false;
        }
        int hi = utf8[at + 2];
        int lo = utf8[at + 3];
        if (hi != '0' && hi != '1') {
            return false;
        }
        int loValue;
        if (lo >= '0' && lo <= '9') {
            loValue = lo - '0';
        } else if (lo >= 'a' && lo <= 'f') {
            loValue = lo - 'a' + 10;
        } else {
            return false;
        }
        int c = (hi - '0') * 16 + loValue;
        return c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r';
    }
}
