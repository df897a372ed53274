package io.evalprotocol.api.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. The derived {@link JsonArray} methods, written once
 * on top of {@link #get(int)} and {@link #size()}, for the SDK's immutable arrays that are not JSON-P's own
 * (views of raw text, of a {@code double[]} or an {@code int[]}). Each answers as JSON-P's array of the same
 * elements does; an implementation overrides a method only where it knows a cheaper way to the same answer.
 */
public interface JsonArrayView extends JsonArray {
    @Override
    default JsonObject getJsonObject(int index) {
        return (JsonObject) get(index);
    }

    @Override
    default JsonArray getJsonArray(int index) {
        return (JsonArray) get(index);
    }

    @Override
    default JsonNumber getJsonNumber(int index) {
        return (JsonNumber) get(index);
    }

    @Override
    default JsonString getJsonString(int index) {
        return (JsonString) get(index);
    }

    /** The elements cast to {@code clazz}, in an unmodifiable copy: a wrong type fails here. */
    @Override
    default <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
        int n = size();
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(clazz.cast(get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    default String getString(int index) {
        return getJsonString(index).getString();
    }

    @Override
    default String getString(int index, String defaultValue) {
        JsonValue v = index >= 0 && index < size() ? get(index) : null;
        return v instanceof JsonString ? ((JsonString) v).getString() : defaultValue;
    }

    @Override
    default int getInt(int index) {
        return getJsonNumber(index).intValue();
    }

    @Override
    default int getInt(int index, int defaultValue) {
        JsonValue v = index >= 0 && index < size() ? get(index) : null;
        return v instanceof JsonNumber ? ((JsonNumber) v).intValue() : defaultValue;
    }

    @Override
    default boolean getBoolean(int index) {
        JsonValue v = get(index);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new ClassCastException("element " + index + " is not a boolean");
    }

    @Override
    default boolean getBoolean(int index, boolean defaultValue) {
        JsonValue v = index >= 0 && index < size() ? get(index) : null;
        return v == JsonValue.TRUE || (v != JsonValue.FALSE && defaultValue);
    }

    @Override
    default boolean isNull(int index) {
        return get(index).getValueType() == ValueType.NULL;
    }
}
