package io.evalprotocol.testkit;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Copy-on-write edits of JSON-P trees, for the kit's generated variants of fixtures. */
final class JsonTrees {
    static final int ARRAY_SAMPLE = 8;

    private JsonTrees() {}

    /** Values that replace a node in malformed variants: every JSON type, sentinels and out-of-range numbers. */
    static final List<JsonValue> HOSTILE = List.of(
            JsonValue.NULL,
            JsonValue.TRUE,
            Fixtures.string("x"),
            Fixtures.JSON.createValue(1.5),
            Fixtures.JSON.createValue(-1),
            Fixtures.JSON.createValue(new BigDecimal("1e20")),
            JsonValue.EMPTY_JSON_OBJECT,
            JsonValue.EMPTY_JSON_ARRAY,
            Fixtures.JSON.createArrayBuilder().add("x").build(),
            Fixtures.JSON.createArrayBuilder().add(-1).build(),
            Fixtures.JSON.createArrayBuilder().addNull().build());

    /**
     * The paths below {@code root} (a path is a list of String keys and Integer indices), depth first. In
     * arrays longer than {@value #ARRAY_SAMPLE} elements only the first three, the middle and the last two
     * are visited: their elements share a shape, and a 32k-token body must not mean 32k mutations.
     */
    static List<List<Object>> paths(JsonValue root) {
        List<List<Object>> out = new ArrayList<>();
        collect(root, new ArrayList<>(), out);
        return out;
    }

    private static void collect(JsonValue node, List<Object> prefix, List<List<Object>> out) {
        if (node instanceof JsonObject) {
            for (Map.Entry<String, JsonValue> e : ((JsonObject) node).entrySet()) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(e.getKey());
                out.add(p);
                collect(e.getValue(), p, out);
            }
        } else if (node instanceof JsonArray) {
            JsonArray a = (JsonArray) node;
            int n = a.size();
            for (int i = 0; i < n; i++) {
                if (n > ARRAY_SAMPLE && i > 2 && i != n / 2 && i < n - 2) {
                    continue;
                }
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                out.add(p);
                collect(a.get(i), p, out);
            }
        }
    }

    /** {@code root} with the node at {@code path} replaced by {@code value}, or removed when value is null. */
    static JsonValue replace(JsonValue root, List<Object> path, JsonValue value) {
        return edit(root, path, 0, value);
    }

    private static JsonValue edit(JsonValue node, List<Object> path, int depth, JsonValue value) {
        Object step = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (node instanceof JsonObject && step instanceof String) {
            JsonObjectBuilder b = Fixtures.JSON.createObjectBuilder();
            for (Map.Entry<String, JsonValue> e : ((JsonObject) node).entrySet()) {
                if (!e.getKey().equals(step)) {
                    b.add(e.getKey(), e.getValue());
                } else if (!last) {
                    b.add(e.getKey(), edit(e.getValue(), path, depth + 1, value));
                } else if (value != null) {
                    b.add(e.getKey(), value);
                }
            }
            return b.build();
        }
        if (node instanceof JsonArray && step instanceof Integer) {
            JsonArrayBuilder b = Fixtures.JSON.createArrayBuilder();
            JsonArray a = (JsonArray) node;
            for (int i = 0; i < a.size(); i++) {
                if (i != (Integer) step) {
                    b.add(a.get(i));
                } else if (!last) {
                    b.add(edit(a.get(i), path, depth + 1, value));
                } else if (value != null) {
                    b.add(value);
                }
            }
            return b.build();
        }
        throw new IllegalArgumentException("path " + path + " does not exist");
    }

    /**
     * {@code root} with every number stored under one of {@code keys} (directly, or as an element of an
     * array stored under one of {@code arrayKeys}) replaced by {@code replacement}.
     */
    static JsonValue replaceNumbers(JsonValue root, Set<String> keys, Set<String> arrayKeys, JsonValue replacement) {
        return map(root, (key, v) -> {
            if (keys.contains(key) && v instanceof JsonNumber) {
                return replacement;
            }
            if (arrayKeys.contains(key) && v instanceof JsonArray) {
                JsonArrayBuilder b = Fixtures.JSON.createArrayBuilder();
                for (JsonValue e : (JsonArray) v) {
                    b.add(e instanceof JsonNumber ? replacement : e);
                }
                return b.build();
            }
            return null;
        });
    }

    /** {@code root} with the value of every member named {@code key} replaced by {@code replacement}. */
    static JsonValue replaceMembers(JsonValue root, String key, JsonValue replacement) {
        return map(root, (k, v) -> k.equals(key) ? replacement : null);
    }

    /** A rewrite of object members: return the new value, or null to keep (and descend into) the old one. */
    interface MemberRewrite {
        JsonValue rewrite(String key, JsonValue value);
    }

    static JsonValue map(JsonValue node, MemberRewrite rewrite) {
        if (node instanceof JsonObject) {
            JsonObjectBuilder b = Fixtures.JSON.createObjectBuilder();
            for (Map.Entry<String, JsonValue> e : ((JsonObject) node).entrySet()) {
                JsonValue replaced = rewrite.rewrite(e.getKey(), e.getValue());
                b.add(e.getKey(), replaced != null ? replaced : map(e.getValue(), rewrite));
            }
            return b.build();
        }
        if (node instanceof JsonArray) {
            JsonArrayBuilder b = Fixtures.JSON.createArrayBuilder();
            for (JsonValue e : (JsonArray) node) {
                b.add(map(e, rewrite));
            }
            return b.build();
        }
        return node;
    }

    /** {@code response} with its {@code choices} array rewritten by {@code op} (unchanged without one). */
    static JsonObject withChoices(JsonObject response, UnaryOperator<List<JsonValue>> op) {
        JsonValue choices = response.get("choices");
        if (!(choices instanceof JsonArray)) {
            return response;
        }
        JsonArrayBuilder b = Fixtures.JSON.createArrayBuilder();
        for (JsonValue c : op.apply(new ArrayList<>((JsonArray) choices))) {
            b.add(c);
        }
        return Fixtures.JSON.createObjectBuilder(response).add("choices", b.build()).build();
    }

    /** A choice with its {@code index} moved by {@code shift}. */
    static JsonValue shiftIndex(JsonValue choice, int shift) {
        if (!(choice instanceof JsonObject) || !(((JsonObject) choice).get("index") instanceof JsonNumber)) {
            return choice;
        }
        JsonObject c = (JsonObject) choice;
        return Fixtures.JSON.createObjectBuilder(c).add("index", c.getInt("index") + shift).build();
    }

    static int countChoices(JsonObject response) {
        JsonValue choices = response == null ? null : response.get("choices");
        return choices instanceof JsonArray ? ((JsonArray) choices).size() : 0;
    }
}
