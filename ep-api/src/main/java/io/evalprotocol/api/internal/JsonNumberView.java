package io.evalprotocol.api.internal;

import jakarta.json.JsonNumber;
import java.math.BigInteger;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. The {@link JsonNumber} conversions, written once on
 * top of {@link #bigDecimalValue()} as JSON-P's own numbers define them, for the SDK's numbers that keep
 * their literal text.
 */
public interface JsonNumberView extends JsonNumber {
    @Override
    default ValueType getValueType() {
        return ValueType.NUMBER;
    }

    @Override
    default boolean isIntegral() {
        return bigDecimalValue().scale() == 0;
    }

    @Override
    default int intValue() {
        return bigDecimalValue().intValue();
    }

    @Override
    default int intValueExact() {
        return bigDecimalValue().intValueExact();
    }

    @Override
    default long longValue() {
        return bigDecimalValue().longValue();
    }

    @Override
    default long longValueExact() {
        return bigDecimalValue().longValueExact();
    }

    @Override
    default BigInteger bigIntegerValue() {
        return bigDecimalValue().toBigInteger();
    }

    @Override
    default BigInteger bigIntegerValueExact() {
        return bigDecimalValue().toBigIntegerExact();
    }
}
