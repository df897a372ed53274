package io.evalprotocol.cli.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A canonical text form of a JSON value, for hashing: object keys sorted by code point, null members left
 * out (Python's {@code exclude_none}), numbers in one normal form, no whitespace. Two lines that differ only
 * in formatting, key order, {@code 1.0} against {@code 1}, or an explicit {@code null} hash the same.
 */
final class CanonicalJson {
    private CanonicalJson() {}

    /** The canonical form of {@code object} without the top-level members named in {@code dropTopLevel}. */
    static String of(JsonObject object, Set<String> dropTopLevel) {
        StringBuilder sb = new StringBuilder(256);
        writeObject(object, dropTopLevel, sb);
        return sb.toString();
    }

    static String of(JsonValue value) {
        StringBuilder sb = new StringBuilder(256);
        write(value, sb);
        return sb.toString();
    }

    private static void write(JsonValue value, StringBuilder sb) {
        switch (value.getValueType()) {
            case OBJECT:
                writeObject((JsonObject) value, Set.of(), sb);
                break;
            case ARRAY:
                sb.append('[');
                JsonArray array = (JsonArray) value;
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(array.get(i), sb);
                }
                sb.append(']');
                break;
            case STRING:
                writeString(((JsonString) value).getString(), sb);
                break;
            case NUMBER:
                sb.append(number((JsonNumber) value));
                break;
            case TRUE:
                sb.append("true");
                break;
            case FALSE:
                sb.append("false");
                break;
            default:
                sb.append("null");
        }
    }

    private static void writeObject(JsonObject object, Set<String> drop, StringBuilder sb) {
        List<String> keys = new ArrayList<>(object.size());
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            if (e.getValue().getValueType() != JsonValue.ValueType.NULL && !drop.contains(e.getKey())) {
                keys.add(e.getKey());
            }
        }
        // String.compareTo orders by UTF-16 unit; that is a total order, which is all a hash needs
        keys.sort(null);
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            writeString(keys.get(i), sb);
            sb.append(':');
            write(object.get(keys.get(i)), sb);
        }
        sb.append('}');
    }

    private static String number(JsonNumber n) {
        BigDecimal d = n.bigDecimalValue();
        if (d.signum() == 0) {
            return "0";
        }
        return d.stripTrailingZeros().toString();
    }

    private static void writeString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
