package io.evalprotocol.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** A JSON object kept as text; its JSON-P view is parsed on first access and cached. */
final class RawJsonObject extends RawJsonValue implements JsonObject {
    private volatile JsonObject view;

    RawJsonObject(byte[] utf8) {
        super(utf8);
    }

    private JsonObject view() {
        JsonObject v = view;
        if (v == null) {
            try (JsonReader reader = JsonP.provider().createReader(new ByteArrayInputStream(utf8))) {
                v = reader.readObject();
            } catch (NumberFormatException e) {
                throw numberOutOfRange(e);
            }
            view = v;
        }
        return v;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public JsonArray getJsonArray(String name) {
        return view().getJsonArray(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return view().getJsonObject(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return view().getJsonNumber(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return view().getJsonString(name);
    }

    @Override
    public String getString(String name) {
        return view().getString(name);
    }

    @Override
    public String getString(String name, String defaultValue) {
        return view().getString(name, defaultValue);
    }

    @Override
    public int getInt(String name) {
        return view().getInt(name);
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return view().getInt(name, defaultValue);
    }

    @Override
    public boolean getBoolean(String name) {
        return view().getBoolean(name);
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        return view().getBoolean(name, defaultValue);
    }

    @Override
    public boolean isNull(String name) {
        return view().isNull(name);
    }

    @Override
    public int size() {
        return view().size();
    }

    @Override
    public boolean isEmpty() {
        return utf8.length == 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return view().containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return view().containsValue(value);
    }

    @Override
    public JsonValue get(Object key) {
        return view().get(key);
    }

    @Override
    public JsonValue put(String key, JsonValue value) {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public JsonValue remove(Object key) {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public void putAll(Map<? extends String, ? extends JsonValue> m) {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public Set<String> keySet() {
        return view().keySet();
    }

    @Override
    public Collection<JsonValue> values() {
        return view().values();
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return view().entrySet();
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof RawJsonObject && java.util.Arrays.equals(utf8, ((RawJsonObject) o).utf8)) {
            return true;
        }
        return view().equals(o);
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }
}
