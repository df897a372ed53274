package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level reading of compact, well-formed UTF-8 JSON text (the text of a {@link RawJsonValue}, which the
 * codec has validated and compacted): skipping values, indexing containers, comparing keys and decoding
 * strings, without building any JSON-P tree.
 *
 * <p>Because the text is compact, positions are enough to recover every range: in an array, element
 * {@code j} spans {@code [start[j], start[j+1] - 1)} (the byte before the next start is the comma, or the
 * closing bracket for the last element); in an object, member {@code m}'s key spans
 * {@code [keyStart + 1, valueStart - 2)} (between its quotes, before the colon) and its value ends one byte
 * before the next member's key (or the closing brace). Indexes therefore hold two ints per member and one
 * per element.
 */
final class RawText {
    private RawText() {
    }

    // ---- skipping --------------------------------------------------------------------------------------

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** What a byte means to the container scan outside strings. */
    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte[] CLASS = new byte[256];

    static {
        CLASS['"'] = QUOTE;
        CLASS['{'] = OPEN;
        CLASS['['] = OPEN;
        CLASS['}'] = CLOSE;
        CLASS[']'] = CLOSE;
    }

    /**
     * The index just past the closing quote of the string whose body starts at {@code i}. Looks at eight bytes
     * at a time for a quote or a backslash (multi-byte UTF-8 never contains either).
     */
    static int skipStringBody(byte[] b, int i) {
        int limit = b.length - 8;
        while (true) {
            while (i <= limit) {
                long w = (long) LONGS.get(b, i);
                long q = w ^ QUOTES;
                long s = w ^ BACKSLASHES;
                // the lowest flagged byte is exactly the first quote or backslash
                long hit = ((q - ONES) & ~q | (s - ONES) & ~s) & HIGHS;
                if (hit != 0) {
                    i += Long.numberOfTrailingZeros(hit) >>> 3;
                    break;
                }
                i += 8;
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    /** The index just past the object or array starting at {@code i}. */
    static int skipContainer(byte[] b, int i) {
        int depth = 0;
        while (true) {
            byte t = CLASS[b[i++] & 0xFF];
            if (t == PLAIN) {
                continue;
            }
            if (t == QUOTE) {
                i = skipStringBody(b, i);
            } else if (t == OPEN) {
                depth++;
            } else if (--depth == 0) {
                return i;
            }
        }
    }

    /** The index just past the value starting at {@code i}, which is inside a container. */
    static int skipValue(byte[] b, int i) {
        byte c = b[i];
        if (c == '"') {
            return skipStringBody(b, i + 1);
        }
        if (c == '{' || c == '[') {
            return skipContainer(b, i);
        }
        // a number or literal always ends at a delimiter inside a container
        do {
            c = b[++i];
        } while (c != ',' && c != '}' && c != ']');
        return i;
    }

    // ---- indexes ---------------------------------------------------------------------------------------

    /** A growable int list. */
    static final class Ints {
        int[] a;
        int n;

        Ints(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n + (n >> 1) + 16);
            }
            a[n++] = v;
        }

        /** The values, in an array trimmed when more than a quarter is unused. */
        int[] trimmed() {
            return a.length - n > (a.length >> 2) ? Arrays.copyOf(a, n) : a;
        }
    }

    /**
     * Positions of an array's elements, and of the top-level members of its elements that are objects, found
     * in one pass. Immutable once built.
     */
    static final class ArrayIndex {
        /** Element count. */
        final int size;
        /** {@code size + 1} entries: element starts, then the array's end. */
        final int[] starts;
        /**
         * Null when no element is an object; else {@code size + 1} entries: element {@code j}'s members are
         * pairs {@code memberFrom[j] .. memberFrom[j+1]} (in pairs) of {@link #members}.
         */
        final int[] memberFrom;
        /** (keyStart, valueStart) pairs of the members of object elements, null when none. */
        final int[] members;

        ArrayIndex(int size, int[] starts, int[] memberFrom, int[] members) {
            this.size = size;
            this.starts = starts;
            this.memberFrom = memberFrom;
            this.members = members;
        }
    }

    /** An object's members: (keyStart, valueStart) pairs in {@code pairs}. Immutable once built. */
    static final class ObjectIndex {
        final int[] pairs;
        final int count;
        /** The index just past the closing brace. */
        final int end;
        /** The index of the value of the member a lookup asked for, when that scan built it; else null. */
        final Object child;
        final int childMember;

        ObjectIndex(int[] pairs, int count, int end, Object child, int childMember) {
            this.pairs = pairs;
            this.count = count;
            this.end = end;
            this.child = child;
            this.childMember = childMember;
        }
    }

    /**
     * Indexes the array starting at {@code from} in one pass: element starts and, for object elements, their
     * members' positions. Its end is {@code starts[size]}.
     */
    static ArrayIndex indexArray(byte[] b, int from, int sizeHint) {
        int i = from + 1;
        if (b[i] == ']') {
            return new ArrayIndex(0, new int[] {i + 1}, null, null);
        }
        int estimate = Math.min(1 << 16, sizeHint / 32 + 4);
        Ints starts = new Ints(estimate);
        Ints memberFrom = null;
        Ints members = null;
        while (true) {
            starts.add(i);
            if (b[i] == '{') {
                if (memberFrom == null) {
                    memberFrom = new Ints(estimate);
                    for (int k = 0; k < starts.n; k++) {
                        memberFrom.add(0);
                    }
                    members = new Ints(estimate * 8);
                } else {
                    memberFrom.add(members.n);
                }
                i++;
                if (b[i] == '}') {
                    i++;
                } else {
                    while (true) {
                        members.add(i);
                        i = skipStringBody(b, i + 1) + 1; // past the key and its colon
                        members.add(i);
                        i = skipValue(b, i);
                        if (b[i++] == '}') {
                            break;
                        }
                    }
                }
            } else {
                if (memberFrom != null) {
                    memberFrom.add(members.n);
                }
                i = skipValue(b, i);
            }
            if (b[i] == ']') {
                starts.add(i + 1);
                if (memberFrom != null) {
                    memberFrom.add(members.n);
                }
                break;
            }
            i++;
        }
        return new ArrayIndex(starts.n - 1, starts.trimmed(),
                memberFrom == null ? null : memberFrom.trimmed(), members == null ? null : members.trimmed());
    }

    /**
     * Indexes the object starting at {@code from}: its members' (keyStart, valueStart) pairs. When {@code key}
     * is given and the value of its last occurrence is a container, that value is indexed in the same pass (the
     * scan has to cross it anyway) and returned in {@link ObjectIndex#child}.
     */
    static ObjectIndex indexObject(byte[] b, int from, Key key) {
        int i = from + 1;
        if (b[i] == '}') {
            return new ObjectIndex(new int[0], 0, i + 1, null, -1);
        }
        Ints pairs = new Ints(16);
        Object child = null;
        int childMember = -1;
        while (true) {
            int keyStart = i;
            i = skipStringBody(b, i + 1) + 1;
            pairs.add(keyStart);
            pairs.add(i);
            if (key != null && key.matches(b, keyStart + 1, i - 2)) {
                // a later duplicate replaces an earlier one, as in JSON-P's reader
                child = null;
                childMember = -1;
                byte c = b[i];
                if (c == '[') {
                    // the array cannot outrun the buffer: a small value must not get a megabyte-sized scratch index
                    ArrayIndex a = indexArray(b, i, Math.min(1 << 20, b.length - i));
                    child = a;
                    childMember = pairs.n / 2 - 1;
                    i = a.starts[a.size];
                } else if (c == '{') {
                    ObjectIndex o = indexObject(b, i, null);
                    child = o;
                    childMember = pairs.n / 2 - 1;
                    i = o.end;
                } else {
                    i = skipValue(b, i);
                }
            } else {
                i = skipValue(b, i);
            }
            if (b[i++] == '}') {
                break;
            }
        }
        return new ObjectIndex(pairs.trimmed(), pairs.n / 2, i, child, childMember);
    }

    // ---- keys ------------------------------------------------------------------------------------------

    /** A lookup key with its UTF-8 bytes, so that member keys without escapes compare as bytes. */
    static final class Key {
        final String string;
        final byte[] utf8;
        /** The key has characters whose UTF-8 bytes could equal escaped text, so compare decoded strings. */
        final boolean decodeOnly;

        private Key(String string) {
            this.string = string;
            this.utf8 = string.getBytes(StandardCharsets.UTF_8);
            boolean d = false;
            for (int k = 0; k < string.length() && !d; k++) {
                char ch = string.charAt(k);
                if (ch == '\\') {
                    d = true;
                } else if (Character.isHighSurrogate(ch)) {
                    // a pair encodes to UTF-8; a lone surrogate becomes '?', which must not match a literal '?'
                    d = k + 1 == string.length() || !Character.isLowSurrogate(string.charAt(++k));
                } else if (Character.isLowSurrogate(ch)) {
                    d = true;
                }
            }
            this.decodeOnly = d;
        }

        private static final Key[] CACHE = new Key[64];

        /** The key for {@code s}; extractors look up the same few literal keys millions of times. */
        static Key of(String s) {
            int h = s.hashCode();
            int slot = (h ^ h >>> 16) & (CACHE.length - 1);
            Key k = CACHE[slot];
            if (k == null || k.string != s && !k.string.equals(s)) {
                k = new Key(s);
                CACHE[slot] = k;
            }
            return k;
        }

        /** Whether the key text between {@code [s, e)} (without quotes) decodes to this key. */
        boolean matches(byte[] b, int s, int e) {
            if (decodeOnly) {
                return decodeStringBody(b, s, e).equals(string);
            }
            int len = e - s;
            if (len < utf8.length) {
                return false; // escapes only make text longer than its UTF-8
            }
            if (len == utf8.length) {
                // equal bytes without a backslash are the same string; with one, the decoded text is shorter
                for (int k = 0; k < len; k++) {
                    if (b[s + k] != utf8[k]) {
                        return false;
                    }
                }
                return true;
            }
            for (int k = s; k < e; k++) {
                if (b[k] == '\\') {
                    return decodeStringBody(b, s, e).equals(string);
                }
            }
            return false;
        }
    }

    // ---- values ----------------------------------------------------------------------------------------

    /** The value whose text is {@code [from, to)}: a slice for containers and numbers, decoded otherwise. */
    static JsonValue value(byte[] b, int from, int to) {
        switch (b[from]) {
            case '{':
                return new RawJsonObject(b, from, to);
            case '[':
                return new RawJsonArray(b, from, to);
            case '"':
                return JsonP.provider().createValue(decodeStringBody(b, from + 1, to - 1));
            case 't':
                return JsonValue.TRUE;
            case 'f':
                return JsonValue.FALSE;
            case 'n':
                return JsonValue.NULL;
            default:
                return number(b, from, to);
        }
    }

    /**
     * A number as JSON-P's own reader would type it: small integers as JSON-P ints (cheap, and what token ids
     * are), everything else as an exact-text number.
     */
    static JsonValue number(byte[] b, int from, int to) {
        int len = to - from;
        boolean negative = b[from] == '-';
        int digits = negative ? len - 1 : len;
        if (digits >= 1 && digits <= 9 && !(negative && digits == 1 && b[from + 1] == '0')) {
            int v = 0;
            for (int k = negative ? from + 1 : from; k < to; k++) {
                int d = b[k] - '0';
                if (d < 0 || d > 9) {
                    return new RawJsonNumber(b, from, to, false);
                }
                v = v * 10 + d;
            }
            return JsonP.provider().createValue(negative ? -v : v);
        }
        return new RawJsonNumber(b, from, to, false);
    }

    /** Decodes the string body {@code [s, e)} (between the quotes). */
    static String decodeStringBody(byte[] b, int s, int e) {
        int k = s;
        while (k < e && b[k] != '\\') {
            k++;
        }
        if (k == e) {
            return new String(b, s, e - s, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(e - s);
        int seg = s;
        while (k < e) {
            if (b[k] != '\\') {
                k++;
                continue;
            }
            if (k > seg) {
                // a backslash never occurs inside a multi-byte UTF-8 sequence, so segments are whole characters
                sb.append(new String(b, seg, k - seg, StandardCharsets.UTF_8));
            }
            byte c = b[k + 1];
            switch (c) {
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'u':
                    sb.append((char) (hex(b[k + 2]) << 12 | hex(b[k + 3]) << 8 | hex(b[k + 4]) << 4 | hex(b[k + 5])));
                    k += 4;
                    break;
                default: // '"', '\\', '/'
                    sb.append((char) c);
                    break;
            }
            k += 2;
            seg = k;
        }
        if (seg < e) {
            sb.append(new String(b, seg, e - seg, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalStateException("not a hex digit in trusted JSON text: " + (char) c);
    }
}
