package io.evalprotocol.api;

import io.evalprotocol.api.internal.JsonNumberView;
import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A JSON number that keeps its literal text ({@code 1e-7} stays {@code 1e-7}, not {@code 1E-7}). Read from
 * inside a container, its {@code BigDecimal} is only built when something needs more than its double.
 */
final class RawJsonNumber extends RawJsonValue implements JsonNumberView {
    private volatile BigDecimal value;

    /** @param validate parse now, so that text BigDecimal cannot hold fails here with NumberFormatException */
    RawJsonNumber(byte[] buf, int from, int to, boolean validate) {
        super(buf, from, to);
        if (validate) {
            this.value = new BigDecimal(text());
        }
    }

    private String text() {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private BigDecimal value() {
        BigDecimal v = value;
        if (v == null) {
            try {
                v = new BigDecimal(text());
            } catch (NumberFormatException e) {
                // valid JSON grammar that BigDecimal cannot hold, e.g. 1e9999999999: JSON-P's reader fails too
                throw numberOutOfRange(e);
            }
            value = v;
        }
        return v;
    }

    /**
     * Parsed from the text: {@code Double.parseDouble} and {@code BigDecimal.doubleValue()} both round
     * correctly, so they agree, and logprob readers skip the BigDecimal. Zero and infinity go through
     * BigDecimal, which rejects the exponents it cannot hold, as JSON-P does.
     */
    @Override
    public double doubleValue() {
        BigDecimal v = value;
        if (v != null) {
            return v.doubleValue();
        }
        return doubleValue(buf, from, to);
    }

    /**
     * What {@link #doubleValue()} gives for the number text {@code [from, to)}, without an instance: the value
     * as the JSON-P view gives it, for readers that parse columns of numbers straight from the bytes.
     */
    static double doubleValue(byte[] buf, int from, int to) {
        double fast = fastDouble(buf, from, to);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String text = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        double d = Double.parseDouble(text);
        if (d == 0 || Double.isInfinite(d)) {
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                throw numberOutOfRange(e);
            }
        }
        return d;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    /**
     * Plain decimals such as {@code -0.6931472} with at most 15 significant digits: the digits and the power
     * of ten are both exact doubles, so one correctly rounded division gives what {@code parseDouble} gives.
     * NaN when the text takes another form (exponent, more digits).
     */
    static double fastDouble(byte[] b, int from, int to) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        for (; i < to; i++) {
            int c = b[i];
            if (c == '.') {
                scale = 0;
                continue;
            }
            int d = c - '0';
            if (d < 0 || d > 9) {
                return Double.NaN;
            }
            if (mantissa != 0 || d != 0) {
                if (++digits > 15) {
                    return Double.NaN;
                }
            }
            mantissa = mantissa * 10 + d;
            if (scale >= 0) {
                scale++;
            }
        }
        if (scale > 22) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return 0.0; // JSON-P's numbers are BigDecimals, which have no negative zero
        }
        double m = (double) mantissa;
        double r = scale > 0 ? m / POWERS_OF_TEN[scale] : m;
        return negative ? -r : r;
    }

    @Override
    public BigDecimal bigDecimalValue() {
        return value();
    }

    /** What JSON-P's reader gives for the same text: Integer or Long for plain integer text, else BigDecimal. */
    @Override
    public Number numberValue() {
        int digits = 0;
        for (int k = from; k < to; k++) {
            byte c = buf[k];
            if (c == '.' || c == 'e' || c == 'E') {
                return value();
            }
            if (c != '-') {
                digits++;
            }
        }
        if (digits <= 9) {
            return value().intValue();
        }
        return digits <= 18 ? (Number) value().longValue() : value();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber && value().equals(((JsonNumber) o).bigDecimalValue());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }
}
