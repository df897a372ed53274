package io.evalprotocol.api.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. The derived {@link JsonObject} methods, written once
 * on top of {@link #get(Object)}, for the SDK's immutable objects that are not JSON-P's own. Each answers as
 * JSON-P's object with the same members does.
 */
public interface JsonObjectView extends JsonObject {
    @Override
    default JsonArray getJsonArray(String name) {
        return (JsonArray) get(name);
    }

    @Override
    default JsonObject getJsonObject(String name) {
        return (JsonObject) get(name);
    }

    @Override
    default JsonNumber getJsonNumber(String name) {
        return (JsonNumber) get(name);
    }

    @Override
    default JsonString getJsonString(String name) {
        return (JsonString) get(name);
    }

    @Override
    default String getString(String name) {
        return getJsonString(name).getString();
    }

    @Override
    default String getString(String name, String defaultValue) {
        JsonValue v = get(name);
        return v instanceof JsonString ? ((JsonString) v).getString() : defaultValue;
    }

    @Override
    default int getInt(String name) {
        return getJsonNumber(name).intValue();
    }

    @Override
    default int getInt(String name, int defaultValue) {
        JsonValue v = get(name);
        return v instanceof JsonNumber ? ((JsonNumber) v).intValue() : defaultValue;
    }

    @Override
    default boolean getBoolean(String name) {
        JsonValue v = get(name);
        if (v == null) {
            throw new NullPointerException("no member '" + name + "'");
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new ClassCastException("member '" + name + "' is not a boolean");
    }

    @Override
    default boolean getBoolean(String name, boolean defaultValue) {
        JsonValue v = get(name);
        return v == JsonValue.TRUE || (v != JsonValue.FALSE && defaultValue);
    }

    @Override
    default boolean isNull(String name) {
        JsonValue v = get(name);
        if (v == null) {
            throw new NullPointerException("no member '" + name + "'");
        }
        return v.getValueType() == ValueType.NULL;
    }
}
