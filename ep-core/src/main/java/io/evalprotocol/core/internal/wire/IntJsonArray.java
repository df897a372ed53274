package io.evalprotocol.core.internal.wire;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.internal.IntArrayView;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable JSON array of {@code int}s held as an {@code int[]}: what a response's {@code token_ids} and
 * {@code prompt_token_ids} become, instead of one JSON-P number object per id (16k ids cost 16k objects and
 * most of the decode time otherwise). Elements are created on access; {@link #getInt} reads the array
 * directly. Equal, element by element, to a JSON-P array of the same numbers (the {@link List} contract).
 */
public class IntJsonArray extends AbstractList<JsonValue> implements IntArrayView, RandomAccess {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final int[] values;

    /** {@code values} is kept, not copied. */
    protected IntJsonArray(int[] values) {
        this.values = values;
    }

    /**
     * The ids as a JSON array, without writing them as text: the SDK's writers write an {@link IntArrayView}'s
     * ints directly, so a row's {@code prompt_token_ids} is turned into text once, when (and if) the row is written.
     */
    public static IntJsonArray of(TokenIds ids) {
        return new IntJsonArray(ids.toArray());
    }

    @Override
    public ValueType getValueType() {
        return ValueType.ARRAY;
    }

    @Override
    public JsonValue get(int index) {
        return PROVIDER.createValue(values[index]);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public int[] toIntArray() {
        return values.clone();
    }

    @Override
    public int getInt(int index) {
        return values[index];
    }

    @Override
    public int getInt(int index, int defaultValue) {
        return index >= 0 && index < values.length ? values[index] : defaultValue;
    }

    @Override
    public boolean getBoolean(int index) {
        throw new ClassCastException("element " + index + " is a number, not a boolean");
    }

    @Override
    public boolean isNull(int index) {
        Objects.checkIndex(index, values.length);
        return false;
    }

    /** The compact JSON text, as JSON-P specifies for {@link JsonValue#toString()}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(values.length * 7 + 2).append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        return sb.append(']').toString();
    }
}
