package io.evalprotocol.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalJson} scans eight bytes at a time; its verdict must be the byte-by-byte scan's (kept here
 * as the reference) on every input, at every offset and word alignment, well-formed JSON or not.
 */
class CanonicalJsonSwarTest {
    /** Bytes that matter to the scan, plus ordinary ASCII, UTF-8 lead and continuation bytes. */
    private static final byte[] ALPHABET = ("\"\\ \t\n\r NI!#,:[]{}0123456789-.eEtrufalsnbu/x\u0000\u0001\u001f\u007f")
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HIGH = {(byte) 0x80, (byte) 0xA2, (byte) 0xC3, (byte) 0xDC, (byte) 0xE2, (byte) 0xF0,
        (byte) 0xFF, (byte) 0xA1, (byte) 0xCE, (byte) 0xC9};
    private static final String[] JSON_PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\"key\"", "\"é😊中\"", "12",
        "-0.25", "1e-7", "true", "false", "null", "\\n", "\\\"", "\\\\", "\\u001f", "\\u000b", "\\u00e9", "\\u001F",
        "\\u000a", "\\/", " ", "\n", "NaN", "-Infinity", "\"a\\tb\"", "\"" + "x".repeat(17) + "\"", "\"\\ud83d\\ude0a\""};

    @Test
    void agreesWithTheByteByByteScanOnRandomBytes() {
        Random rnd = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextInt(8) == 0 ? HIGH[rnd.nextInt(HIGH.length)] : ALPHABET[rnd.nextInt(ALPHABET.length)];
            }
            check(b, rnd);
        }
    }

    @Test
    void agreesWithTheByteByByteScanOnJsonLikeText() {
        Random rnd = new Random(11);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(30); k >= 0; k--) {
                sb.append(JSON_PIECES[rnd.nextInt(JSON_PIECES.length)]);
            }
            check(sb.toString().getBytes(StandardCharsets.UTF_8), rnd);
        }
    }

    @Test
    void agreesOnLongRunsOfPlainBytesBeforeEachSpecialByteAtEveryAlignment() {
        for (byte special : new byte[] {'"', '\\', ' ', '\t', '\n', '\r', 'N', 'I', 0, 0x1f, '!', (byte) 0xA2, (byte) 0xDC}) {
            for (int pad = 0; pad < 24; pad++) {
                for (boolean inString : new boolean[] {false, true}) {
                    String prefix = inString ? "[\"" : "[";
                    byte[] head = (prefix + "a".repeat(pad)).getBytes(StandardCharsets.UTF_8);
                    byte[] tail = (inString ? "b\"]" : "1]").getBytes(StandardCharsets.UTF_8);
                    byte[] b = new byte[head.length + 1 + tail.length];
                    System.arraycopy(head, 0, b, 0, head.length);
                    b[head.length] = special;
                    System.arraycopy(tail, 0, b, head.length + 1, tail.length);
                    for (int from = 0; from < 2; from++) {
                        for (int max : new int[] {Integer.MAX_VALUE, pad, pad + 1, pad + 2}) {
                            assertThat(CanonicalJson.isCanonical(b, from, b.length, max))
                                    .as("special %d after %d bytes, in string %s, from %d, max %d", special, pad,
                                            inString, from, max)
                                    .isEqualTo(reference(b, from, b.length, max));
                        }
                    }
                }
            }
        }
    }

    @Test
    void findsTheFirstSpecialByteOfAWordAndNotALaterOne() {
        // a borrow out of the first hit may flag the byte after it; the first one must win
        byte[] b = "ab\"\u0001\"cdefgh".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(CanonicalJson.nextOutside(b, 0, b.length)).isEqualTo(2);
        assertThat(CanonicalJson.nextInside(b, 0, b.length)).isEqualTo(2);
        byte[] c = "abcdefg\u0000 xyz".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(CanonicalJson.nextOutside(c, 0, c.length)).isEqualTo(7);
        assertThat(CanonicalJson.nextInside(c, 0, c.length)).isEqualTo(c.length);
    }

    private static void check(byte[] b, Random rnd) {
        int from = b.length == 0 ? 0 : rnd.nextInt(Math.min(3, b.length) + 1);
        int to = Math.max(from, b.length - rnd.nextInt(3));
        int max = rnd.nextInt(4) == 0 ? rnd.nextInt(12) : Integer.MAX_VALUE;
        assertThat(CanonicalJson.isCanonical(b, from, to, max))
                .as("%s [%d, %d) max %d", new String(b, StandardCharsets.ISO_8859_1), from, to, max)
                .isEqualTo(reference(b, from, to, max));
    }

    /** The byte-by-byte scan this class used before. */
    private static boolean reference(byte[] utf8, int from, int to, int maxStringBytes) {
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
                            if (!referenceUnicodeEscape(utf8, i + 1, to)) {
                                return false;
                            }
                            i += 4;
                            break;
                        default:
                            return false;
                    }
                }
            } else if (b == '"') {
                inString = true;
                stringStart = i + 1;
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 'N' || b == 'I') {
                return false;
            }
        }
        return true;
    }

    private static boolean referenceUnicodeEscape(byte[] utf8, int at, int to) {
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
