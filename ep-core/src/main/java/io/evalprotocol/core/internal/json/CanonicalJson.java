package io.evalprotocol.core.internal.json;

/**
 * Decides whether well-formed JSON text is already in the form this SDK writes (the form Python
 * eval-protocol writes): no whitespace between tokens, no NaN or Infinity literals, and every string
 * escape one that the writer itself would produce ({@code \" \\ \b \f \n \r \t}, or a {@code u00xx} escape in
 * lower-case hex for the other control characters). Such text can be kept as a byte slice; anything else
 * is re-written token by token.
 */
public final class CanonicalJson {
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
        boolean inString = false;
        int stringStart = 0;
        for (int i = from; i < to; i++) {
            int b = utf8[i] & 0xFF;
            if (inString) {
                if (b == '"') {
                    inString = false;
                    if (i - stringStart > maxStringBytes) {
                        return false;
                    }
                } else if (b == '\\') {
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
                }
            } else if (b == '"') {
                inString = true;
                stringStart = i + 1;
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 'N' || b == 'I') {
                // whitespace, or the NaN / Infinity literals Python's json module writes
                return false;
            }
        }
        return true;
    }

    /** A {@code u00xx} escape for a control character without a short escape, lower-case hex. */
    private static boolean isCanonicalUnicodeEscape(byte[] utf8, int at, int to) {
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
