package io.evalprotocol.core.internal.sse;

import io.evalprotocol.api.internal.JsonArrayView;
import io.evalprotocol.api.internal.JsonNumberView;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.IntJsonArray;
import io.evalprotocol.core.internal.wire.MemberArrayObject;
import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The JSON-P values {@link ChunkReader} builds for one stream event: immutable, cheap to build, and read
 * lazily where reading costs something (strings are decoded, float numbers parsed, on first access). They
 * hold the event's own copy of its bytes, never a network buffer, so an accumulator may keep them.
 *
 * <p>Each type equals (both ways) and hashes like the JSON-P value {@code WireJson} builds for the same text:
 * objects and arrays by the {@link Map} and {@link List} contracts, strings by their text, numbers by
 * {@link BigDecimal} value; {@code toString()} is the compact JSON text.
 */
public final class ChunkJson {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private ChunkJson() {}

    /**
     * Where a container's text sits in the event's bytes, and whether that text is already what
     * {@link CompactJson} would write for it (compact, the writer's escapes): then it can be appended as it is.
     */
    public interface Spanned {
        byte[] source();

        int from();

        int to();

        boolean canonical();
    }

    /**
     * The value as the JSON-P types {@code WireJson} builds (strings, exact-text numbers, objects and arrays
     * rebuilt, the payloads it keeps as exact text kept so), for the few chunk values that go into the
     * assembled response, and for {@code toString()}.
     */
    public static JsonValue standard(JsonValue v) {
        if (v instanceof Str) {
            return PROVIDER.createValue(((Str) v).getString());
        }
        if (v instanceof Num) {
            return RawJsonSupport.access().trusted(v.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        if (v instanceof Obj) {
            jakarta.json.JsonObjectBuilder o = PROVIDER.createObjectBuilder();
            Obj obj = (Obj) v;
            for (int i = 0; i < obj.size(); i++) {
                JsonValue e = obj.valueAt(i);
                if (e instanceof Spanned && WireJson.RAW_KEYS.contains(obj.keyAt(i))) {
                    o.add(obj.keyAt(i), RawJsonSupport.access().trusted(compactText((Spanned) e)));
                } else {
                    o.add(obj.keyAt(i), standard(e));
                }
            }
            return o.build();
        }
        if (v instanceof Arr || v instanceof Ints) {
            jakarta.json.JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            for (JsonValue e : (JsonArray) v) {
                a.add(standard(e));
            }
            return a.build();
        }
        return v;
    }

    /** The compact text {@code CompactJson} writes for a container: its own bytes when they are that already. */
    public static byte[] compactText(Spanned v) {
        if (v.canonical()) {
            return Arrays.copyOfRange(v.source(), v.from(), v.to());
        }
        return new CompactJson(v.to() - v.from()).value((JsonValue) v).toByteArray();
    }

    /** Decodes the content of a JSON string (between its quotes) from well-formed text. */
    public static String decodeString(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return Str.unescape(b, from, to);
            }
        }
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * {@code toString()} as the JSON-P values WireJson builds give it: the compact text for a payload it keeps
     * as exact text ({@code kept}), else that of the JSON-P value.
     */
    static String text(JsonValue v, boolean kept) {
        return kept ? new String(compactText((Spanned) v), StandardCharsets.UTF_8) : standard(v).toString();
    }

    /** A JSON object: keys and values in source order, no duplicate keys (the reader refuses those). */
    public static final class Obj extends MemberArrayObject implements Spanned {
        private final byte[] source;
        private final int from;
        private final int to;
        private final boolean canonical;
        /** Set by the reader: the value of a member WireJson keeps as exact text. */
        boolean kept;

        /** Whether every name is one of the reader's interned names. */
        private final boolean allInterned;

        Obj(String[] keys, JsonValue[] values, int size, byte[] source, int from, int to, boolean canonical,
                boolean allInterned) {
            super(keys, values, size);
            this.allInterned = allInterned;
            this.source = source;
            this.from = from;
            this.to = to;
            this.canonical = canonical;
        }

        /** The names, shared with objects of the same shape ({@link ChunkTemplate}); never modified. */
        String[] keyArray() {
            return keys;
        }

        JsonValue[] valueArray() {
            return values;
        }

        boolean allInterned() {
            return allInterned;
        }

        /** The name of the {@code i}-th member, in source order. */
        public String keyAt(int i) {
            return keys[i];
        }

        /** The value of the {@code i}-th member, in source order. */
        public JsonValue valueAt(int i) {
            return values[i];
        }

        @Override
        public byte[] source() {
            return source;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return to;
        }

        @Override
        public boolean canonical() {
            return canonical;
        }

        @Override
        protected int indexOf(Object key) {
            // keys the reader knows are the interned literals callers pass: identity answers first
            for (int i = 0; i < size; i++) {
                if (keys[i] == key) {
                    return i;
                }
            }
            if (allInterned && ChunkReader.Keys.isKnown(key)) {
                return -1; // an interned name present here would have matched by identity
            }
            if (key instanceof String) {
                int h = key.hashCode();
                for (int i = 0; i < size; i++) {
                    if (keys[i].hashCode() == h && keys[i].equals(key)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        public String toString() {
            return text(this, kept);
        }
    }

    /** A JSON array of any values. */
    static final class Arr extends AbstractList<JsonValue> implements JsonArrayView, RandomAccess, Spanned {
        private final JsonValue[] values;
        private final int size;
        private final byte[] source;
        private final int from;
        private final int to;
        private final boolean canonical;
        /** Set by the reader: the value of a member WireJson keeps as exact text. */
        boolean kept;

        Arr(JsonValue[] values, int size, byte[] source, int from, int to, boolean canonical) {
            this.values = values;
            this.size = size;
            this.source = source;
            this.from = from;
            this.to = to;
            this.canonical = canonical;
        }

        JsonValue[] valueArray() {
            return values;
        }

        @Override
        public byte[] source() {
            return source;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return to;
        }

        @Override
        public boolean canonical() {
            return canonical;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.ARRAY;
        }

        @Override
        public JsonValue get(int index) {
            Objects.checkIndex(index, size);
            return values[index];
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public String toString() {
            return text(this, kept);
        }
    }

    /**
     * A non-empty array of {@code int}s (token ids, byte values): the {@link IntJsonArray} {@code WireJson}
     * builds for them, plus where its text sits in the event.
     */
    static final class Ints extends IntJsonArray implements Spanned {
        private final byte[] source;
        private final int from;
        private final int to;
        private final boolean canonical;
        /** Set by the reader: the value of a member WireJson keeps as exact text. */
        boolean kept;

        Ints(int[] values, byte[] source, int from, int to, boolean canonical) {
            super(values);
            this.source = source;
            this.from = from;
            this.to = to;
            this.canonical = canonical;
        }

        @Override
        public byte[] source() {
            return source;
        }

        @Override
        public int from() {
            return from;
        }

        @Override
        public int to() {
            return to;
        }

        @Override
        public boolean canonical() {
            return canonical;
        }

        @Override
        public String toString() {
            return kept ? text(this, true) : super.toString();
        }
    }

    /** A string, decoded from its (validated) bytes on first access. */
    static final class Str implements JsonString {
        private final byte[] source;
        private final int from;
        private final int length;
        /** 0: ASCII without escapes; 1: UTF-8 without escapes; 2: with escapes. */
        private final int form;
        private String value;

        Str(byte[] source, int from, int length, int form) {
            this.source = source;
            this.from = from;
            this.length = length;
            this.form = form;
        }

        /** Whether the string is empty, without decoding it. */
        boolean empty() {
            return length == 0;
        }

        @Override
        public String getString() {
            String s = value;
            if (s == null) {
                value = s = form == 0 ? new String(source, from, length, StandardCharsets.ISO_8859_1)
                        : form == 1 ? new String(source, from, length, StandardCharsets.UTF_8)
                        : unescape(source, from, from + length);
            }
            return s;
        }

        @Override
        public CharSequence getChars() {
            return getString();
        }

        @Override
        public ValueType getValueType() {
            return ValueType.STRING;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JsonString && getString().equals(((JsonString) o).getString());
        }

        @Override
        public int hashCode() {
            return getString().hashCode();
        }

        @Override
        public String toString() {
            return text(this, false);
        }

        /** Decodes text the reader has validated: escapes are complete, the bytes between them are UTF-8. */
        private static String unescape(byte[] b, int from, int to) {
            return RawJsonSupport.access().decodeString(b, from, to);
        }
    }

    /**
     * A number with a fraction or an exponent, keeping its text. Values follow {@link BigDecimal} of that text,
     * as the exact-text numbers {@code WireJson} builds do; {@link #doubleValue()} takes
     * {@link BigDecimal#doubleValue()}'s own exact shortcut for short literals without building one.
     */
    static final class Num implements JsonNumberView {
        private static final double[] TENS = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
            1e19, 1e20, 1e21, 1e22
        };

        private final byte[] source;
        private final int from;
        private final int length;
        private BigDecimal value;

        Num(byte[] source, int from, int length) {
            this.source = source;
            this.from = from;
            this.length = length;
        }

        @Override
        public BigDecimal bigDecimalValue() {
            BigDecimal v = value;
            if (v == null) {
                value = v = new BigDecimal(toString());
            }
            return v;
        }

        @Override
        public double doubleValue() {
            if (value != null) {
                return value.doubleValue();
            }
            // BigDecimal.doubleValue(): an unscaled value below 2^52 with |scale| < 23 is divided or multiplied
            // by an exact power of ten (one correctly rounded operation); anything else goes through the text
            byte[] b = source;
            int i = from;
            int end = from + length;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            long unscaled = 0;
            int digits = 0;
            int scale = 0;
            boolean fraction = false;
            for (; i < end; i++) {
                int c = b[i];
                if (c >= '0' && c <= '9') {
                    if (digits >= 17) {
                        return bigDecimalValue().doubleValue();
                    }
                    unscaled = unscaled * 10 + (c - '0');
                    if (unscaled != 0) {
                        digits++;
                    }
                    if (fraction) {
                        scale++;
                    }
                } else if (c == '.') {
                    fraction = true;
                } else {
                    break; // 'e' or 'E'
                }
            }
            if (i < end) {
                i++;
                boolean minus = b[i] == '-';
                if (b[i] == '-' || b[i] == '+') {
                    i++;
                }
                int exponent = 0;
                for (; i < end; i++) {
                    exponent = exponent * 10 + (b[i] - '0');
                    if (exponent > 1000) {
                        return bigDecimalValue().doubleValue();
                    }
                }
                scale -= minus ? -exponent : exponent;
            }
            if (negative) {
                unscaled = -unscaled;
            }
            if (scale == 0) {
                return (double) unscaled;
            }
            if (Math.abs(unscaled) < 1L << 52) {
                if (scale > 0 && scale < TENS.length) {
                    return (double) unscaled / TENS[scale];
                } else if (scale < 0 && scale > -TENS.length) {
                    return (double) unscaled * TENS[-scale];
                }
            }
            return bigDecimalValue().doubleValue();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof JsonNumber && bigDecimalValue().equals(((JsonNumber) o).bigDecimalValue());
        }

        @Override
        public int hashCode() {
            return bigDecimalValue().hashCode();
        }

        @Override
        public String toString() {
            return new String(source, from, length, StandardCharsets.ISO_8859_1);
        }
    }
}
