package io.evalprotocol.api;

import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.JsonObjectView;
import jakarta.json.JsonValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A JSON object kept as text. Its JSON-P view reads the text directly: the first lookup indexes the members
 * (two ints each), and each value is made from its bytes when asked for (containers as slices of the same
 * array, strings decoded). Behaves like JSON-P's own object of the same text, duplicate keys included (the
 * last value wins, at the position of the first).
 */
final class RawJsonObject extends RawJsonValue implements JsonObjectView {
    private static final byte DUPLICATES_UNKNOWN = 0;
    private static final byte NO_DUPLICATES = 1;
    private static final byte HAS_DUPLICATES = 2;

    /** (keyStart, valueStart) pairs from {@link #memOff}; null until indexed. Written last, read first. */
    private volatile int[] mem;
    private int memOff;
    private int memCount;
    private byte duplicates;
    private int hash;
    /** The last large container handed out, held weakly: see {@link #get(Object)}. */
    private volatile Child child;

    /** Containers at least this long are worth keeping (weakly) between lookups. */
    private static final int CACHED_CHILD_BYTES = 1 << 16;

    private static final class Child extends WeakReference<JsonValue> {
        final int member;

        Child(JsonValue value, int member) {
            super(value);
            this.member = member;
        }
    }

    /**
     * The columns of {@code content[]} that the body reader filled while validating this text, until the first
     * {@code LogprobColumns} read takes them ({@link #takeContentColumns}); read and cleared through
     * {@link #CONTENT}. Not part of the value: equality, hashing and the JSON-P view ignore it.
     */
    @SuppressWarnings("unused")
    private ContentColumns contentColumns;

    private static final VarHandle CONTENT;

    static {
        try {
            CONTENT = MethodHandles.lookup().findVarHandle(RawJsonObject.class, "contentColumns", ContentColumns.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    RawJsonObject(byte[] buf, int from, int to) {
        super(buf, from, to);
    }

    RawJsonObject(byte[] buf, int from, int to, ContentColumns content) {
        super(buf, from, to);
        this.contentColumns = content;
    }

    /** The attached columns, detached atomically: two readers of one value never share them. */
    ContentColumns takeContentColumns() {
        return CONTENT.getOpaque(this) == null ? null : (ContentColumns) CONTENT.getAndSet(this, null);
    }

    /** Drops the attached columns, for a value that outlives the extraction (a message's payload). */
    void dropContentColumns() {
        if (CONTENT.getOpaque(this) != null) {
            CONTENT.setVolatile(this, null);
        }
    }

    /** An object whose members an enclosing scan has already indexed into {@code pool}. */
    RawJsonObject(byte[] buf, int from, int to, int[] pool, int off, int count) {
        super(buf, from, to);
        this.memOff = off;
        this.memCount = count;
        this.mem = pool;
    }

    private int[] members() {
        int[] m = mem;
        if (m == null) {
            m = publish(RawText.indexObject(buf, from, null));
        }
        return m;
    }

    private int[] publish(RawText.ObjectIndex index) {
        if (index.end != to) {
            throw new IllegalStateException("object text ends at " + index.end + ", expected " + to);
        }
        memOff = 0;
        memCount = index.count;
        mem = index.pairs;
        return index.pairs;
    }

    private int keyStart(int[] m, int k) {
        return m[memOff + 2 * k];
    }

    private int valueStart(int[] m, int k) {
        return m[memOff + 2 * k + 1];
    }

    private int valueEnd(int[] m, int k) {
        return k + 1 < memCount ? m[memOff + 2 * k + 2] - 1 : to - 1;
    }

    private String key(int[] m, int k) {
        return RawText.decodeStringBody(buf, keyStart(m, k) + 1, valueStart(m, k) - 2);
    }

    private JsonValue value(int[] m, int k) {
        return RawText.value(buf, valueStart(m, k), valueEnd(m, k));
    }

    /** The member holding {@code key}'s value: its last occurrence; -1 when absent. */
    private int find(int[] m, RawText.Key key) {
        for (int k = memCount - 1; k >= 0; k--) {
            if (key.matches(buf, keyStart(m, k) + 1, valueStart(m, k) - 2)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The value of {@code key}'s last occurrence. The first lookup indexes the members and, in the same pass,
     * the container it is looking for. A large container (a 70 MB {@code content} array) is remembered weakly,
     * so that a probe and an extractor reading the same payload one after the other index it once, while a
     * kept payload retains only its member index.
     */
    @Override
    public JsonValue get(Object key) {
        if (!(key instanceof String)) {
            return null;
        }
        RawText.Key k = RawText.Key.of((String) key);
        int[] m = mem;
        if (m == null) {
            RawText.ObjectIndex index = RawText.indexObject(buf, from, k);
            m = publish(index);
            if (index.child != null) {
                int c = index.childMember;
                int vs = valueStart(m, c);
                int ve = valueEnd(m, c);
                JsonValue v;
                if (index.child instanceof RawText.ArrayIndex) {
                    v = new RawJsonArray(buf, vs, ve, (RawText.ArrayIndex) index.child);
                } else {
                    RawText.ObjectIndex o = (RawText.ObjectIndex) index.child;
                    v = new RawJsonObject(buf, vs, ve, o.pairs, 0, o.count);
                }
                return remember(v, c, vs, ve);
            }
        }
        int found = find(m, k);
        if (found < 0) {
            return null;
        }
        int vs = valueStart(m, found);
        int ve = valueEnd(m, found);
        if (ve - vs < CACHED_CHILD_BYTES) {
            return RawText.value(buf, vs, ve);
        }
        Child c = child;
        JsonValue v = c != null && c.member == found ? c.get() : null;
        return v != null ? v : remember(RawText.value(buf, vs, ve), found, vs, ve);
    }

    private JsonValue remember(JsonValue v, int member, int vs, int ve) {
        if (ve - vs >= CACHED_CHILD_BYTES) {
            child = new Child(v, member);
        }
        return v;
    }

    private boolean hasDuplicates(int[] m) {
        byte d = duplicates;
        if (d == DUPLICATES_UNKNOWN) {
            d = findDuplicates(m) ? HAS_DUPLICATES : NO_DUPLICATES;
            duplicates = d;
        }
        return d == HAS_DUPLICATES;
    }

    private boolean findDuplicates(int[] m) {
        int n = memCount;
        if (n < 2) {
            return false;
        }
        boolean escaped = false;
        for (int k = 0; k < n && !escaped; k++) {
            for (int i = keyStart(m, k) + 1; i < valueStart(m, k) - 2; i++) {
                if (buf[i] == '\\') {
                    escaped = true;
                    break;
                }
            }
        }
        if (!escaped && n <= 16) {
            // without escapes, equal keys are equal bytes
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    if (Arrays.equals(buf, keyStart(m, a), valueStart(m, a), buf, keyStart(m, b), valueStart(m, b))) {
                        return true;
                    }
                }
            }
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < n; k++) {
            if (!seen.add(key(m, k))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The members JSON-P would hold: each distinct key at its first position with its last value, as
     * {@code LinkedHashMap.put} does in JSON-P's object builder. {@code out[2i]} is the member of the key,
     * {@code out[2i+1]} the member of the value.
     */
    private int[] distinctMembers(int[] m) {
        int n = memCount;
        int[] out;
        if (!hasDuplicates(m)) {
            out = new int[2 * n];
            for (int k = 0; k < n; k++) {
                out[2 * k] = k;
                out[2 * k + 1] = k;
            }
            return out;
        }
        LinkedHashMap<String, int[]> byKey = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            int member = k;
            byKey.computeIfAbsent(key(m, k), s -> new int[] {member, member})[1] = member;
        }
        out = new int[2 * byKey.size()];
        int i = 0;
        for (int[] pair : byKey.values()) {
            out[i++] = pair[0];
            out[i++] = pair[1];
        }
        return out;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public int size() {
        int[] m = members();
        return hasDuplicates(m) ? distinctMembers(m).length / 2 : memCount;
    }

    @Override
    public boolean isEmpty() {
        return to - from == 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && find(members(), RawText.Key.of((String) key)) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        return values().contains(value);
    }

    @Override
    public JsonValue put(String key, JsonValue value) {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    /** As JSON-P's object (an {@code AbstractMap}): an absent key is not an attempt to modify it. */
    @Override
    public JsonValue remove(Object key) {
        if (!containsKey(key)) {
            return null;
        }
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public void putAll(Map<? extends String, ? extends JsonValue> m) {
        if (!m.isEmpty()) {
            throw new UnsupportedOperationException("JSON object is immutable");
        }
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("JSON object is immutable");
    }

    @Override
    public Set<String> keySet() {
        return new View().keySet();
    }

    @Override
    public Collection<JsonValue> values() {
        return new View().values();
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return new View().entrySet();
    }

    /** The read-only map JSON-P would give, in document order, reading the text as it goes. */
    private final class View extends AbstractMap<String, JsonValue> {
        private final int[] m = members();
        private final int[] distinct = distinctMembers(m);

        @Override
        public JsonValue get(Object key) {
            return RawJsonObject.this.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return RawJsonObject.this.containsKey(key);
        }

        @Override
        public int size() {
            return distinct.length / 2;
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonValue>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < distinct.length;
                        }

                        @Override
                        public Entry<String, JsonValue> next() {
                            if (i >= distinct.length) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, JsonValue> e = new SimpleImmutableEntry<>(key(m, distinct[i]),
                                    value(m, distinct[i + 1]));
                            i += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return distinct.length / 2;
                }
            };
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof RawJsonObject && sameText((RawJsonObject) o)) {
            return true;
        }
        return o instanceof Map && new View().equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = new View().hashCode();
            hash = h;
        }
        return h;
    }
}
