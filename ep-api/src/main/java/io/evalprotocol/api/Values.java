package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Shared checks and copies for the value types' builders. */
final class Values {
    private Values() {
    }

    /** An unmodifiable copy of {@code list}, or null for null; fails on a null element, naming its index. */
    static <T> List<T> copyOrNull(List<? extends T> list, String name) {
        return list == null ? null : copy(list, name);
    }

    static <T> List<T> copy(List<? extends T> list, String name) {
        Objects.requireNonNull(list, name);
        List<T> copy = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            T item = list.get(i);
            if (item == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
            copy.add(item);
        }
        return Collections.unmodifiableList(copy);
    }

    /** Puts an additional property, or removes it for a null / JSON null value (absent, as {@code exclude_none}). */
    static void putProperty(Map<String, JsonValue> props, Set<String> declared, String type, String key,
            JsonValue value) {
        Objects.requireNonNull(key, "key");
        if (declared.contains(key)) {
            throw new IllegalArgumentException("`" + key + "` is a declared field of " + type
                    + "; set it with its own builder method, not as an additional property");
        }
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            props.remove(key);
        } else {
            props.put(key, value);
        }
    }

    static void putProperties(Map<String, JsonValue> props, Set<String> declared, String type,
            Map<String, ? extends JsonValue> values) {
        Objects.requireNonNull(values, "additionalProperties");
        props.clear();
        values.forEach((k, v) -> putProperty(props, declared, type, k, v));
    }

    static Map<String, JsonValue> freeze(Map<String, JsonValue> props) {
        return props.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(props));
    }

    /** Treats a JSON null as absent ({@code exclude_none} semantics). */
    static <T extends JsonValue> T nullToAbsent(T value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    /** A short rendering for toString(): long strings keep their head and say how much was cut. */
    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        if (s.length() <= 60) {
            return '"' + s + '"';
        }
        return '"' + s.substring(0, 48) + "\"...(" + s.length() + " chars)";
    }

    /** A short rendering of a free-form JSON value for toString(). */
    static String abbreviate(JsonValue v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof RawJsonValue && ((RawJsonValue) v).utf8Length() > 80) {
            // avoid decoding a 40 KB payload to print 64 characters of it
            RawJsonValue r = (RawJsonValue) v;
            return new String(r.buf, r.from, 64, java.nio.charset.StandardCharsets.UTF_8) + "...(" + r.utf8Length()
                    + " bytes)";
        }
        String s = v.toString();
        return s.length() <= 80 ? s : s.substring(0, 64) + "...(" + s.length() + " chars)";
    }

    static Set<String> names(String... names) {
        return Set.of(names);
    }
}
