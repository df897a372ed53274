package io.evalprotocol.core.internal.wire;

import io.evalprotocol.api.internal.JsonObjectView;
import jakarta.json.JsonValue;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable JSON object whose members sit in two arrays in source order: the small envelope objects the
 * body reader ({@link WireObject}) and the stream reader ({@code sse.ChunkJson.Obj}) build by the million,
 * where JSON-P's builder would spend a {@code LinkedHashMap} and its entries on each. Subclasses decide only
 * how a name is found ({@link #indexOf}), which is where their readers' knowledge of interned names pays.
 *
 * <p>{@link Map} equality and hash code come from {@link AbstractMap}, so these objects equal JSON-P's
 * objects with the same members and theirs equal them.
 */
public abstract class MemberArrayObject extends AbstractMap<String, JsonValue> implements JsonObjectView {
    protected final String[] keys;
    protected final JsonValue[] values;
    protected final int size;
    private Set<Map.Entry<String, JsonValue>> entries;

    /** Takes the arrays as they are: callers hand over arrays they no longer write. */
    protected MemberArrayObject(String[] keys, JsonValue[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** The position of the member named {@code key}, or -1. */
    protected abstract int indexOf(Object key);

    @Override
    public final ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final boolean isEmpty() {
        return size == 0;
    }

    @Override
    public final JsonValue get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public final boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public final Set<Map.Entry<String, JsonValue>> entrySet() {
        Set<Map.Entry<String, JsonValue>> e = entries;
        if (e == null) {
            entries = e = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, JsonValue>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < size;
                        }

                        @Override
                        public Map.Entry<String, JsonValue> next() {
                            if (i >= size) {
                                throw new NoSuchElementException();
                            }
                            int at = i++;
                            return new AbstractMap.SimpleImmutableEntry<>(keys[at], values[at]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
        return e;
    }
}
