package io.evalprotocol.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.function.UnaryOperator;

/** A JSON array kept as text; its JSON-P view is parsed on first access and cached. */
final class RawJsonArray extends RawJsonValue implements JsonArray {
    private static final int NOT_SCANNED = -2;
    private static final int NOT_FLAT = -1;

    private volatile JsonArray view;
    /** Number of elements when every element is a number, {@link #NOT_FLAT} otherwise. */
    private volatile int flatCount = NOT_SCANNED;
    private volatile TokenLogprobs flat;

    RawJsonArray(byte[] utf8) {
        super(utf8);
    }

    private JsonArray view() {
        JsonArray v = view;
        if (v == null) {
            try (JsonReader reader = JsonP.provider().createReader(new ByteArrayInputStream(utf8))) {
                v = reader.readArray();
            } catch (NumberFormatException e) {
                throw numberOutOfRange(e);
            }
            view = v;
        }
        return v;
    }

    /**
     * The element count when this is a flat list of numbers, else -1; found by a scan of the text without
     * building the JSON-P view. Valid compact JSON whose elements are all numbers contains none of the
     * characters that start a string, object, array or literal after the opening bracket.
     */
    int flatNumberCount() {
        int n = flatCount;
        if (n == NOT_SCANNED) {
            n = utf8.length == 2 ? 0 : 1;
            for (int i = 1; i < utf8.length - 1; i++) {
                byte b = utf8[i];
                if (b == ',') {
                    n++;
                } else if (b == '"' || b == '[' || b == '{' || b == 't' || b == 'f' || b == 'n') {
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
            int start = 1;
            int k = 0;
            for (int i = 1; i < utf8.length; i++) {
                if (utf8[i] == ',' || i == utf8.length - 1) {
                    if (i > start) {
                        values[k++] = Double.parseDouble(new String(utf8, start, i - start,
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    start = i + 1;
                }
            }
            f = TokenLogprobs.wrap(values);
            flat = f;
        }
        return f;
    }

    @Override
    public ValueType getValueType() {
        return ValueType.ARRAY;
    }

    @Override
    public JsonObject getJsonObject(int index) {
        return view().getJsonObject(index);
    }

    @Override
    public JsonArray getJsonArray(int index) {
        return view().getJsonArray(index);
    }

    @Override
    public JsonNumber getJsonNumber(int index) {
        return view().getJsonNumber(index);
    }

    @Override
    public JsonString getJsonString(int index) {
        return view().getJsonString(index);
    }

    @Override
    public <T extends JsonValue> List<T> getValuesAs(Class<T> clazz) {
        return view().getValuesAs(clazz);
    }

    @Override
    public String getString(int index) {
        return view().getString(index);
    }

    @Override
    public String getString(int index, String defaultValue) {
        return view().getString(index, defaultValue);
    }

    @Override
    public int getInt(int index) {
        return view().getInt(index);
    }

    @Override
    public int getInt(int index, int defaultValue) {
        return view().getInt(index, defaultValue);
    }

    @Override
    public boolean getBoolean(int index) {
        return view().getBoolean(index);
    }

    @Override
    public boolean getBoolean(int index, boolean defaultValue) {
        return view().getBoolean(index, defaultValue);
    }

    @Override
    public boolean isNull(int index) {
        return view().isNull(index);
    }

    @Override
    public int size() {
        int n = flatNumberCount();
        return n >= 0 ? n : view().size();
    }

    @Override
    public boolean isEmpty() {
        return utf8.length == 2;
    }

    @Override
    public boolean contains(Object o) {
        return view().contains(o);
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return view().iterator();
    }

    @Override
    public Object[] toArray() {
        return view().toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return view().toArray(a);
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
        return view().containsAll(c);
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
    public JsonValue get(int index) {
        return view().get(index);
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
        return view().indexOf(o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return view().lastIndexOf(o);
    }

    @Override
    public ListIterator<JsonValue> listIterator() {
        return view().listIterator();
    }

    @Override
    public ListIterator<JsonValue> listIterator(int index) {
        return view().listIterator(index);
    }

    @Override
    public List<JsonValue> subList(int fromIndex, int toIndex) {
        return view().subList(fromIndex, toIndex);
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("JSON array is immutable");
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof RawJsonArray && java.util.Arrays.equals(utf8, ((RawJsonArray) o).utf8)) {
            return true;
        }
        return view().equals(o);
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }
}
