package io.evalprotocol.api;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** A JSON number that keeps its literal text ({@code 1e-7} stays {@code 1e-7}, not {@code 1E-7}). */
final class RawJsonNumber extends RawJsonValue implements JsonNumber {
    private final BigDecimal value;

    RawJsonNumber(byte[] utf8) {
        super(utf8);
        this.value = new BigDecimal(new String(utf8, StandardCharsets.ISO_8859_1));
    }

    @Override
    public ValueType getValueType() {
        return ValueType.NUMBER;
    }

    @Override
    public boolean isIntegral() {
        return value.scale() == 0;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public int intValueExact() {
        return value.intValueExact();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public long longValueExact() {
        return value.longValueExact();
    }

    @Override
    public BigInteger bigIntegerValue() {
        return value.toBigInteger();
    }

    @Override
    public BigInteger bigIntegerValueExact() {
        return value.toBigIntegerExact();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public BigDecimal bigDecimalValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber && value.equals(((JsonNumber) o).bigDecimalValue());
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
