package io.evalprotocol.core.internal.sse;

import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonValue;

/**
 * The shape of one stream event that {@link ChunkReader} read in full: its text cut into fixed parts (names,
 * punctuation, the containers) and leaves (scalars, int arrays, empty containers, lent payloads), with the
 * values read for both. The events of one stream repeat one envelope ({@code id}, {@code object},
 * {@code created}, {@code model}, {@code choices[0].index}, ...), so the next event is usually the same text with
 * a few leaves changed: the reader then compares the fixed parts as bytes, reads only the leaves whose text
 * differs, and rebuilds only the containers that hold them. Any other text falls back to the full read.
 *
 * <p>Only canonical events (compact, the writer's escapes) are learned, so every container built from a
 * template is canonical as well, provided the leaves read into it are.
 */
final class ChunkTemplate {
    /** Templates of larger events are not worth their arrays: such events are rare and read in full. */
    static final int MAX_NODES = 256;

    /** The learned event's text (the reader's padded copy) and its length. */
    byte[] text;
    int length;

    /** Leaves in document order: text {@code [start, end)}, their container (a container id) and place in it. */
    int leaves;
    final int[] leafStart = new int[MAX_NODES];
    final int[] leafEnd = new int[MAX_NODES];
    final int[] leafParent = new int[MAX_NODES];
    final int[] leafIndex = new int[MAX_NODES];
    /** Whether the leaf is the value of a member WireJson keeps as exact text (read as such when it changes). */
    final boolean[] leafKept = new boolean[MAX_NODES];
    /**
     * Whether the leaf's text differed in the last event read through this template: the reader compares runs of
     * leaves that did not, with the fixed text around them, at once, and reads those that did without first
     * comparing them.
     */
    final boolean[] changedLast = new boolean[MAX_NODES];

    /** Containers by id, ids in the order their text starts (the root is 0). */
    int containers;
    final int[] start = new int[MAX_NODES];
    final int[] end = new int[MAX_NODES];
    final int[] parent = new int[MAX_NODES];
    final int[] index = new int[MAX_NODES];
    /** Nesting depth of the container itself as the reader counts it (the root object is 1). */
    final int[] depth = new int[MAX_NODES];
    /** The first leaf inside the container, and the first leaf after it. */
    final int[] firstLeaf = new int[MAX_NODES];
    final int[] afterLeaf = new int[MAX_NODES];
    /** The values the full read built, to be reused where nothing inside changed. */
    final JsonValue[] value = new JsonValue[MAX_NODES];
    /** Of each container: its names (null for an array), its values and their count, as the full read built them. */
    final String[][] keys = new String[MAX_NODES][];
    final JsonValue[][] values = new JsonValue[MAX_NODES][];
    final int[] size = new int[MAX_NODES];
    /** Container ids children first (post-order): the order in which changed containers are rebuilt. */
    final int[] postOrder = new int[MAX_NODES];
    private int post;

    /**
     * Learns the event {@code text[0, length)} that was read into {@code root}, replacing what this template
     * held; false (and the template holds nothing usable) when the event is not worth one (too many nodes) or
     * its text is not as compact as a template needs.
     */
    boolean learn(byte[] text, int length, ChunkJson.Obj root) {
        this.text = text;
        this.length = length;
        leaves = 0;
        containers = 0;
        post = 0;
        if (!root.canonical() || root.to() != length || root.from() != 0) {
            return false;
        }
        try {
            return container(root, 0, -1, -1, 1) == length;
        } catch (TooLarge | ArrayIndexOutOfBoundsException x) {
            return false;
        }
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private static final TooLarge TOO_LARGE = new TooLarge();

    /** Walks the container {@code v} whose text starts at {@code p}; returns the index past its end. */
    private int container(JsonValue v, int p, int parentId, int indexInParent, int d) {
        if (containers == MAX_NODES) {
            throw TOO_LARGE;
        }
        int id = containers++;
        start[id] = p;
        parent[id] = parentId;
        index[id] = indexInParent;
        depth[id] = d;
        value[id] = v;
        firstLeaf[id] = leaves;
        int q = p + 1;
        if (v instanceof ChunkJson.Obj) {
            ChunkJson.Obj o = (ChunkJson.Obj) v;
            keys[id] = o.keyArray();
            values[id] = o.valueArray();
            size[id] = o.size();
            for (int i = 0; i < o.size(); i++) {
                q = skipString(q) + 1; // the name and its colon: compact text
                String key = o.keyAt(i);
                q = node(o.valueAt(i), q, id, i, d, key == "logprobs" || key == "raw_output"
                        || key == "prompt_logprobs" || WireJson.RAW_KEYS.contains(key));
                q++; // ',' or '}'
            }
        } else {
            ChunkJson.Arr a = (ChunkJson.Arr) v;
            keys[id] = null;
            values[id] = a.valueArray();
            size[id] = a.size();
            for (int i = 0; i < a.size(); i++) {
                q = node(a.get(i), q, id, i, d, false);
                q++; // ',' or ']'
            }
        }
        end[id] = q;
        afterLeaf[id] = leaves;
        postOrder[post++] = id;
        return q;
    }

    private int node(JsonValue v, int p, int parentId, int indexInParent, int d, boolean kept) {
        if (v instanceof ChunkJson.Obj && ((ChunkJson.Obj) v).size() > 0
                || v instanceof ChunkJson.Arr && ((ChunkJson.Arr) v).size() > 0) {
            if (text[p] != '{' && text[p] != '[') {
                throw TOO_LARGE; // cannot happen for text the reader built these values from
            }
            return container(v, p, parentId, indexInParent, d + 1);
        }
        if (leaves == MAX_NODES) {
            throw TOO_LARGE;
        }
        int k = leaves++;
        leafStart[k] = p;
        leafParent[k] = parentId;
        leafIndex[k] = indexInParent;
        leafKept[k] = kept;
        changedLast[k] = false;
        int e = skipLeaf(p);
        leafEnd[k] = e;
        return e;
    }

    /** The end of the leaf (a scalar, an int array, an empty or lent container) starting at {@code p}. */
    private int skipLeaf(int p) {
        byte c = text[p];
        if (c == '"') {
            return skipString(p);
        }
        if (c == '{' || c == '[') {
            int level = 0;
            int q = p;
            while (true) {
                byte x = text[q];
                if (x == '"') {
                    q = skipString(q);
                    continue;
                }
                if (x == '{' || x == '[') {
                    level++;
                } else if (x == '}' || x == ']') {
                    if (--level == 0) {
                        return q + 1;
                    }
                }
                q++;
            }
        }
        int q = p;
        while (q < length && text[q] != ',' && text[q] != '}' && text[q] != ']') {
            q++;
        }
        return q;
    }

    /** The index past the string (quotes included) starting at {@code p}. */
    private int skipString(int p) {
        int q = p + 1;
        while (true) {
            byte x = text[q];
            if (x == '\\') {
                q += 2;
            } else if (x == '"') {
                return q + 1;
            } else {
                q++;
            }
        }
    }
}
