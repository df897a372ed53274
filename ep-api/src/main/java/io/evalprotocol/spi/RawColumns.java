package io.evalprotocol.spi;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.ContentColumns;
import io.evalprotocol.api.internal.RawJsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level twin of {@link LogprobColumns#readJsonP} and of {@link ChoiceReader#ids(jakarta.json.JsonArray,
 * String)}: reads the compact, validated UTF-8 text of a {@link RawJsonValue} directly, one pass, no object per
 * entry. Every value it does not read the plain way (wrong types, unusual number forms, errors) is made into
 * the same JSON-P value the view would give and handed to the same {@link ChoiceReader} method, so results and
 * messages cannot drift from the JSON-P path; {@code LogprobColumnsDifferentialTest} pins that.
 *
 * <p>A {@code logprobs} object that ep-core's body reader has read may carry the columns of its {@code content}
 * already ({@link ContentColumns}, filled during the reader's validating pass); {@link #appendContent} takes
 * them when they are exactly what this class would read ({@link LogprobColumns#appendPreRead}), and reads the
 * bytes otherwise. ep-core's {@code ContentColumnsDifferentialTest} holds the two to the same results.
 */
final class RawColumns {
    static final RawJsonSupport.Access RAW = RawJsonSupport.access();

    private static final int NONE = 0;
    private static final int LOGPROB = 1;
    private static final int SAMPLING = 2;
    private static final int TOKEN_ID = 3;
    private static final int TOKEN = 4;

    private static final byte[] K_LOGPROB = ascii("logprob");
    private static final byte[] K_SAMPLING = ascii("sampling_logprob");
    private static final byte[] K_TOKEN_ID = ascii("token_id");
    private static final byte[] K_TOKEN = ascii("token");
    private static final byte[] K_CONTENT = ascii("content");
    private static final byte[][] NAMES = {K_LOGPROB, K_SAMPLING, K_TOKEN_ID, K_TOKEN};
    /** Key text lengths a name can have with one or more {@code \\u} escapes (at most 6 bytes per character). */
    private static final boolean[] ESCAPED_LENGTHS = new boolean[6 * 16 + 1];

    static {
        for (byte[] name : NAMES) {
            for (int len = name.length + 5; len <= 6 * name.length; len += 5) {
                ESCAPED_LENGTHS[len] = true;
            }
        }
    }

    private RawColumns() {}

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- ids -----------------------------------------------------------------------------------------

    /**
     * The ids of a raw array when every element is a plain non-negative integer that fits an int and there are
     * at most {@code max}; null otherwise, and the caller's generic path then finds the error.
     */
    static int[] plainIds(RawJsonValue array, int max) {
        byte[] b = RAW.array(array);
        int from = RAW.offset(array);
        int to = from + RAW.length(array);
        if (to - from == 2) {
            return new int[0];
        }
        int n = 1;
        for (int i = from + 1; i < to - 1; i++) {
            if (b[i] == ',') {
                n++;
            }
        }
        if (n > max) {
            return null;
        }
        int[] out = new int[n];
        int k = 0;
        int i = from + 1;
        while (true) {
            long v = 0;
            int start = i;
            byte c;
            while ((c = b[i]) >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            // a comma inside a string makes n too large; such an element is not a plain id anyway
            if (digits == 0 || digits > 10 || v > Integer.MAX_VALUE || k == n) {
                return null;
            }
            out[k++] = (int) v;
            if (c == ']') {
                return k == n ? out : null;
            }
            if (c != ',') {
                return null; // a fraction or an exponent
            }
            i++;
        }
    }

    // ---- logprobs.content[] ----------------------------------------------------------------------------

    /** Appends the entries of the raw array {@code content} to {@code c}. */
    static void append(ChoiceReader r, RawJsonValue content, int offset, LogprobColumns c) {
        scan(r, RAW.array(content), RAW.offset(content), offset, c);
    }

    /** How many entries to allocate for an array of {@code bytes} bytes (entries are rarely under 48). */
    static int capacityFor(int bytes) {
        return Math.max(8, Math.min(bytes / 48, 1 << 20));
    }

    /** {@link #appendContent}: {@code logprobs} has no {@code content}, or it is null. */
    static final int NO_CONTENT = 0;
    /** {@link #appendContent}: the entries of {@code content} were appended. */
    static final int APPENDED = 1;
    /** {@link #appendContent}: {@code content} is neither an array nor null; the caller reports it. */
    static final int NOT_AN_ARRAY = 2;

    /**
     * Appends the entries of {@code logprobs.content}, walking the members of the {@code logprobs} object once,
     * without indexing {@code content} first: the last {@code content} member counts (JSON-P's rule for
     * duplicate keys). An earlier duplicate's entries, or its error, are dropped when a later one replaces it,
     * as the JSON-P view never sees that value.
     */
    static int appendContent(ChoiceReader r, RawJsonValue logprobs, int offset, LogprobColumns c) {
        if (!(logprobs instanceof JsonObject)) {
            return NOT_AN_ARRAY;
        }
        byte[] b = RAW.array(logprobs);
        ContentColumns pre = RAW.takeContentColumns(logprobs);
        if (pre != null && c.appendPreRead(pre, b, offset, r.maxTokenIds())) {
            return APPENDED; // the body reader read the entries while validating them: no second pass
        }
        int i = RAW.offset(logprobs) + 1;
        if (b[i] == '}') {
            return NO_CONTENT;
        }
        LogprobColumns.Mark before = c.mark();
        int found = NO_CONTENT;
        RuntimeException failure = null;
        while (true) {
            int ks = i + 1;
            int ke = RAW.skipStringBody(b, ks);
            int vs = ke + 1;
            if (keyIs(b, ks, ke - 1, K_CONTENT, "content")) {
                c.reset(before);
                failure = null;
                byte v = b[vs];
                if (v == '[') {
                    found = APPENDED;
                    try {
                        i = scan(r, b, vs, offset, c);
                    } catch (RuntimeException e) {
                        failure = e;
                        i = RAW.skipValue(b, vs);
                    }
                } else {
                    found = v == 'n' ? NO_CONTENT : NOT_AN_ARRAY;
                    i = RAW.skipValue(b, vs);
                }
            } else {
                i = RAW.skipValue(b, vs);
            }
            if (b[i++] == '}') {
                break;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return found;
    }

    /**
     * Appends the entries of the array starting at {@code from} to {@code c}; returns the index just past the
     * array. Errors follow the JSON-P path's order: the limit (which needs the whole count) first.
     */
    private static int scan(ChoiceReader r, byte[] b, int from, int offset, LogprobColumns c) {
        LogprobColumns.Spec spec = c.spec();
        int[] starts = c.startsBuffer(8);
        c.beginRead(b, starts);
        int i = from + 1;
        if (b[i] == ']') {
            r.checkLimit(offset, spec.path());
            starts[0] = i + 1;
            return i + 1;
        }
        int max = r.maxTokenIds();
        for (int k = 0;; k++) {
            if ((long) offset + k + 1 > max) {
                throw limit(r, b, from, spec, offset);
            }
            if (k + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                c.readStarts(starts);
            }
            starts[k] = i;
            c.reserve(1);
            try {
                i = entry(r, b, i, c, spec, offset + k);
            } catch (RuntimeException e) {
                if ((long) offset + count(b, from) > max) {
                    throw limit(r, b, from, spec, offset);
                }
                throw e;
            }
            if (b[i] == ']') {
                starts[k + 1] = i + 1;
                return i + 1;
            }
            i++;
        }
    }

    private static RuntimeException limit(ChoiceReader r, byte[] b, int from, LogprobColumns.Spec spec, int offset) {
        int n = count(b, from);
        return r.fail("`" + spec.path() + "` has " + ((long) offset + n) + " entries, more than the limit of "
                + r.maxTokenIds() + " (ExtractionContext.maxTokenIds)");
    }

    /** The element count of the array starting at {@code from}. */
    private static int count(byte[] b, int from) {
        int i = from + 1;
        if (b[i] == ']') {
            return 0;
        }
        int n = 0;
        while (true) {
            n++;
            i = RAW.skipValue(b, i);
            if (b[i++] == ']') {
                return n;
            }
        }
    }

    /** Reads the entry starting at {@code i} into row {@code g.size - 1}; returns the index past it. */
    private static int entry(ChoiceReader r, byte[] b, int i, LogprobColumns g, LogprobColumns.Spec spec, int at) {
        if (b[i] != '{') {
            int end = RAW.skipValue(b, i);
            throw r.notAnEntry(RAW.value(b, i, end), spec.path(), at);
        }
        int lp = -1;
        int lpEnd = -1;
        int sp = -1;
        int spEnd = -1;
        int id = -1;
        int idEnd = -1;
        int tk = -1;
        i++;
        if (b[i] == '}') {
            i++;
        } else {
            while (true) {
                int ks = i + 1;
                int ke = RAW.skipStringBody(b, ks);
                int vs = ke + 1;
                // a later duplicate overwrites an earlier one: the last value counts, as in a JSON-P object
                switch (field(b, ks, ke - 1)) {
                    case LOGPROB:
                        lp = vs;
                        i = lpEnd = valueEnd(b, vs);
                        break;
                    case SAMPLING:
                        sp = vs;
                        i = spEnd = valueEnd(b, vs);
                        break;
                    case TOKEN_ID:
                        id = vs;
                        i = idEnd = valueEnd(b, vs);
                        break;
                    case TOKEN:
                        tk = vs;
                        i = RAW.skipValue(b, vs);
                        break;
                    default:
                        i = RAW.skipValue(b, vs);
                        break;
                }
                if (b[i++] == '}') {
                    break;
                }
            }
        }
        int row = g.size;
        g.flags[row] = 0;
        g.logprob[row] = lp < 0 ? r.logprob(null, spec.logprobPath, at) : number(r, b, lp, lpEnd, spec.logprobPath, at);
        if (spec.readsSamplingLogprobs()) {
            if (sp < 0) {
                g.sampling[row] = Double.NaN;
            } else {
                g.sampling[row] = number(r, b, sp, spEnd, spec.samplingPath, at);
                g.flags[row] |= LogprobColumns.HAS_SAMPLING;
                g.samplingCount++;
            }
        }
        if (spec.readsTokenIds() && id >= 0) {
            int v = tokenId(r, b, id, idEnd, spec, at);
            g.tokenId[row] = v;
            g.flags[row] |= LogprobColumns.HAS_TOKEN_ID;
            g.tokenIdCount++;
            if (v == LogprobColumns.MISSING_TOKEN_ID) {
                g.missingCount++;
            }
        }
        if (spec.readsTokens()) {
            g.token[row] = tk >= 0 && b[tk] == '"' ? RAW.decodeString(b, tk + 1, RAW.skipStringBody(b, tk + 1) - 1) : null;
        }
        g.size++;
        return i;
    }

    /** The end of the member value starting at {@code p}: a number or literal ends at the next delimiter. */
    private static int valueEnd(byte[] b, int p) {
        byte c = b[p];
        if (c == '"' || c == '{' || c == '[') {
            return RAW.skipValue(b, p);
        }
        int i = p + 1;
        while ((c = b[i]) != ',' && c != '}') {
            i++;
        }
        return i;
    }

    /**
     * A logprob value {@code [p, end)}: a number or null the plain way; anything else through the JSON-P rule.
     */
    private static double number(ChoiceReader r, byte[] b, int p, int end, String path, int at) {
        byte c = b[p];
        if (c == 'n') {
            return Double.NaN;
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return RAW.doubleValue(b, p, end);
        }
        return r.logprob(RAW.value(b, p, end), path, at);
    }

    /** A token id {@code [p, end)}: plain integer text the plain way; anything else through the JSON-P rule. */
    private static int tokenId(ChoiceReader r, byte[] b, int p, int end, LogprobColumns.Spec spec, int at) {
        int i = p;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int start = i;
        byte c;
        while (i < end && (c = b[i]) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            i++;
        }
        int digits = i - start;
        if (i == end && digits > 0 && digits <= 18) {
            if (negative) {
                v = -v;
            }
            if (v >= 0 && v <= Integer.MAX_VALUE
                    || v == LogprobColumns.MISSING_TOKEN_ID && spec.allowsMissingTokenIds()) {
                return (int) v;
            }
        }
        JsonValue value = RAW.value(b, p, end);
        return spec.allowsMissingTokenIds() ? r.idOrMissing(value, spec.tokenIdPath, at)
                : r.id(value, spec.tokenIdPath, at);
    }

    /** Which member the key body {@code [s, e)} names. */
    private static int field(byte[] b, int s, int e) {
        int len = e - s;
        switch (len) {
            case 7:
                if (same(b, s, K_LOGPROB)) {
                    return LOGPROB;
                }
                break;
            case 8:
                if (same(b, s, K_TOKEN_ID)) {
                    return TOKEN_ID;
                }
                break;
            case 16:
                if (same(b, s, K_SAMPLING)) {
                    return SAMPLING;
                }
                break;
            case 5:
                if (same(b, s, K_TOKEN)) {
                    return TOKEN;
                }
                break;
            default:
                break;
        }
        if (mayBeEscaped(b, s, len) && hasBackslash(b, s, e)) {
            switch (RAW.decodeString(b, s, e)) {
                case "logprob":
                    return LOGPROB;
                case "sampling_logprob":
                    return SAMPLING;
                case "token_id":
                    return TOKEN_ID;
                case "token":
                    return TOKEN;
                default:
                    return NONE;
            }
        }
        return NONE;
    }

    /**
     * Whether the key text could be one of the names with {@code \\u} escapes. Letters and {@code _} can only be
     * escaped that way, which makes the text 5 bytes longer per escape; it then starts with the name's first
     * letter or a backslash, and ends with the name's last letter or a hex digit. Saves looking for a backslash
     * in every {@code top_logprobs} and {@code bytes} key.
     */
    private static boolean mayBeEscaped(byte[] b, int s, int len) {
        if (len >= ESCAPED_LENGTHS.length || !ESCAPED_LENGTHS[len]) {
            return false;
        }
        byte first = b[s];
        byte last = b[s + len - 1];
        boolean hex = last >= '0' && last <= '9' || last >= 'a' && last <= 'f' || last >= 'A' && last <= 'F';
        for (byte[] name : NAMES) {
            int extra = len - name.length;
            if (extra > 0 && extra % 5 == 0 && (first == name[0] || first == '\\')
                    && (hex || last == name[name.length - 1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean keyIs(byte[] b, int s, int e, byte[] ascii, String name) {
        int len = e - s;
        if (len == ascii.length) {
            return same(b, s, ascii);
        }
        return len > ascii.length && hasBackslash(b, s, e) && RAW.decodeString(b, s, e).equals(name);
    }

    private static boolean same(byte[] b, int s, byte[] ascii) {
        for (int k = 0; k < ascii.length; k++) {
            if (b[s + k] != ascii[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBackslash(byte[] b, int s, int e) {
        for (int k = s; k < e; k++) {
            if (b[k] == '\\') {
                return true;
            }
        }
        return false;
    }
}
