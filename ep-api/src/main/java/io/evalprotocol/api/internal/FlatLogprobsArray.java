package io.evalprotocol.api.internal;

import io.evalprotocol.api.TokenLogprobs;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Not API (the type is internal; instances are ordinary {@link JsonArray}s): the token-native flat logprobs
 * list of a {@code Message} built with {@code Message.Builder.flatLogprobs}, kept as the {@link TokenLogprobs}
 * {@code double[]} it was given. Its JSON-P elements are made on access, so a 128k-token list costs 8 bytes
 * per token instead of a JSON-P number object per token; ep-core's writers recognize this type and write the
 * doubles directly, in Python's float format.
 *
 * <p>Elements: a finite value is the {@link JsonNumber} {@code JsonProvider.createValue(double)} makes (the
 * same element a {@code JsonArrayBuilder.add(double)} would hold, so {@code equals} and {@code hashCode} agree
 * with a JSON-P array of those numbers); a missing value ({@link Double#NaN}, {@code null} on the wire) is
 * {@link JsonValue#NULL}, which is also how it is written. Immutable and thread-safe.
 */
public final class FlatLogprobsArray extends AbstractList<JsonValue> implements JsonArrayView, RandomAccess {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final TokenLogprobs values;

    /**
     * @throws IllegalArgumentException for an infinite value, which neither JSON nor Python's JSON writer carries
     */
    public FlatLogprobsArray(TokenLogprobs values) {
        for (int i = 0; i < values.size(); i++) {
            if (Double.isInfinite(values.get(i))) {
                throw new IllegalArgumentException("flat logprob at index " + i + " is " + values.get(i)
                        + "; JSON cannot carry infinite numbers");
            }
        }
        this.values = values;
    }

    /** The values, without copying. */
    public TokenLogprobs values() {
        return values;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.ARRAY;
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public JsonValue get(int index) {
        double v = values.get(index);
        return Double.isNaN(v) ? JsonValue.NULL : PROVIDER.createValue(v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
        return (List<T>) this;
    }

    @Override
    public boolean getBoolean(int index) {
        // JSON-P: ClassCastException when the element is not true or false, which no element here is
        throw new ClassCastException("element " + index + " of a flat logprobs list is a number, not a boolean");
    }

    @Override
    public boolean isNull(int index) {
        return Double.isNaN(values.get(index));
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof FlatLogprobsArray) {
            TokenLogprobs other = ((FlatLogprobsArray) o).values;
            if (other.size() != values.size()) {
                return false;
            }
            for (int i = 0; i < values.size(); i++) {
                double a = values.get(i);
                double b = other.get(i);
                // what comparing the JSON-P elements gives: numbers by value (0.0 equals -0.0), null equals null
                if (a != b && !(Double.isNaN(a) && Double.isNaN(b))) {
                    return false;
                }
            }
            return true;
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /** Compact JSON text (Java's shortest double text; the SDK's writers use Python's float format instead). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(values.size() * 20 + 2).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            double v = values.get(i);
            sb.append(Double.isNaN(v) ? "null" : Double.toString(v));
        }
        return sb.append(']').toString();
    }
}
