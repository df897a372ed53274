package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;

/**
 * Formats a {@code double} exactly as Python eval-protocol writes a {@code float} field
 * ({@code model_dump_json}, pydantic-core on serde_json):
 * <ul>
 *   <li>the shortest digit string that reads back as the same double, the closest one on a tie;</li>
 *   <li>positional notation for magnitudes in [1e-5, 1e16), always with a fractional part
 *       ({@code 100.0}, {@code 0.00001}, {@code 1000000000000000.0});</li>
 *   <li>otherwise exponent notation with no zero padding: {@code 5.5e-6}, {@code 1e+16},
 *       {@code 1.2345678901234568e+17}.</li>
 * </ul>
 * Current pydantic-core (2.4x, serde_json with the zmij formatter) writes positive exponents with a
 * {@code +}; older builds (serde_json with ryu, before 2026) wrote {@code 1e16}. Both read back the same;
 * this class follows the current behaviour, pinned by a table generated with pydantic-core 2.46.4.
 * Values below 1e16 in magnitude, which is every duration, score and cost eval-protocol writes, are
 * formatted identically by both.
 *
 * <p>NaN and the infinities have no JSON form; pydantic writes them as {@code null} by default
 * ({@code ser_json_inf_nan='null'}), and so do this SDK's writers. {@link #format(double)} rejects them.
 */
public final class PythonFloats {
    private PythonFloats() {
    }

    /**
     * The Python text of a finite {@code v}.
     *
     * @throws IllegalArgumentException for NaN or an infinity
     */
    public static String format(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("no JSON text for " + v);
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
        }
        // Jackson's Schubfach gives the shortest round-tripping digits (JDK 17's Double.toString does not
        // always); we only re-lay them out, plus one correction for the two-digit case below.
        String java = NumberOutput.toString(v, true);
        boolean negative = java.charAt(0) == '-';
        int start = negative ? 1 : 0;
        int e = java.indexOf('E');
        int exp = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
        int end = e < 0 ? java.length() : e;
        StringBuilder digits = new StringBuilder(20);
        int pointPos = -1;
        for (int i = start; i < end; i++) {
            char c = java.charAt(i);
            if (c == '.') {
                pointPos = digits.length();
            } else {
                digits.append(c);
            }
        }
        if (pointPos < 0) {
            pointPos = digits.length();
        }
        // value = 0.<digits> x 10^kk once leading and trailing zeros are gone
        int kk = pointPos + exp;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        int trail = digits.length();
        while (trail > lead + 1 && digits.charAt(trail - 1) == '0') {
            trail--;
        }
        String d = digits.substring(lead, trail);
        kk -= lead;
        if (d.length() == 2) {
            // Java's specification picks among 2-digit decimals when a 1-digit one exists (4.9E-324);
            // Python writes the shortest (5e-324).
            String shorter = oneDigit(Math.abs(v), d, kk);
            if (shorter != null) {
                d = shorter.substring(0, 1);
                kk = shorter.charAt(1) == '+' ? kk + 1 : kk;
            }
        }
        StringBuilder out = new StringBuilder(24);
        if (negative) {
            out.append('-');
        }
        layout(out, d, kk);
        return out.toString();
    }

    /**
     * A one-digit decimal that reads back as {@code abs}, closest first, or null. The result's first char
     * is the digit; its second is '+' when the decimal exponent moved up (9.x rounded up to 10).
     */
    private static String oneDigit(double abs, String d, int kk) {
        int d1 = d.charAt(0) - '0';
        String down = d1 + "e" + (kk - 1);
        String up = d1 == 9 ? "1e" + kk : (d1 + 1) + "e" + (kk - 1);
        boolean downOk = Double.parseDouble(down) == abs;
        boolean upOk = Double.parseDouble(up) == abs;
        String upResult = d1 == 9 ? "1+" : (char) ('0' + d1 + 1) + "=";
        String downResult = (char) ('0' + d1) + "=";
        if (downOk && upOk) {
            BigDecimal exact = new BigDecimal(abs);
            int cmp = exact.subtract(new BigDecimal(down)).abs().compareTo(new BigDecimal(up).subtract(exact).abs());
            return cmp <= 0 ? downResult : upResult;
        }
        if (downOk) {
            return downResult;
        }
        return upOk ? upResult : null;
    }

    /** Lays out digits {@code d} (no leading or trailing zeros) with value 0.d x 10^kk, serde_json style. */
    private static void layout(StringBuilder out, String d, int kk) {
        int n = d.length();
        if (kk >= n && kk <= 16) {
            out.append(d);
            for (int i = n; i < kk; i++) {
                out.append('0');
            }
            out.append(".0");
        } else if (kk > 0 && kk <= 16) {
            out.append(d, 0, kk).append('.').append(d, kk, n);
        } else if (kk > -5 && kk <= 0) {
            out.append("0.");
            for (int i = kk; i < 0; i++) {
                out.append('0');
            }
            out.append(d);
        } else {
            out.append(d.charAt(0));
            if (n > 1) {
                out.append('.').append(d, 1, n);
            }
            int exponent = kk - 1;
            out.append('e');
            if (exponent > 0) {
                out.append('+');
            }
            out.append(exponent);
        }
    }
}
