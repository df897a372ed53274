package io.evalprotocol.api;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A JSON number that keeps its literal text ({@code 1e-7} stays {@code 1e-7}, not {@code 1E-7}). Read from
 * inside a container, its {@code BigDecimal} is only built when something needs more than its double.
 */
final class RawJsonNumber extends RawJsonValue implements JsonNumber {
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

    @Override
    public ValueType getValueType() {
        return ValueType.NUMBER;
    }

    @Override
    public boolean isIntegral() {
        return value().scale() == 0;
    }

    @Override
    public int intValue() {
        return value().intValue();
    }

    @Override
    public int intValueExact() {
        return value().intValueExact();
    }

    @Override
    public long longValue() {
        return value().longValue();
    }

    @Override
    public long longValueExact() {
        return value().longValueExact();
    }

    @Override
    public BigInteger bigIntegerValue() {
        return value().toBigInteger();
    }

    @Override
    public BigInteger bigIntegerValueExact() {
        return value().toBigIntegerExact();
    }

    /**
     * Parsed from the text: both this and {@code BigDecimal.doubleValue()} round correctly, so they agree,
     * and logprob readers skip the BigDecimal. Zero and infinity go through BigDecimal, which rejects the
     * exponents it cannot hold, as JSON-P does.
     */
    @Override
    public double doubleValue() {
        BigDecimal v = value;
        if (v != null) {
            return v.doubleValue();
        }
        double d = Double.parseDouble(text());
        if (d == 0 || Double.isInfinite(d)) {
            return value().doubleValue();
        }
        return d;
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
