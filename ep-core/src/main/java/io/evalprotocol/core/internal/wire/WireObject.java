package io.evalprotocol.core.internal.wire;

import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable JSON object of the envelope {@link ByteJsonReader} reads: its members, in source order, in two
 * arrays. JSON-P's builder would hold them in a {@code LinkedHashMap} behind an unmodifiable view, four
 * objects and a table per object plus one entry per member, for objects that are small (a response's
 * envelope, its choices, messages and usage) and read a few times by name.
 *
 * <p>Answers as JSON-P's object with the same members does: {@link Map} equality and hash code (so it equals
 * JSON-P's objects and theirs equal it), iteration in source order, the last of duplicate names winning at
 * the first one's place (what {@link #put} gives while reading), and {@link #toString()} written by JSON-P's
 * own writer.
 */
public final class WireObject extends MemberArrayObject {
    /** Beyond this many members a lookup uses a hash index built on first use instead of a scan. */
    private static final int SCAN_LIMIT = 12;

    static final WireObject EMPTY = new WireObject(new String[0], new JsonValue[0], 0);

    private Map<String, Integer> index;

    private WireObject(String[] keys, JsonValue[] values, int size) {
        super(keys, values, size);
    }

    /**
     * Collects the members of one object as it is read (or, in the rollout engine, as a row's
     * {@code execution_metadata.extra} is assembled).
     */
    public static final class Builder {
        private String[] keys = new String[8];
        private JsonValue[] values = new JsonValue[8];
        private int size;
        /** One bit per name hash (mod 64) already put: a name whose bit is clear cannot be a duplicate. */
        private long hashBits;

        /** Adds a member; a name already present keeps its place and takes the new value (as JSON-P's builder). */
        public void put(String key, JsonValue value) {
            long bit = 1L << key.hashCode();
            if ((hashBits & bit) != 0) {
                for (int i = 0; i < size; i++) {
                    // names are mostly interned constants: identity first, then the full comparison
                    if (keys[i] == key || (keys[i].length() == key.length() && keys[i].equals(key))) {
                        values[i] = value;
                        return;
                    }
                }
            }
            hashBits |= bit;
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size++] = value;
        }

        public WireObject build() {
            return size == 0 ? EMPTY : new WireObject(keys, values, size);
        }
    }

    @Override
    protected int indexOf(Object key) {
        if (size > SCAN_LIMIT) {
            Map<String, Integer> m = index;
            if (m == null) {
                m = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    m.put(keys[i], i);
                }
                index = m;
            }
            Integer i = m.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (key instanceof String) {
            String k = (String) key;
            for (int i = 0; i < size; i++) {
                if (keys[i].length() == k.length() && keys[i].equals(k)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The compact JSON text, as JSON-P's writer gives it for an object with these members. */
    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (JsonWriter w = WireJson.provider().createWriter(out)) {
            w.writeObject(this);
        }
        return out.toString();
    }
}
