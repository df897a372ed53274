package io.evalprotocol.core.internal.sse;

import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
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
    /** The leaves {@link #changedLast} holds as changed, and their count. */
    final int[] moved = new int[MAX_NODES];
    int movedCount;

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

    // ---- the plain shape (PlainChunk): what each leaf is, and the typed values the learned event has ----------

    /** A leaf whose text must stay the template's for an event to be read as a {@link PlainView}. */
    static final byte FIXED = 0;
    /** A leaf of a logprobs entry that nobody reads typed ({@code bytes}, {@code top_logprobs}): any value. */
    static final byte FREE = 1;
    static final byte INDEX = 2;
    static final byte CONTENT = 3;
    static final byte FINISH = 4;
    static final byte TOKEN_IDS = 5;
    static final byte LOGPROB = 6;
    static final byte SAMPLING = 7;
    static final byte TOKEN_ID = 8;
    static final byte TOKEN = 9;

    /** Whether events shaped like this one are plain chunks (then {@link #role} and the defaults below hold). */
    boolean plain;
    /** Events in a row shaped like this one that were not plain. */
    int plainMisses;
    final byte[] role = new byte[MAX_NODES];
    /** Of an entry leaf: its entry's index in {@code logprobs.content}. */
    final int[] leafEntry = new int[MAX_NODES];
    /** The learned event's typed values, which an event keeps where its leaves did not change. */
    int choiceIndex;
    /** {@code delta}: absent or null (false), or an object (true) with these members. */
    boolean deltaObject;
    String deltaRole;
    JsonValue content;
    JsonValue finish;
    /** {@code token_ids}, or null when absent or JSON null. */
    int[] tokenIds;
    /** {@code logprobs}: an object, with its {@code content} array as a container (or -1) or as an empty leaf. */
    boolean logprobs;
    int contentContainer;
    int contentLeaf;
    int entries;
    double[] logprob = new double[4];
    double[] sampling = new double[4];
    boolean[] hasSampling = new boolean[4];
    int[] tokenId = new int[4];
    boolean[] hasTokenId = new boolean[4];
    boolean[] tokenEmpty = new boolean[4];

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
        movedCount = 0;
        if (!root.canonical() || root.to() != length || root.from() != 0) {
            return false;
        }
        plain = false;
        plainMisses = 0;
        try {
            if (container(root, 0, -1, -1, 1) != length) {
                return false;
            }
        } catch (TooLarge | ArrayIndexOutOfBoundsException x) {
            return false;
        }
        java.util.Arrays.fill(role, 0, leaves, FIXED);
        plain = plainShape(root);
        return true;
    }

    private static final java.util.Set<String> ENVELOPE = java.util.Set.of("id", "object", "created", "model",
            "system_fingerprint", "service_tier");

    /** Whether the learned event is a plain chunk ({@link io.evalprotocol.spi.PlainChunk}); sets roles and defaults. */
    private boolean plainShape(ChunkJson.Obj root) {
        int choices = -1;
        for (int i = 0; i < root.size(); i++) {
            String key = root.keyAt(i);
            JsonValue v = root.valueAt(i);
            if (key.equals("choices")) {
                choices = containerOf(v);
            } else if (!ENVELOPE.contains(key)
                    || key.equals("object") && v instanceof JsonString && ((JsonString) v).getString().equals("error")) {
                return false;
            }
        }
        if (choices < 0 || keys[choices] != null || size[choices] != 1) {
            return false;
        }
        int choice = containerOf(values[choices][0]);
        if (choice < 0 || keys[choice] == null) {
            return false;
        }
        boolean hasIndex = false;
        deltaObject = false;
        deltaRole = null;
        content = null;
        finish = null;
        tokenIds = null;
        logprobs = false;
        contentContainer = -1;
        contentLeaf = -1;
        entries = 0;
        for (int i = 0; i < size[choice]; i++) {
            String key = keys[choice][i];
            JsonValue v = values[choice][i];
            int leaf = leafOf(choice, i);
            switch (key) {
                case "index":
                    if (leaf < 0 || !(v instanceof JsonNumber) || !isInt((JsonNumber) v, 0)) {
                        return false;
                    }
                    hasIndex = true;
                    choiceIndex = ((JsonNumber) v).intValue();
                    role[leaf] = INDEX;
                    break;
                case "delta":
                    if (!delta(v, leaf)) {
                        return false;
                    }
                    break;
                case "logprobs":
                    if (!logprobs(v, leaf)) {
                        return false;
                    }
                    break;
                case "finish_reason":
                    if (leaf < 0 || !(v instanceof JsonString || v == JsonValue.NULL)) {
                        return false;
                    }
                    finish = v;
                    role[leaf] = FINISH;
                    break;
                case "stop_reason":
                case "matched_stop":
                    if (v != JsonValue.NULL) {
                        return false;
                    }
                    break;
                case "token_ids":
                    if (leaf < 0 || !plainIds(v)) {
                        return false;
                    }
                    tokenIds = v instanceof ChunkJson.Ints ? ((ChunkJson.Ints) v).toIntArray()
                            : v == JsonValue.NULL ? null : new int[0];
                    role[leaf] = TOKEN_IDS;
                    break;
                default:
                    return false;
            }
        }
        return hasIndex;
    }

    private boolean delta(JsonValue v, int leaf) {
        if (v == JsonValue.NULL) {
            return true;
        }
        if (!(v instanceof ChunkJson.Obj)) {
            return false;
        }
        deltaObject = true;
        if (leaf >= 0) {
            return true; // {}
        }
        int c = containerOf(v);
        for (int i = 0; i < size[c]; i++) {
            String key = keys[c][i];
            JsonValue m = values[c][i];
            int l = leafOf(c, i);
            if (key.equals("content") && l >= 0 && (m instanceof JsonString || m == JsonValue.NULL)) {
                content = m;
                role[l] = CONTENT;
            } else if (key.equals("role") && m instanceof JsonString) {
                deltaRole = ((JsonString) m).getString();
            } else {
                return false;
            }
        }
        return true;
    }

    private boolean logprobs(JsonValue v, int leaf) {
        if (v == JsonValue.NULL) {
            return true;
        }
        if (leaf >= 0 || !(v instanceof ChunkJson.Obj)) {
            return false; // {} has no content: not plain
        }
        int c = containerOf(v);
        if (size[c] != 1 || !keys[c][0].equals("content")) {
            return false;
        }
        logprobs = true;
        JsonValue a = values[c][0];
        int l = leafOf(c, 0);
        if (l >= 0) {
            if (!(a instanceof ChunkJson.Arr) || ((ChunkJson.Arr) a).size() != 0) {
                return false;
            }
            contentLeaf = l; // []
            return true;
        }
        int arr = containerOf(a);
        if (keys[arr] != null) {
            return false;
        }
        contentContainer = arr;
        entries = size[arr];
        if (logprob.length < entries) {
            logprob = new double[entries];
            sampling = new double[entries];
            hasSampling = new boolean[entries];
            tokenId = new int[entries];
            hasTokenId = new boolean[entries];
            tokenEmpty = new boolean[entries];
        }
        for (int e = 0; e < entries; e++) {
            int entry = containerOf(values[arr][e]);
            if (entry < 0 || keys[entry] == null || !entry(entry, e)) {
                return false;
            }
        }
        return true;
    }

    private boolean entry(int c, int e) {
        boolean hasLogprob = false;
        hasSampling[e] = false;
        hasTokenId[e] = false;
        tokenEmpty[e] = false;
        sampling[e] = Double.NaN;
        tokenId[e] = -1;
        for (int k = firstLeaf[c]; k < afterLeaf[c]; k++) {
            role[k] = FREE;
            leafEntry[k] = e;
        }
        for (int i = 0; i < size[c]; i++) {
            String key = keys[c][i];
            JsonValue v = values[c][i];
            int l = leafOf(c, i);
            switch (key) {
                case "logprob":
                    if (l < 0 || !(v instanceof JsonNumber)) {
                        return false;
                    }
                    hasLogprob = true;
                    logprob[e] = ((JsonNumber) v).doubleValue();
                    role[l] = LOGPROB;
                    break;
                case "sampling_logprob":
                    if (l < 0 || !(v instanceof JsonNumber)) {
                        return false;
                    }
                    hasSampling[e] = true;
                    sampling[e] = ((JsonNumber) v).doubleValue();
                    role[l] = SAMPLING;
                    break;
                case "token_id":
                    if (l < 0 || !(v instanceof JsonNumber) || !isInt((JsonNumber) v, -1)) {
                        return false;
                    }
                    hasTokenId[e] = true;
                    tokenId[e] = ((JsonNumber) v).intValue();
                    role[l] = TOKEN_ID;
                    break;
                case "token":
                    if (l >= 0) {
                        tokenEmpty[e] = isEmptyString(v);
                        role[l] = TOKEN;
                    } // a container token is never empty: its leaves stay FREE
                    break;
                default:
                    break;
            }
        }
        return hasLogprob;
    }

    /** Whether {@code v} is an integer from {@code min} to {@link Integer#MAX_VALUE}. */
    static boolean isInt(JsonNumber v, long min) {
        if (!v.isIntegral()) {
            return false;
        }
        long x = v.longValue();
        return x >= min && x <= Integer.MAX_VALUE;
    }

    static boolean isEmptyString(JsonValue v) {
        return v instanceof ChunkJson.Str ? ((ChunkJson.Str) v).empty()
                : v instanceof JsonString && ((JsonString) v).getString().isEmpty();
    }

    /** {@code token_ids} a plain chunk may have: null, or ids from 0 ({@code []} too). */
    static boolean plainIds(JsonValue v) {
        if (v == JsonValue.NULL) {
            return true;
        }
        if (v instanceof ChunkJson.Ints) {
            for (int id : ((ChunkJson.Ints) v).toIntArray()) {
                if (id < 0) {
                    return false;
                }
            }
            return true;
        }
        return v instanceof ChunkJson.Arr && ((ChunkJson.Arr) v).size() == 0;
    }

    /** The container id of {@code v}, or -1 when it is a leaf. */
    private int containerOf(JsonValue v) {
        for (int id = 0; id < containers; id++) {
            if (value[id] == v) {
                return id;
            }
        }
        return -1;
    }

    /** The leaf at place {@code i} of container {@code c}, or -1 when a container stands there. */
    private int leafOf(int c, int i) {
        for (int k = firstLeaf[c]; k < afterLeaf[c]; k++) {
            if (leafParent[k] == c && leafIndex[k] == i) {
                return k;
            }
        }
        return -1;
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
