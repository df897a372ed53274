package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of an OpenAI-compatible response that extractors need, for one choice of one extractor.
 * Every failure is a {@link TokenIdExtractionException} that names the extractor, the choice and the field.
 *
 * <p>The static methods never throw: {@code supports()} uses them to look at untrusted JSON.
 *
 * <p>Each provider module keeps its own copy of this class (modules depend on ep-api only, and a package
 * may live in one module only); keep the copies identical apart from the package line.
 */
final class Wire {
    final String extractorId;
    final int choiceIndex;
    final int maxTokenIds;

    Wire(String extractorId, int choiceIndex, int maxTokenIds) {
        this.extractorId = extractorId;
        this.choiceIndex = choiceIndex;
        this.maxTokenIds = maxTokenIds;
    }

    TokenIdExtractionException fail(String message) {
        return new TokenIdExtractionException(extractorId, choiceIndex, message);
    }

    // ---- choices -------------------------------------------------------------------------------------

    /** The choice whose {@code index} is this wire's choice index (its array position when it has none). */
    JsonObject choice(JsonObject response) {
        JsonArray choices = choicesOf(response);
        if (choices == null) {
            throw fail("the response has no `choices` array");
        }
        JsonObject found = findChoice(choices, choiceIndex);
        if (found == null) {
            throw fail("the response has no choice with index " + choiceIndex + " (indices present: "
                    + indices(choices) + ")");
        }
        return found;
    }

    /**
     * The choice with {@code index} in a stream chunk, or null when the chunk carries none (usage-only chunks,
     * other choices' chunks). Fails on a malformed {@code choices} member.
     */
    JsonObject chunkChoice(JsonObject chunk) {
        JsonValue v = chunk.get("choices");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray)) {
            throw fail("stream chunk `choices` is " + kind(v) + ", expected an array");
        }
        return findChoice((JsonArray) v, choiceIndex);
    }

    private JsonObject findChoice(JsonArray choices, int index) {
        for (int i = 0; i < choices.size(); i++) {
            JsonValue c = choices.get(i);
            if (!(c instanceof JsonObject)) {
                throw fail("choices[" + i + "] is " + kind(c) + ", expected an object");
            }
            JsonObject choice = (JsonObject) c;
            JsonValue idx = choice.get("index");
            int actual;
            if (idx == null) {
                actual = i;
            } else if (idx instanceof JsonNumber && ((JsonNumber) idx).isIntegral()) {
                actual = ((JsonNumber) idx).intValue();
            } else {
                throw fail("choices[" + i + "].index is " + kind(idx) + ", expected an integer");
            }
            if (actual == index) {
                return choice;
            }
        }
        return null;
    }

    private static String indices(JsonArray choices) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonValue c = choices.get(i);
            JsonValue idx = c instanceof JsonObject ? ((JsonObject) c).get("index") : null;
            out.add(idx == null ? String.valueOf(i) : idx.toString());
        }
        return out.toString();
    }

    // ---- typed reads ---------------------------------------------------------------------------------

    /** The object at {@code key}; null when absent or JSON null; fails on any other type. */
    JsonObject object(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonObject)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected an object");
        }
        return (JsonObject) v;
    }

    /** The array at {@code key}; null when absent or JSON null; fails on any other type. */
    JsonArray array(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected an array");
        }
        return (JsonArray) v;
    }

    /** The string at {@code key}; null when absent or JSON null; fails on any other type. */
    String string(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected a string");
        }
        return ((JsonString) v).getString();
    }

    /** Token ids at {@code key} decoded in one pass into an {@code int[]}; null when absent or JSON null. */
    int[] ids(JsonObject parent, String key, String path) {
        JsonArray a = array(parent, key, path);
        return a == null ? null : ids(a, path);
    }

    /** Decodes an array of non-negative integer ids, enforcing {@link #maxTokenIds}. */
    int[] ids(JsonArray a, String path) {
        int n = a.size();
        checkLimit(n, path);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = id(a.get(i), path, i);
        }
        return out;
    }

    /** One token id; {@code path} and {@code i} locate it in the message. */
    int id(JsonValue v, String path, int i) {
        if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
            throw fail("`" + path + "` entry " + i + " is " + kind(v) + ", expected an integer token id");
        }
        long id = ((JsonNumber) v).longValue();
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw fail("`" + path + "` entry " + i + " is " + v + ", not a valid token id");
        }
        return (int) id;
    }

    /** Decodes an array of logprobs in one pass; JSON null becomes NaN, numbers are kept as sent (-9999.0 too). */
    double[] logprobs(JsonArray a, String path) {
        int n = a.size();
        checkLimit(n, path);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logprob(a.get(i), path, i);
        }
        return out;
    }

    /** One logprob: a number as sent, or NaN for JSON null. */
    double logprob(JsonValue v, String path, int i) {
        if (v instanceof JsonNumber) {
            return ((JsonNumber) v).doubleValue();
        }
        if (v != null && v.getValueType() == JsonValue.ValueType.NULL) {
            return Double.NaN;
        }
        throw fail("`" + path + "` entry " + i + " is " + kind(v) + ", expected a number or null");
    }

    /** The entry at {@code i} of {@code a} as an object. */
    JsonObject entry(JsonArray a, int i, String path) {
        JsonValue v = a.get(i);
        if (!(v instanceof JsonObject)) {
            throw fail("`" + path + "` entry " + i + " is " + kind(v) + ", expected an object");
        }
        return (JsonObject) v;
    }

    void checkLimit(int n, String path) {
        if (n > maxTokenIds) {
            throw fail("`" + path + "` has " + n + " entries, more than the limit of " + maxTokenIds
                    + " (ExtractionContext.maxTokenIds)");
        }
    }

    // ---- non-throwing probes for supports() -----------------------------------------------------------

    /** The {@code choices} array, or null when absent or not an array. */
    static JsonArray choicesOf(JsonObject response) {
        JsonValue v = response.get("choices");
        return v instanceof JsonArray ? (JsonArray) v : null;
    }

    /** The first choice object, or null. */
    static JsonObject firstChoice(JsonObject response) {
        JsonArray choices = choicesOf(response);
        if (choices == null || choices.isEmpty()) {
            return null;
        }
        JsonValue c = choices.get(0);
        return c instanceof JsonObject ? (JsonObject) c : null;
    }

    static boolean isArray(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonArray;
    }

    static JsonObject objectOrNull(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonObject ? (JsonObject) v : null;
    }

    static JsonArray arrayOrNull(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonArray ? (JsonArray) v : null;
    }

    static String stringOrNull(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonString ? ((JsonString) v).getString() : null;
    }

    /** A short description of a value's type for error messages; never the value itself (it may be huge). */
    static String kind(JsonValue v) {
        if (v == null) {
            return "missing";
        }
        switch (v.getValueType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case STRING:
                return "a string";
            case NUMBER:
                return "the number " + v;
            case TRUE:
            case FALSE:
                return "a boolean";
            default:
                return "null";
        }
    }
}
