package io.evalprotocol.spi;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Looks at untrusted JSON without ever throwing, for {@link TokenIdExtractor#supports}: each probe answers
 * null (or false) when a value is absent or of another type. Reading a choice for real, with errors that say
 * where and what, is {@link ChoiceReader}'s job.
 */
public final class ShapeProbes {
    private ShapeProbes() {}

    /** The response's {@code choices} array, or null when absent or not an array. */
    public static JsonArray choices(JsonObject response) {
        JsonValue v = response == null ? null : response.get("choices");
        return v instanceof JsonArray ? (JsonArray) v : null;
    }

    /** The first element of {@code choices} when it is an object, else null. */
    public static JsonObject firstChoice(JsonObject response) {
        JsonArray choices = choices(response);
        if (choices == null || choices.isEmpty()) {
            return null;
        }
        JsonValue c = choices.get(0);
        return c instanceof JsonObject ? (JsonObject) c : null;
    }

    /** Whether {@code o} is an object whose {@code key} is an array. */
    public static boolean isArray(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonArray;
    }

    /** {@code o}'s {@code key} when it is an object; null when {@code o} is null or the value is not an object. */
    public static JsonObject object(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonObject ? (JsonObject) v : null;
    }

    /** {@code o}'s {@code key} when it is an array; null when {@code o} is null or the value is not an array. */
    public static JsonArray array(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonArray ? (JsonArray) v : null;
    }

    /** {@code o}'s {@code key} when it is a string; null when {@code o} is null or the value is not a string. */
    public static String string(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonString ? ((JsonString) v).getString() : null;
    }

    /**
     * Whether {@code a}'s first element is an object with member {@code key}: how probes recognise the entries
     * of {@code logprobs.content[]} (e.g. {@code token_id}) without reading the whole array.
     */
    public static boolean firstEntryHas(JsonArray a, String key) {
        if (a == null || a.isEmpty()) {
            return false;
        }
        JsonValue first = a.get(0);
        return first instanceof JsonObject && ((JsonObject) first).containsKey(key);
    }
}
