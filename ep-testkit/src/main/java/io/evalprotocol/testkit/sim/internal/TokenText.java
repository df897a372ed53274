package io.evalprotocol.testkit.sim.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** How token bytes become the strings each provider shows. */
public final class TokenText {
    private TokenText() {
    }

    /**
     * Incremental detokenization, as streaming servers do it: a token releases the text that became complete
     * once its bytes were appended; when its bytes end inside a UTF-8 sequence it releases nothing and the
     * pending bytes carry over (Fireworks' {@code token: ""} followed by {@code token: " 😊"}). Special tokens
     * release nothing. The concatenation of the result is the message content.
     */
    public static String[] emit(SimTokenizer tok, int[] ids, int count) {
        String[] out = new String[count];
        ByteBuf pending = new ByteBuf(16);
        for (int i = 0; i < count; i++) {
            int id = ids[i];
            if (SimTokenizer.isSpecial(id)) {
                out[i] = "";
                continue;
            }
            byte[] b = tok.tokenBytes(id);
            if (pending.size() == 0 && endsComplete(b, b.length)) {
                out[i] = new String(b, StandardCharsets.UTF_8);
                continue;
            }
            pending.write(b);
            if (endsComplete(pending.array(), pending.size())) {
                out[i] = new String(pending.array(), 0, pending.size(), StandardCharsets.UTF_8);
                pending.reset();
            } else {
                out[i] = "";
            }
        }
        return out;
    }

    /** Whether the bytes do not end inside a multi-byte UTF-8 sequence. */
    static boolean endsComplete(byte[] b, int len) {
        int i = len - 1;
        int back = 0;
        while (i >= 0 && (b[i] & 0xc0) == 0x80 && back < 3) {
            i--;
            back++;
        }
        if (i < 0) {
            return back == 0;
        }
        int lead = b[i] & 0xff;
        int need = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        return back + 1 >= need;
    }

    public static boolean isValidUtf8(byte[] b) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            d.decode(ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Python's {@code bytes.decode("utf-8", "replace")}: what vLLM shows for a partial-character token. */
    public static String replaceDecode(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Python's {@code bytes.decode("utf-8", "backslashreplace")}: OpenAI shows a partial-character token as the
     * literal text {@code \xf0\x9f\x92}.
     */
    public static String backslashReplace(byte[] b) {
        if (endsComplete(b, b.length) && isValidUtf8(b)) {
            return new String(b, StandardCharsets.UTF_8);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length * 4 + 4);
        StringBuilder sb = new StringBuilder();
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                out.flip();
                sb.append(out);
                out.clear();
                for (int k = 0; k < r.length(); k++) {
                    appendHexEscape(sb, in.get());
                }
                continue;
            }
            if (r.isUnderflow()) {
                d.flush(out);
                out.flip();
                sb.append(out);
                // anything left is a truncated sequence
                while (in.hasRemaining()) {
                    appendHexEscape(sb, in.get());
                }
                return sb.toString();
            }
        }
    }

    private static void appendHexEscape(StringBuilder sb, byte x) {
        String hex = "0123456789abcdef";
        sb.append("\\x").append(hex.charAt((x >> 4) & 0xf)).append(hex.charAt(x & 0xf));
    }

    /** OpenAI's legacy completions spelling of a partial-character token: {@code bytes:\xf0\x9f\x98}. */
    public static String legacyBytesToken(byte[] b) {
        if (endsComplete(b, b.length) && isValidUtf8(b)) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return "bytes:" + backslashReplace(b);
    }

    public static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Python {@code repr(float)} for the values we emit (shortest digits, exponent outside [1e-4, 1e16)). */
    public static String pyFloat(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = bd.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) {
            sb.append('0');
        }
        sb.append(ae);
        return sb.toString();
    }
}
