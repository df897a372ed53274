package io.evalprotocol.core.internal.sse;

import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.json.CanonicalJson;
import io.evalprotocol.core.internal.wire.WireJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the JSON object of one stream event into {@link ChunkJson} values: one validating pass over the bytes,
 * strings and float numbers left undecoded until somebody reads them. A long stream is thousands of small
 * events, and building them as Jackson-parsed JSON-P trees cost most of a streamed rollout's decode time.
 *
 * <p>It takes strict RFC 8259 JSON within the client's limits and nothing else: for any text it does not take
 * (malformed, a limit reached or nearly, a duplicate key, invalid UTF-8, an exponent out of range) it returns
 * null, and the caller reads the event with {@code WireJson}, which either builds the same values or gives
 * the exact error. It never accepts text that {@code WireJson} rejects, and what it builds is equal, value by
 * value, to what {@code WireJson} builds (tests compare both on generated events).
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class ChunkReader {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Thrown (preallocated, no stack) when the text is not for this reader. */
    private static final class NotMine extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotMine() {
            super(null, null, false, false);
        }
    }

    private static final NotMine NOT_MINE = new NotMine();

    /** Bytes that need no attention inside a string: printable ASCII except {@code "} and {@code \}. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    /** Bytes past the event's end in the reader's copy of it. */
    private static final int PAD = 16;

    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;

    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    /** Counts what makes text differ from what {@code CompactJson} writes (whitespace, other escapes). */
    private int irregular;
    private int[] intScratch = new int[16];
    /** The previous event (the reader's copy) and how many leading bytes this one shares with it. */
    private byte[] previous;
    private int previousLength;
    private int common;
    /** Whether the last {@link #key()} was one of the interned names. */
    private boolean keyInterned;
    private final boolean templates;
    private final boolean lendPayloads;
    /** The shape of the last event read in full that could be learnt, or null; and a spare one to learn into. */
    private ChunkTemplate template;
    private ChunkTemplate spareTemplate;
    /** Events read through a template (tests check that the path they compare is taken). */
    int templateReads;
    /** Scratch of {@link #fromTemplate}, by leaf: the new value of a changed leaf, and the shift before it. */
    private final JsonValue[] leafValues = new JsonValue[ChunkTemplate.MAX_NODES];
    private final int[] shift = new int[ChunkTemplate.MAX_NODES + 1];
    /** Scratch of {@link #fromTemplate}, by container: the values of a container to rebuild, else null. */
    private final JsonValue[][] rebuilt = new JsonValue[ChunkTemplate.MAX_NODES][];

    public ChunkReader(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, true, false);
    }

    /**
     * @param templates whether events shaped like the last one read in full are read through its
     *     {@link ChunkTemplate} (tests turn it off to compare both ways)
     * @param lendPayloads whether a kept payload ({@code logprobs}, ...) whose text is canonical is lent as a
     *     {@link io.evalprotocol.api.RawJsonValue} slice of the event instead of being read into values
     */
    public ChunkReader(int maxNestingDepth, int maxStringLength, int maxNumberLength, boolean templates,
            boolean lendPayloads) {
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
        this.templates = templates;
        this.lendPayloads = lendPayloads;
    }

    /**
     * The object in {@code buf[off, off + len)}, or null when this reader does not take the text (the caller
     * then reads it with {@code WireJson}). The bytes are copied: the result never refers to {@code buf}.
     */
    public JsonObject read(byte[] buf, int off, int len) {
        // padded, so that member names can be compared eight bytes at a time
        b = Arrays.copyOfRange(buf, off, off + len + PAD);
        pos = 0;
        end = len;
        depth = 0;
        irregular = 0;
        try {
            if (template != null) {
                JsonObject o;
                try {
                    o = fromTemplate(template);
                } catch (NotMine | ArrayIndexOutOfBoundsException e) {
                    // a leaf that does not parse may just be where another shape differs: the full read decides
                    o = null;
                }
                if (o != null) {
                    templateReads++;
                    return o;
                }
                pos = 0;
                depth = 0;
                irregular = 0;
            }
            // members inside the text this event shares with the previous one are that event's members, unread
            if (previous != null) {
                int m = Arrays.mismatch(previous, 0, previousLength, b, 0, len);
                common = m < 0 ? Math.min(previousLength, len) : m;
            }
            skipSpace();
            if (pos >= end || b[pos] != '{') {
                return null;
            }
            ChunkJson.Obj o = object(1);
            skipSpace();
            if (pos != end) {
                return null;
            }
            if (templates) {
                // learnt into the spare one, so that a text that cannot be learnt leaves the last template
                ChunkTemplate t = spareTemplate != null ? spareTemplate : new ChunkTemplate();
                if (t.learn(b, len, o)) {
                    spareTemplate = template;
                    template = t;
                } else {
                    spareTemplate = t;
                }
            }
            return o;
        } catch (NotMine | ArrayIndexOutOfBoundsException e) {
            return null;
        } finally {
            previous = b;
            previousLength = len;
            b = null;
        }
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                irregular++;
                pos++;
            } else {
                return;
            }
        }
    }

    private JsonValue value(int slot) {
        if (pos >= end) {
            throw NOT_MINE;
        }
        switch (b[pos]) {
            case '{':
                return object(slot);
            case '[':
                return array(slot);
            case '"':
                return string();
            case 't':
                literal('t', 'r', 'u', 'e');
                return JsonValue.TRUE;
            case 'f':
                if (pos + 5 > end || b[pos + 1] != 'a' || b[pos + 2] != 'l' || b[pos + 3] != 's' || b[pos + 4] != 'e') {
                    throw NOT_MINE;
                }
                pos += 5;
                return JsonValue.FALSE;
            case 'n':
                literal('n', 'u', 'l', 'l');
                return JsonValue.NULL;
            default:
                return number();
        }
    }

    private void literal(char c0, char c1, char c2, char c3) {
        if (pos + 4 > end || b[pos] != c0 || b[pos + 1] != c1 || b[pos + 2] != c2 || b[pos + 3] != c3) {
            throw NOT_MINE;
        }
        pos += 4;
    }

    private void enter() {
        // WireJson's limit counts the same nesting; stopping one short leaves the exact boundary to it
        if (++depth >= maxNestingDepth) {
            throw NOT_MINE;
        }
    }

    /**
     * An object; {@code slot} names its place in the event (the member and element indices leading to it), so
     * that a member whose text is byte for byte the one at the same place in the previous event (the envelope:
     * {@code id}, {@code model}, {@code index}, ...) takes that event's values instead of being parsed again.
     */
    private ChunkJson.Obj object(int slot) {
        int from = pos;
        int mark = irregular;
        enter();
        pos++;
        skipSpace();
        String[] keys = null;
        JsonValue[] values = null;
        int n = 0;
        // members whose names are not interned (bit i for member i; all members past 63 count as such)
        long plainNames = 0;
        if (pos < end && b[pos] == '}') {
            pos++;
        } else {
            keys = new String[8];
            values = new JsonValue[8];
            while (true) {
                if (pos >= end || b[pos] != '"') {
                    throw NOT_MINE;
                }
                int memberSlot = slot * 17 + n + 1;
                Memo m = memo[memberSlot & MEMO_MASK];
                String key;
                JsonValue v;
                boolean interned;
                boolean known = m.slot == memberSlot && m.depth == depth;
                if (known && (m.source == previous && m.from == pos && m.to < common || m.matches(b, pos, end))) {
                    key = m.key;
                    interned = m.interned;
                    v = m.value;
                    int len = m.to - m.from;
                    // the same text now stands here: the next event compares with this one
                    m.source = b;
                    m.from = pos;
                    pos += len;
                    m.to = pos;
                    irregular += m.irregular;
                } else {
                    int start = pos;
                    int before = irregular;
                    if (known && m.interned && m.sameKey(b, pos, end)) {
                        // the value differs, the name rarely does (an interned name has no escapes to count)
                        key = m.key;
                        interned = m.interned;
                        pos += m.keyLength;
                    } else {
                        key = key();
                        interned = keyInterned;
                    }
                    int keyLength = pos - start;
                    skipSpace();
                    if (pos >= end || b[pos] != ':') {
                        throw NOT_MINE;
                    }
                    pos++;
                    skipSpace();
                    if (interned ? key == "logprobs" || key == "raw_output" || key == "prompt_logprobs"
                            : WireJson.RAW_KEYS.contains(key)) {
                        v = keptValue(memberSlot);
                    } else {
                        v = value(memberSlot);
                    }
                    m.set(memberSlot, depth, b, start, pos, keyLength, key, interned, v, irregular - before);
                }
                // two interned names are the same name only if they are the same object
                for (int i = 0; i < n; i++) {
                    if (keys[i] == key || (!interned || i > 63 || (plainNames & 1L << i) != 0) && keys[i].equals(key)) {
                        throw NOT_MINE; // JSON-P keeps the last, in the first one's place: leave that to WireJson
                    }
                }
                if (!interned && n < 64) {
                    plainNames |= 1L << n;
                }
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                keys[n] = key;
                values[n++] = v;
                if (!more('}')) {
                    break;
                }
            }
        }
        depth--;
        return new ChunkJson.Obj(keys, values, n, b, from, pos, irregular == mark, plainNames == 0 && n <= 64);
    }

    private static final int MEMO_MASK = 63;
    private final Memo[] memo = new Memo[MEMO_MASK + 1];

    {
        for (int i = 0; i < memo.length; i++) {
            memo[i] = new Memo();
        }
    }

    /** The last member parsed at one place of an event: its text and what it was read into. */
    private static final class Memo {
        int slot;
        int depth;
        byte[] source;
        int from;
        int to;
        /** The length of the quoted name. */
        int keyLength;
        String key;
        boolean interned;
        JsonValue value;
        int irregular;
        /** Whether the last comparison matched: a member that keeps changing is compared once in eight events. */
        boolean lastMatched = true;
        int misses;

        void set(int slot, int depth, byte[] source, int from, int to, int keyLength, String key, boolean interned,
                JsonValue value, int irregular) {
            this.interned = interned;
            this.slot = slot;
            this.depth = depth;
            this.source = source;
            this.from = from;
            this.to = to;
            this.keyLength = keyLength;
            this.key = key;
            this.value = value;
            this.irregular = irregular;
        }

        /**
         * Whether {@code b} holds this member's text at {@code at}, ending there: the same bytes followed by what
         * ends a member, so that a number or literal cannot run on.
         */
        boolean matches(byte[] b, int at, int end) {
            if (!lastMatched && (++misses & 7) != 0) {
                return false;
            }
            int len = to - from;
            lastMatched = at + len < end && ends(b[at + len]) && same(source, from, b, at, len);
            return lastMatched;
        }

        /** Whether {@code b} holds this member's quoted name at {@code at}, followed by ':' or space. */
        boolean sameKey(byte[] b, int at, int end) {
            int len = keyLength;
            if (at + len >= end) {
                return false;
            }
            byte next = b[at + len];
            return (next == ':' || next == ' ' || next == '\t' || next == '\n' || next == '\r')
                    && same(source, from, b, at, len);
        }

        private static boolean ends(byte next) {
            return next == ',' || next == '}' || next == ' ' || next == '\n' || next == '\r' || next == '\t';
        }
    }

    /** Whether {@code a[ai, ai + len)} equals {@code b[bi, bi + len)}; both arrays are padded reader copies. */
    private static boolean same(byte[] a, int ai, byte[] b, int bi, int len) {
        if (len > 24) {
            return Arrays.equals(a, ai, ai + len, b, bi, bi + len);
        }
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if ((long) LONGS.get(a, ai + i) != (long) LONGS.get(b, bi + i)) {
                return false;
            }
        }
        if (i < len) {
            long mask = (1L << ((len - i) << 3)) - 1;
            return (((long) LONGS.get(a, ai + i) ^ (long) LONGS.get(b, bi + i)) & mask) == 0;
        }
        return true;
    }

    /** A slot no member uses: leaves read through a template need no memo. */
    private static final int NO_SLOT = -1;

    /**
     * The event read through {@code t}, or null when its text is not shaped like the template's (the caller
     * then reads it in full). The fixed parts are compared as bytes, a leaf whose text and next byte are the
     * template's keeps its value, any other leaf is read as {@link #value} reads it (so any JSON value may stand
     * there, within the limits), and the containers holding changed leaves are rebuilt around the template's
     * names. Text the template covers is canonical; a leaf read with anything irregular gives up the template.
     */
    private JsonObject fromTemplate(ChunkTemplate t) {
        int changed = match(t, false, 0, false);
        return changed < 0 ? null : build(t, changed);
    }

    /** What {@link #match} returns when the event is shaped like the template but not a plain chunk. */
    private static final int NOT_PLAIN = -2;
    /** The value {@link #match} records for a changed leaf it only validated (a {@code FREE} leaf). */
    private static final JsonValue SKIPPED = JsonValue.EMPTY_JSON_ARRAY;

    /**
     * Compares the event with {@code t} and reads its changed leaves into {@link #leafValues}; the number of
     * changed leaves, or -1 when the event is not shaped like the template. With {@code plain} (a plain template),
     * {@code FREE} leaves are only validated, and a changed leaf that a plain chunk may not have there gives
     * {@link #NOT_PLAIN}. Either way nothing is committed ({@code changedLast}) when it does not succeed.
     */
    private int match(ChunkTemplate t, boolean plain, int start, boolean open) {
        byte[] tb = t.text;
        boolean[] moved = t.changedLast;
        int tp = 0;
        int np = start;
        int n = t.leaves;
        int changed = 0;
        int k = 0;
        while (k < n) {
            if (!moved[k]) {
                // leaves that did not change last time, with the fixed text around them, in one comparison
                int v = k + 1;
                while (v < n && !moved[v]) {
                    v++;
                }
                int runEnd = v < n ? t.leafStart[v] : t.length;
                int len = runEnd - tp;
                if (np + len <= end && same(tb, tp, b, np, len)) {
                    for (int j = k; j < v; j++) {
                        shift[j] = np - tp;
                    }
                    np += len;
                    tp = runEnd;
                    k = v;
                    continue;
                }
            }
            shift[k] = np - tp;
            int ls = t.leafStart[k];
            int le = t.leafEnd[k];
            if (!moved[k]) {
                // the fixed text before the leaf, the leaf and the byte after it (so that a number cannot run on)
                int span = le + 1 - tp;
                if (np + span <= end && same(tb, tp, b, np, span)) {
                    np += le - tp;
                    tp = le;
                    k++;
                    continue;
                }
            }
            int fixed = ls - tp;
            if (np + fixed > end || !same(tb, tp, b, np, fixed)) {
                clearLeaves(changed);
                return -1;
            }
            pos = np + fixed;
            depth = t.depth[t.leafParent[k]];
            byte role = t.role[k];
            JsonValue v = plain ? typedLeaf(role, k) : null;
            if (v == null) {
                v = t.leafKept[k] ? keptValue(NO_SLOT) : value(NO_SLOT);
            }
            if (irregular != 0) {
                clearLeaves(changed);
                return -1;
            }
            // the same text after all: the template's value serves (a plain chunk takes the same value again)
            if (plain || pos - (np + fixed) != le - ls || !same(tb, ls, b, np + fixed, le - ls)) {
                if (plain && v != TYPED && v != SKIPPED && !PlainView.fits(role, v)) {
                    clearLeaves(changed);
                    return NOT_PLAIN;
                }
                leafValues[k] = v;
                changedAt[changed++] = k;
            }
            np = pos;
            tp = le;
            k++;
        }
        shift[n] = np - tp;
        int rest = t.length - tp;
        if ((open ? np + rest > end : np + rest != end) || !same(tb, tp, b, np, rest)) {
            clearLeaves(changed);
            return -1;
        }
        matchedEnd = np + rest;
        return changed;
    }

    /** The event {@link #match} matched with {@code t}, as JSON-P: the containers holding changed leaves rebuilt. */
    private JsonObject build(ChunkTemplate t, int changed) {
        commitChanged(t, changed);
        for (int i = 0; i < changed; i++) {
            int k = changedAt[i];
            valuesToRebuild(t, t.leafParent[k])[t.leafIndex[k]] = leafValues[k];
            leafValues[k] = null;
        }
        if (changed == 0) {
            return (JsonObject) t.value[0];
        }
        JsonValue root = null;
        for (int i = 0; i < t.containers; i++) {
            int c = t.postOrder[i];
            JsonValue[] values = rebuilt[c];
            if (values == null) {
                continue;
            }
            rebuilt[c] = null;
            int from = t.start[c] + shift[t.firstLeaf[c]];
            int to = t.end[c] + shift[t.afterLeaf[c]];
            JsonValue built;
            String[] names = t.keys[c];
            if (names != null) {
                ChunkJson.Obj o = (ChunkJson.Obj) t.value[c];
                ChunkJson.Obj copy = new ChunkJson.Obj(names, values, values.length, b, from, to, true,
                        o.allInterned());
                copy.kept = o.kept;
                built = copy;
            } else {
                ChunkJson.Arr copy = new ChunkJson.Arr(values, values.length, b, from, to, true);
                copy.kept = ((ChunkJson.Arr) t.value[c]).kept;
                built = copy;
            }
            int p = t.parent[c];
            if (p < 0) {
                root = built;
            } else {
                valuesToRebuild(t, p)[t.index[c]] = built;
            }
        }
        return (JsonObject) root;
    }

    /** The value {@link #match} records for a changed leaf it read typed, into the scratch below. */
    private static final JsonValue TYPED = JsonValue.EMPTY_JSON_OBJECT;
    /** Scratch of {@link #typedLeaf}, by leaf. */
    private final double[] leafNumber = new double[ChunkTemplate.MAX_NODES];
    private final long[] leafInteger = new long[ChunkTemplate.MAX_NODES];
    private final boolean[] leafEmpty = new boolean[ChunkTemplate.MAX_NODES];
    /** The {@code token_ids} {@link #typedLeaf} read (a plain template has one such leaf). */
    private int[] ids = new int[16];
    private int idsCount;

    /**
     * Reads a changed leaf of {@code role} (at {@link #pos}) the way a plain chunk wants it, accepting exactly the
     * text {@link #value} accepts there: {@link #TYPED} (values in the scratch), {@link #SKIPPED} (validated only),
     * or null with {@link #pos} unmoved when the text is not of the usual form, for {@link #value} to read.
     */
    private JsonValue typedLeaf(byte role, int k) {
        int at = pos;
        byte c = b[pos];
        switch (role) {
            case ChunkTemplate.LOGPROB:
            case ChunkTemplate.SAMPLING:
                if (c == '-' || c >= '0' && c <= '9') {
                    int p = scanNumber();
                    if (!scannedIntegral) {
                        leafNumber[k] = new ChunkJson.Num(b, at, p - at).doubleValue();
                        pos = p;
                        return TYPED;
                    }
                }
                return null; // integers: as value() reads them
            case ChunkTemplate.INDEX:
            case ChunkTemplate.TOKEN_ID: {
                long v = memberInt();
                if (v == NO_INT || v < (role == ChunkTemplate.INDEX ? 0 : -1)) {
                    pos = at;
                    return null;
                }
                leafInteger[k] = v;
                return TYPED;
            }
            case ChunkTemplate.TOKEN:
                if (c != '"') {
                    return null;
                }
                pos++;
                scanString();
                leafEmpty[k] = pos == at + 1;
                pos++;
                return TYPED;
            case ChunkTemplate.TOKEN_IDS:
                if (c == '[' && plainInts(true)) {
                    return TYPED;
                }
                pos = at;
                return null;
            case ChunkTemplate.FREE:
                if (c == '[') {
                    if (plainInts(false)) {
                        return SKIPPED;
                    }
                    pos = at;
                    return null;
                }
                if (c == '{') {
                    return null; // value() declines duplicate names, as the full read does
                }
                skipValue();
                return SKIPPED;
            default:
                return null;
        }
    }

    /**
     * An integer member value of at most 9 digits followed by {@code ,} or <code>}</code>, consumed, as
     * {@link #number} reads it; else {@link #NO_INT} (with {@link #pos} anywhere).
     */
    private long memberInt() {
        int p = pos;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int start = p;
        long v = 0;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            p++;
        }
        int digits = p - start;
        if (digits == 0 || digits > 9 || digits > 1 && b[start] == '0' || negative && v == 0 || p >= end
                || p - pos > maxNumberLength || b[p] != ',' && b[p] != '}') {
            return NO_INT;
        }
        pos = p;
        return negative ? -v : v;
    }

    /**
     * An array of plain ints written compactly (no space), which {@link #array} reads as the same ints, consumed;
     * into {@link #ids} with {@code keep}. False, with {@link #pos} unmoved, for anything else (and, kept, an id
     * below 0): {@link #value} then reads it.
     */
    private boolean plainInts(boolean keep) {
        if (depth + 1 >= maxNestingDepth) {
            return false; // value() declines it
        }
        int p = pos + 1;
        int n = 0;
        if (p < end && b[p] == ']') {
            p++;
        } else {
            while (true) {
                boolean negative = p < end && b[p] == '-';
                if (negative) {
                    if (keep) {
                        return false;
                    }
                    p++;
                }
                int start = p;
                long v = 0;
                while (p < end) {
                    int d = b[p] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    v = v * 10 + d;
                    p++;
                }
                int digits = p - start;
                if (digits == 0 || digits > 9 || digits > 1 && b[start] == '0' || negative && v == 0 || p >= end) {
                    return false;
                }
                if (keep) {
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n] = (int) v;
                }
                n++;
                byte c = b[p++];
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    return false;
                }
            }
        }
        pos = p;
        if (keep) {
            idsCount = n;
        }
        return true;
    }

    /** The event {@link #match} matched with the plain template {@code t}, as {@link #plainView}. */
    private PlainView fillPlain(ChunkTemplate t, int offset, int len, int changed) {
        PlainView view = plainView;
        view.reset(t, b, offset, len);
        commitChanged(t, changed);
        for (int i = 0; i < changed; i++) {
            int k = changedAt[i];
            JsonValue v = leafValues[k];
            leafValues[k] = null;
            byte role = t.role[k];
            if (v == TYPED) {
                if (role == ChunkTemplate.TOKEN_IDS) {
                    view.putIds(ids, idsCount);
                } else {
                    view.putTyped(role, t.leafEntry[k], leafNumber[k], leafInteger[k], leafEmpty[k]);
                }
            } else {
                view.put(role, t.leafEntry[k], v);
            }
        }
        if (t.logprobs) {
            if (t.contentContainer >= 0) {
                int c = t.contentContainer;
                view.contentFrom = t.start[c] + shift[t.firstLeaf[c]];
                view.contentTo = t.end[c] + shift[t.afterLeaf[c]];
            } else {
                int k = t.contentLeaf;
                view.contentFrom = t.leafStart[k] + shift[k];
                view.contentTo = view.contentFrom + 2; // []
            }
        }
        return view;
    }

    /**
     * Reads plain chunks ({@link PlainView}) through {@link #readPlain} from now on; {@code wire} reads the events
     * whose JSON-P a caller asks for and that this reader does not take.
     */
    public void readPlainChunks(WireJson wire) {
        this.wire = wire;
        if (plainView == null) {
            plainView = new PlainView(this);
        }
    }

    /**
     * The event in {@code buf[off, off + len)} as a plain chunk, when it is one shaped like the last event read in
     * full; else null, and the caller reads it with {@link #read}. The view is this reader's, refilled by the next
     * call; its values never refer to {@code buf}.
     */
    public PlainView readPlain(byte[] buf, int off, int len) {
        ChunkTemplate t = template;
        if (plainView == null || t == null || !t.plain) {
            return null;
        }
        b = Arrays.copyOfRange(buf, off, off + len + PAD);
        pos = 0;
        end = len;
        depth = 0;
        irregular = 0;
        int changed;
        try {
            changed = match(t, true, 0, false);
        } catch (NotMine | ArrayIndexOutOfBoundsException e) {
            changed = -1;
        }
        if (changed < 0) {
            if (changed == NOT_PLAIN && ++t.plainMisses == 4) {
                t.plain = false; // events of this shape keep being not plain: stop trying them
            }
            b = null;
            return null;
        }
        templateReads++;
        t.plainMisses = 0;
        PlainView view = fillPlain(t, 0, len, changed);
        previous = b;
        previousLength = len;
        b = null;
        return view;
    }

    /**
     * The event whose data start at {@code buf[from]} as a plain chunk, read where it stands (not copied), when it
     * is one shaped like the last event read in full, ends before {@code limit} and is followed by two LFs (an
     * event of one {@code data:} line); else null. A plain chunk's text holds no CR or LF: its fixed parts are the
     * template's compact text, its leaves JSON values without raw control characters or whitespace. The view and
     * its values refer to {@code buf}: they are valid only until the caller returns.
     */
    public PlainView readPlainInPlace(byte[] buf, int from, int limit) {
        ChunkTemplate t = template;
        if (plainView == null || t == null || !t.plain) {
            return null;
        }
        b = buf;
        pos = from;
        end = limit;
        depth = 0;
        irregular = 0;
        int changed;
        try {
            changed = match(t, true, from, true);
        } catch (NotMine | ArrayIndexOutOfBoundsException e) {
            changed = -1;
        }
        if (changed >= 0 && (matchedEnd + 1 >= limit || buf[matchedEnd] != '\n' || buf[matchedEnd + 1] != '\n')) {
            clearLeaves(changed);
            changed = -1;
        }
        if (changed < 0) {
            // the caller frames the event and reads it again: a shape that is not plain is counted then
            b = null;
            return null;
        }
        templateReads++;
        t.plainMisses = 0;
        PlainView view = fillPlain(t, from, matchedEnd - from, changed);
        b = null;
        return view;
    }

    /** Where {@link #match} found the matched event's text to end. */
    private int matchedEnd;

    /** The JSON-P object of an event read as a plain chunk. */
    JsonObject readInFull(byte[] text, int offset, int length) {
        if (fullReader == null) {
            fullReader = new ChunkReader(maxNestingDepth, maxStringLength, maxNumberLength, false, false);
        }
        JsonObject o = fullReader.read(text, offset, length);
        return o != null ? o : wire.readEvent(text, offset, length, 0);
    }

    private WireJson wire;
    private PlainView plainView;
    private ChunkReader fullReader;

    /** Scratch of {@link #match}: the changed leaves, in order. */
    private final int[] changedAt = new int[ChunkTemplate.MAX_NODES];

    /** Records the {@code changed} leaves in {@link #changedAt} as the ones that changed in the last event. */
    private static void commitChanged(ChunkTemplate t, int changed, int[] changedAt) {
        boolean[] moved = t.changedLast;
        for (int i = 0; i < t.movedCount; i++) {
            moved[t.moved[i]] = false;
        }
        for (int i = 0; i < changed; i++) {
            moved[changedAt[i]] = true;
        }
        System.arraycopy(changedAt, 0, t.moved, 0, changed);
        t.movedCount = changed;
    }

    private void commitChanged(ChunkTemplate t, int changed) {
        commitChanged(t, changed, changedAt);
    }

    /** The values of container {@code c} being rebuilt: the template's, copied on first use. */
    private JsonValue[] valuesToRebuild(ChunkTemplate t, int c) {
        JsonValue[] v = rebuilt[c];
        if (v == null) {
            v = Arrays.copyOf(t.values[c], t.size[c]);
            rebuilt[c] = v;
        }
        return v;
    }

    /** Drops the values {@link #match} read for the first {@code changed} leaves of {@link #changedAt}. */
    private void clearLeaves(int changed) {
        for (int i = 0; i < changed; i++) {
            leafValues[changedAt[i]] = null;
        }
    }

    /**
     * The value of a member WireJson keeps as exact text (its {@code RAW_KEYS}): a container whose text is
     * already canonical (what WireJson's kept copy would be) is validated without building anything and lent as
     * a {@link io.evalprotocol.api.RawJsonValue} slice of the event's copy, the value WireJson builds for it; other
     * text is read again into {@link ChunkJson} values marked as kept, whose canonical text is written when needed.
     */
    private JsonValue keptValue(int slot) {
        if (pos >= end) {
            throw NOT_MINE;
        }
        byte c = b[pos];
        if (c != '{' && c != '[') {
            return value(slot);
        }
        if (!lendPayloads) {
            JsonValue v = value(slot);
            kept(v);
            return v;
        }
        int from = pos;
        int mark = irregular;
        int d = depth;
        skipValue();
        if (irregular == mark) {
            return RawJsonSupport.access().trusted(b, from, pos - from);
        }
        pos = from;
        irregular = mark;
        depth = d;
        JsonValue v = value(slot);
        kept(v);
        return v;
    }

    /**
     * Validates one value exactly as {@link #value} does (same limits, same text declined) without building it,
     * counting {@link #irregular} text alike. Duplicate names are not looked for: inside a kept payload they stay
     * in the text, as WireJson keeps them.
     */
    private void skipValue() {
        if (pos >= end) {
            throw NOT_MINE;
        }
        switch (b[pos]) {
            case '{':
                enter();
                pos++;
                skipSpace();
                if (pos < end && b[pos] == '}') {
                    pos++;
                } else {
                    while (true) {
                        if (pos >= end || b[pos] != '"') {
                            throw NOT_MINE;
                        }
                        pos++;
                        scanString();
                        pos++;
                        skipSpace();
                        if (pos >= end || b[pos] != ':') {
                            throw NOT_MINE;
                        }
                        pos++;
                        skipSpace();
                        skipValue();
                        if (!more('}')) {
                            break;
                        }
                    }
                }
                depth--;
                return;
            case '[':
                enter();
                pos++;
                skipSpace();
                if (pos < end && b[pos] == ']') {
                    pos++;
                } else {
                    do {
                        skipValue();
                    } while (more(']'));
                }
                depth--;
                return;
            case '"':
                pos++;
                scanString();
                pos++;
                return;
            case 't':
                literal('t', 'r', 'u', 'e');
                return;
            case 'n':
                literal('n', 'u', 'l', 'l');
                return;
            case 'f':
                if (pos + 5 > end || b[pos + 1] != 'a' || b[pos + 2] != 'l' || b[pos + 3] != 's' || b[pos + 4] != 'e') {
                    throw NOT_MINE;
                }
                pos += 5;
                return;
            default:
                pos = scanNumber();
        }
    }

    /** After a member or element: true at a comma (consumed, space after it too), false at {@code close}. */
    private boolean more(char close) {
        skipSpace();
        if (pos >= end) {
            throw NOT_MINE;
        }
        byte c = b[pos++];
        if (c == ',') {
            skipSpace();
            return true;
        }
        if (c != close) {
            throw NOT_MINE;
        }
        return false;
    }

    /** Marks the value of a member that WireJson keeps as exact text (its {@code RAW_KEYS}). */
    private static void kept(JsonValue v) {
        if (!(v instanceof ChunkJson.Spanned)) {
            return;
        }
        if (v instanceof ChunkJson.Obj) {
            ((ChunkJson.Obj) v).kept = true;
        } else if (v instanceof ChunkJson.Arr) {
            ((ChunkJson.Arr) v).kept = true;
        } else {
            ((ChunkJson.Ints) v).kept = true;
        }
    }

    private JsonValue array(int slot) {
        int from = pos;
        int mark = irregular;
        enter();
        pos++;
        skipSpace();
        if (pos < end && b[pos] == ']') {
            pos++;
            depth--;
            return new ChunkJson.Arr(new JsonValue[0], 0, b, from, pos, irregular == mark);
        }
        // leading plain ints (token ids, byte values) go to an int[]; the first other element ends that
        int[] ints = intScratch;
        int n = 0;
        JsonValue[] values = null;
        while (true) {
            if (values == null) {
                int at = pos;
                long v = plainInt();
                if (v != NO_INT) {
                    if (n == ints.length) {
                        ints = intScratch = Arrays.copyOf(ints, n * 2);
                    }
                    ints[n++] = (int) v;
                } else {
                    pos = at;
                    values = new JsonValue[Math.max(8, n * 2)];
                    for (int i = 0; i < n; i++) {
                        values[i] = PROVIDER.createValue(ints[i]);
                    }
                    values[n] = value(slot * 17 + n + 1);
                    n++;
                }
            } else {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n] = value(slot * 17 + n + 1);
                n++;
            }
            if (!more(']')) {
                break;
            }
        }
        depth--;
        boolean canonical = irregular == mark;
        if (values == null) {
            return new ChunkJson.Ints(Arrays.copyOf(ints, n), b, from, pos, canonical);
        }
        return new ChunkJson.Arr(values, n, b, from, pos, canonical);
    }

    private static final long NO_INT = Long.MIN_VALUE;

    /**
     * An integer literal of at most 9 digits (so it fits an {@code int}) followed by a delimiter, consumed;
     * else {@link #NO_INT} with the position left anywhere ({@code "-0"} too: it keeps its sign as text).
     */
    private long plainInt() {
        int p = pos;
        boolean negative = false;
        if (p < end && b[p] == '-') {
            negative = true;
            p++;
        }
        int start = p;
        long v = 0;
        while (p < end) {
            int c = b[p] - '0';
            if (c < 0 || c > 9) {
                break;
            }
            v = v * 10 + c;
            p++;
        }
        int digits = p - start;
        if (digits == 0 || digits > 9 || (digits > 1 && b[start] == '0') || (negative && v == 0) || p >= end) {
            return NO_INT;
        }
        byte c = b[p];
        if (c != ',' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            return NO_INT;
        }
        pos = p;
        return negative ? -v : v;
    }

    /** Whether the number {@link #scanNumber} last scanned is an integer literal (no fraction, no exponent). */
    private boolean scannedIntegral;

    /** Validates the number at {@link #pos} (not past {@code end}); returns the index after it. */
    private int scanNumber() {
        int start = pos;
        int p = pos;
        if (b[p] == '-') {
            p++;
        }
        int intStart = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        int intDigits = p - intStart;
        if (intDigits == 0 || (intDigits > 1 && b[intStart] == '0')) {
            throw NOT_MINE;
        }
        boolean integral = true;
        if (p < end && b[p] == '.') {
            integral = false;
            int f = ++p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == f) {
                throw NOT_MINE;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            integral = false;
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int e = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            // a huge exponent may be out of BigDecimal's range: WireJson decides
            if (p == e || p - e > 8) {
                throw NOT_MINE;
            }
        }
        if (p - start > maxNumberLength) {
            throw NOT_MINE;
        }
        scannedIntegral = integral;
        return p;
    }

    private JsonValue number() {
        int start = pos;
        int p = scanNumber();
        boolean integral = scannedIntegral;
        int len = p - start;
        int intStart = b[start] == '-' ? start + 1 : start;
        int intDigits = p - intStart;
        pos = p;
        if (!integral) {
            return new ChunkJson.Num(b, start, len);
        }
        // as WireJson: int, then long, else exact text; "-0" keeps its sign as text
        if (len == 2 && b[start] == '-' && b[start + 1] == '0') {
            return RawJsonSupport.access().trusted(new byte[] {'-', '0'});
        }
        if (intDigits <= 18) {
            long v = 0;
            for (int i = intStart; i < p; i++) {
                v = v * 10 + (b[i] - '0');
            }
            if (start != intStart) {
                v = -v;
            }
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? PROVIDER.createValue((int) v)
                    : PROVIDER.createValue(v);
        }
        String text = new String(b, start, len, StandardCharsets.ISO_8859_1);
        try {
            return PROVIDER.createValue(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return RawJsonSupport.access().trusted(Arrays.copyOfRange(b, start, p));
        }
    }

    private ChunkJson.Str string() {
        int start = ++pos;
        int form = scanString();
        int len = pos - start;
        pos++; // the closing quote
        return new ChunkJson.Str(b, start, len, form);
    }

    /**
     * Validates string content from {@link #pos} up to (not past) its closing quote; the form as {@link ChunkJson.Str}
     * takes it.
     */
    private int scanString() {
        int start = pos;
        int form = 0;
        int p = pos;
        while (true) {
            // eight plain bytes at a time: none is '"', '\\', a control character or non-ASCII
            while (p + 8 <= end) {
                long w = (long) LONGS.get(b, p);
                long quote = w ^ QUOTES;
                long slash = w ^ BACKSLASHES;
                long special = ((quote - ONES) & ~quote | (slash - ONES) & ~slash | (w - SPACES) | w) & HIGHS;
                if (special != 0) {
                    p += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                p += 8;
            }
            while (p < end && PLAIN[b[p] & 0xFF]) {
                p++;
            }
            if (p >= end) {
                throw NOT_MINE;
            }
            int c = b[p] & 0xFF;
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                form = 2;
                p = escape(p);
            } else if (c >= 0x80) {
                form = Math.max(form, 1);
                p = utf8(p, c);
            } else {
                throw NOT_MINE; // a raw control character
            }
        }
        if (p - start > maxStringLength) {
            throw NOT_MINE; // WireJson counts characters; bytes are never fewer, so it decides the close cases
        }
        pos = p;
        return form;
    }

    /** A key: the interned name for the keys chunks use, so that lookups by literal compare identities. */
    private String key() {
        int start = ++pos;
        int form = scanString();
        int len = pos - start;
        pos++;
        if (form == 0) {
            String known = Keys.lookup(b, start, len);
            if (known != null) {
                keyInterned = true;
                return known;
            }
        }
        keyInterned = false;
        return new ChunkJson.Str(b, start, len, form).getString();
    }

    /** Checks the escape at {@code p}; returns the index after it. */
    private int escape(int p) {
        if (p + 1 >= end) {
            throw NOT_MINE;
        }
        switch (b[p + 1]) {
            case '"':
            case '\\':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return p + 2;
            case '/':
                irregular++;
                return p + 2;
            case 'u': {
                if (p + 6 > end) {
                    throw NOT_MINE;
                }
                for (int i = p + 2; i < p + 6; i++) {
                    if (hex(b[i]) < 0) {
                        throw NOT_MINE;
                    }
                }
                if (!CanonicalJson.isCanonicalUnicodeEscape(b, p + 2, end)) {
                    irregular++;
                }
                return p + 6;
            }
            default:
                throw NOT_MINE;
        }
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Checks one well-formed UTF-8 sequence (no overlong form, no surrogate, at most U+10FFFF) at {@code p}. */
    private int utf8(int p, int c) {
        int extra;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            min = 0x10000;
        } else {
            throw NOT_MINE;
        }
        if (p + extra >= end) {
            throw NOT_MINE;
        }
        int cp = c & (0x3F >> extra);
        for (int k = 1; k <= extra; k++) {
            int d = b[p + k] & 0xFF;
            if ((d & 0xC0) != 0x80) {
                throw NOT_MINE;
            }
            cp = cp << 6 | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw NOT_MINE;
        }
        return p + extra + 1;
    }

    /** The member names of chat-completion chunks, interned, found by their first sixteen bytes. */
    static final class Keys {
        private static final String[] NAMES = {
            "id", "object", "created", "model", "system_fingerprint", "service_tier", "choices", "index", "delta",
            "message", "role", "content", "reasoning_content", "reasoning", "refusal", "tool_calls", "type",
            "function", "name", "arguments", "logprobs", "finish_reason", "stop_reason", "matched_stop", "token_ids",
            "prompt_token_ids", "raw_output", "prompt_logprobs", "usage", "prompt_tokens", "completion_tokens",
            "total_tokens", "prompt_tokens_details", "completion_tokens_details", "cached_tokens",
            "reasoning_tokens", "token", "logprob", "bytes", "top_logprobs", "token_id", "sampling_logprob",
            "error", "code", "param", "text", "tokens", "token_logprobs", "text_offset", "completion_token_ids",
            "completion_logprobs", "audio", "annotations", "kv_transfer_params"
        };
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.LITTLE_ENDIAN);
        private static final int MASK = 255;
        private static final String[] TABLE = new String[MASK + 1];
        private static final byte[][] BYTES = new byte[MASK + 1][];
        private static final long[] FIRST = new long[MASK + 1];
        private static final long[] SECOND = new long[MASK + 1];
        /** The interned names by {@code String.hashCode()}, for identity checks. */
        private static final String[] KNOWN = new String[MASK + 1];

        static {
            for (String name : NAMES) {
                byte[] k = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), name.length() + 16);
                int len = name.length();
                long w1 = word(k, 0, len);
                long w2 = len > 8 ? word(k, 8, len - 8) : 0;
                int h = slot(w1, len);
                while (TABLE[h] != null) {
                    h = (h + 1) & MASK;
                }
                TABLE[h] = name.intern();
                BYTES[h] = Arrays.copyOf(k, len);
                int i = TABLE[h].hashCode() & MASK;
                while (KNOWN[i] != null) {
                    i = (i + 1) & MASK;
                }
                KNOWN[i] = TABLE[h];
                FIRST[h] = w1;
                SECOND[h] = w2;
            }
        }

        private Keys() {}

        /** Up to eight bytes from {@code at} as a little-endian word; {@code a} has room to read eight. */
        private static long word(byte[] a, int at, int len) {
            long w = (long) LONGS.get(a, at);
            return len >= 8 ? w : w & ((1L << (len << 3)) - 1);
        }

        private static int slot(long w1, int len) {
            return (int) ((w1 * 0x9E3779B97F4A7C15L) >>> 56) ^ len & MASK;
        }

        /** Whether {@code key} is one of the interned names itself (the same object), by its cached hash. */
        static boolean isKnown(Object key) {
            if (!(key instanceof String)) {
                return false;
            }
            int h = key.hashCode();
            for (int i = h & MASK; KNOWN[i] != null; i = (i + 1) & MASK) {
                if (KNOWN[i] == key) {
                    return true;
                }
            }
            return false;
        }

        /** The interned name for the ASCII bytes {@code a[from, from + len)}, or null; {@code a} is padded. */
        static String lookup(byte[] a, int from, int len) {
            if (len == 0) {
                return null;
            }
            long w1 = word(a, from, len);
            long w2 = len > 8 ? word(a, from + 8, len - 8) : 0;
            for (int h = slot(w1, len); TABLE[h] != null; h = (h + 1) & MASK) {
                if (FIRST[h] == w1 && SECOND[h] == w2 && BYTES[h].length == len
                        && (len <= 16 || Arrays.equals(BYTES[h], 16, len, a, from + 16, from + len))) {
                    return TABLE[h];
                }
            }
            return null;
        }
    }
}
