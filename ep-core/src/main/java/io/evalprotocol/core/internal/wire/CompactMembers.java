package io.evalprotocol.core.internal.wire;

/**
 * Walks the top-level members of one compact JSON object held as UTF-8 bytes (the text of an exact-text
 * value, which is always compact and well-formed), without decoding anything: each member is reported as
 * byte ranges of its quoted key and of its value.
 */
public final class CompactMembers {
    /** Receives one member; ranges are {@code [start, end)} into the walked array. */
    @FunctionalInterface
    public interface Visitor {
        void member(byte[] json, int keyStart, int keyEnd, int valueStart, int valueEnd);
    }

    private CompactMembers() {}

    /**
     * @throws IllegalArgumentException when the text is not a compact JSON object
     */
    public static void forEach(byte[] json, Visitor visitor) {
        forEach(json, 0, json.length, visitor);
    }

    /**
     * Walks the object whose text is {@code [from, to)} of {@code json}.
     *
     * @throws IllegalArgumentException when the text is not a compact JSON object
     */
    public static void forEach(byte[] json, int from, int to, Visitor visitor) {
        int n = to;
        if (n - from < 2 || json[from] != '{' || json[n - 1] != '}') {
            throw new IllegalArgumentException("not a compact JSON object");
        }
        int i = from + 1;
        if (json[i] == '}') {
            return;
        }
        while (true) {
            if (json[i] != '"') {
                throw new IllegalArgumentException("expected a key at byte " + i);
            }
            int keyStart = i;
            i = skipString(json, i);
            int keyEnd = i;
            if (json[i] != ':') {
                throw new IllegalArgumentException("expected ':' at byte " + i);
            }
            int valueStart = ++i;
            i = skipValue(json, i);
            visitor.member(json, keyStart, keyEnd, valueStart, i);
            if (json[i] == ',') {
                i++;
            } else if (json[i] == '}' && i == n - 1) {
                return;
            } else {
                throw new IllegalArgumentException("unexpected byte at " + i);
            }
        }
    }

    /** The index just past the string starting (with its quote) at {@code i}. */
    static int skipString(byte[] json, int i) {
        i++;
        while (true) {
            byte b = json[i];
            if (b == '\\') {
                i += 2;
            } else if (b == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
    }

    /** The index just past the value starting at {@code i}. */
    static int skipValue(byte[] json, int i) {
        byte b = json[i];
        if (b == '"') {
            return skipString(json, i);
        }
        if (b == '{' || b == '[') {
            int depth = 0;
            while (true) {
                b = json[i];
                if (b == '"') {
                    i = skipString(json, i);
                    continue;
                }
                if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
        }
        while (i < json.length && json[i] != ',' && json[i] != '}' && json[i] != ']') {
            i++;
        }
        return i;
    }
}
