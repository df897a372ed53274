package io.evalprotocol.api;

import io.evalprotocol.api.internal.JsonArrayView;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.function.UnaryOperator;

/**
 * A JSON array kept as text. Its JSON-P view reads the text directly: the first element access indexes the
 * elements in one pass (one int each, plus two per top-level member of each object element, so that
 * {@code get(j).get("logprob")} needs no second scan), and each element is made from its bytes when asked
 * for. Behaves like JSON-P's own array of the same text.
 */
final class RawJsonArray extends RawJsonValue implements JsonArrayView, RandomAccess {
    private static final int NOT_SCANNED = -2;
    private static final int NOT_FLAT = -1;

    private volatile RawText.ArrayIndex index;
    /** Number of elements when every element is a number, {@link #NOT_FLAT} otherwise. */
    private volatile int flatCount = NOT_SCANNED;
    private volatile TokenLogprobs flat;
    private int hash;

    RawJsonArray(byte[] buf, int from, int to) {
        super(buf, from, to);
    }

    /** An array an enclosing scan has already indexed. */
    RawJsonArray(byte[] buf, int from, int to, RawText.ArrayIndex index) {
        super(buf, from, to);
        this.index = index;
    }

    private RawText.ArrayIndex index() {
        RawText.ArrayIndex ix = index;
        if (ix == null) {
            ix = RawText.indexArray(buf, from, to - from);
            if (ix.starts[ix.size] != to) {
                throw new IllegalStateException("array text ends at " + ix.starts[ix.size] + ", expected " + to);
            }
            index = ix;
        }
        return ix;
    }

    /**
     * The element count when this is a flat list of numbers (some may be {@code null}: missing), else -1; found by a scan of the text without
     * indexing it. Valid compact JSON whose elements are all numbers contains none of the characters that
     * start a string, object, array or literal after the opening bracket.
     */
    int flatNumberCount() {
        int n = flatCount;
        if (n == NOT_SCANNED) {
            n = to - from == 2 ? 0 : 1;
            for (int i = from + 1; i < to - 1; i++) {
                byte b = buf[i];
                if (b == ',') {
                    n++;
                } else if (b == 'n') {
                    i += 3; // a missing value: the ids-only path writes `null` where the provider sent none
                } else if (b == '"' || b == '[' || b == '{' || b == 't' || b == 'f') {
                    n = NOT_FLAT;
                    break;
                }
            }
            flatCount = n;
        }
        return n;
    }

    /** The numbers as doubles when this is a flat number list, else null. */
    TokenLogprobs flatView() {
        if (flatNumberCount() < 0) {
            return null;
        }
        TokenLogprobs f = flat;
        if (f == null) {
            double[] values = new double[flatNumberCount()];
            int start = from + 1;
            int k = 0;
            for (int i = from + 1; i < to; i++) {
                if (buf[i] == ',' || i == to - 1) {
                    if (i > start) {
                        values[k++] = buf[start] == 'n' ? Double.NaN : parseDouble(start, i);
                    }
                    start = i + 1;
                }
            }
            f = TokenLogprobs.wrap(values);
            flat = f;
        }
        return f;
    }

    /** Double.parseDouble of the text; plain decimals take RawJsonNumber's exact shortcut (zero keeps its sign). */
    private double parseDouble(int start, int end) {
        double fast = RawJsonNumber.fastDouble(buf, start, end);
        if (Double.isNaN(fast) || fast == 0) {
            return Double.parseDouble(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
        }
        return fast;
    }

    @Override
    public JsonValue get(int i) {
        if (i == 0 && index == null && to - from > 2) {
            // probes look at the first element only: no need to index the rest
            return RawText.value(buf, from + 1, RawText.skipValue(buf, from + 1));
        }
        RawText.ArrayIndex ix = index();
        java.util.Objects.checkIndex(i, ix.size);
        int s = ix.starts[i];
        int e = ix.starts[i + 1] - 1;
        if (buf[s] == '{' && ix.memberFrom != null) {
            int off = ix.memberFrom[i];
            return new RawJsonObject(buf, s, e, ix.members, off, (ix.memberFrom[i + 1] - off) / 2);
        }
        return RawText.value(buf, s, e);
    }

    /** The elements as a read-only list, which is what JSON-P's array delegates its list methods to. */
    private List<JsonValue> elements() {
        return new Elements();
    }

    private final class Elements extends AbstractList<JsonValue> implements RandomAccess {
        private final int size = RawJsonArray.this.size();

        @Override
        public JsonValue get(int i) {
            return RawJsonArray.this.get(i);
        }

        @Override
        public int size() {
            return size;
        }
    }

    @Override
    public ValueType getValueType() {
        return ValueType.ARRAY;
    }

    /** Like JSON-P's array: the elements themselves, unchecked; a wrong type fails when an element is used. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
        return (List<T>) elements();
    }

    /*
     * The three defaulted getters in JSON-P's own form (try, else the default) rather than JsonArrayView's
     * bounds check: they need no size(), so a probe of element 0 still leaves the rest of the text unindexed,
     * and a number intValue cannot read gives the default, as in JSON-P.
     */
    @Override
    public String getString(int index, String defaultValue) {
        try {
            return getString(index);
        } catch (Exception e) {
            return defaultValue;
        }
    }

    @Override
    public int getInt(int index, int defaultValue) {
        try {
            return getInt(index);
        } catch (Exception e) {
            return defaultValue;
        }
    }

    @Override
    public boolean getBoolean(int index, boolean defaultValue) {
        try {
            return getBoolean(index);
        } catch (Exception e) {
            return defaultValue;
        }
    }

    @Override
    public int size() {
        RawText.ArrayIndex ix = index;
        if (ix != null) {
            return ix.size;
        }
        int n = flatNumberCount();
        return n >= 0 ? n : index().size;
    }

    @Override
    public boolean isEmpty() {
        return to - from == 2;
    }

    @Override
    public boolean contains(Object o) {
        return elements().contains(o);
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return elements().iterator();
    }

    @Override
    public Object[] toArray() {
        return elements().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return elements().toArray(a);
    }

    @Override
    public boolean add(JsonValue jsonValue) {
        throw immutable();
    }

    @Override
    public boolean remove(Object o) {
        throw immutable();
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        return elements().containsAll(c);
    }

    @Override
    public boolean addAll(Collection<? extends JsonValue> c) {
        throw immutable();
    }

    @Override
    public boolean addAll(int index, Collection<? extends JsonValue> c) {
        throw immutable();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw immutable();
    }

    @Override
    public void replaceAll(UnaryOperator<JsonValue> operator) {
        throw immutable();
    }

    @Override
    public void sort(Comparator<? super JsonValue> c) {
        throw immutable();
    }

    @Override
    public void clear() {
        throw immutable();
    }

    @Override
    public JsonValue set(int index, JsonValue element) {
        throw immutable();
    }

    @Override
    public void add(int index, JsonValue element) {
        throw immutable();
    }

    @Override
    public JsonValue remove(int index) {
        throw immutable();
    }

    @Override
    public int indexOf(Object o) {
        return elements().indexOf(o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return elements().lastIndexOf(o);
    }

    @Override
    public ListIterator<JsonValue> listIterator() {
        return elements().listIterator();
    }

    @Override
    public ListIterator<JsonValue> listIterator(int index) {
        return elements().listIterator(index);
    }

    @Override
    public List<JsonValue> subList(int fromIndex, int toIndex) {
        return elements().subList(fromIndex, toIndex);
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("JSON array is immutable");
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof RawJsonArray && sameText((RawJsonArray) o)) {
            return true;
        }
        return o instanceof List && elements().equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = elements().hashCode();
            hash = h;
        }
        return h;
    }
}
