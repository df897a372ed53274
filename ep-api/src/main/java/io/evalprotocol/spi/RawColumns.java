package io.evalprotocol.spi;

import io.evalprotocol.api.RawJsonValue;
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
 */
final class RawColumns {
    static final RawJsonSupport.Access RAW = RawJsonSupport.access();

    /** {@link #readContent}'s answer when {@code content} is present but not an array or null. */
    static final LogprobColumns NOT_AN_ARRAY = new LogprobColumns(LogprobColumns.Spec.of("content"), 0,
            new double[0], null, null, null, new byte[0], null, null, new int[1]);

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

    static LogprobColumns read(ChoiceReader r, RawJsonValue content, LogprobColumns.Spec spec, int offset) {
        byte[] b = RAW.array(content);
        return scan(r, b, RAW.offset(content), RAW.length(content), spec, offset);
    }

    /**
     * {@code logprobs.content}'s columns, walking the members of the {@code logprobs} object: the columns of
     * the last {@code content} member (JSON-P's rule for duplicate keys), null when there is none or it is
     * null, {@link #NOT_AN_ARRAY} when it has another type. An error in an earlier duplicate that a later one
     * replaces is dropped, as the JSON-P view never sees that value.
     */
    static LogprobColumns readContent(ChoiceReader r, RawJsonValue logprobs, LogprobColumns.Spec spec, int offset) {
        if (!(logprobs instanceof JsonObject)) {
            return NOT_AN_ARRAY;
        }
        byte[] b = RAW.array(logprobs);
        int from = RAW.offset(logprobs);
        int length = RAW.length(logprobs);
        int i = from + 1;
        if (b[i] == '}') {
            return null;
        }
        LogprobColumns found = null;
        RuntimeException failure = null;
        while (true) {
            int ks = i + 1;
            int ke = RAW.skipStringBody(b, ks);
            int vs = ke + 1;
            if (keyIs(b, ks, ke - 1, K_CONTENT, "content")) {
                found = null;
                failure = null;
                byte c = b[vs];
                if (c == '[') {
                    try {
                        found = scan(r, b, vs, length - (vs - from), spec, offset);
                        i = found.end();
                    } catch (RuntimeException e) {
                        failure = e;
                        i = RAW.skipValue(b, vs);
                    }
                } else {
                    found = c == 'n' ? null : NOT_AN_ARRAY;
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
     * Reads the array starting at {@code from}. {@code room} bounds its length in bytes (for the first
     * allocation only). Errors follow the JSON-P path's order: the limit (which needs the whole count) first.
     */
    private static LogprobColumns scan(ChoiceReader r, byte[] b, int from, int room, LogprobColumns.Spec spec,
            int offset) {
        int capacity = Math.max(8, Math.min(room / 48, 1 << 20));
        Growing g = new Growing(spec, capacity);
        int i = from + 1;
        if (b[i] == ']') {
            r.checkLimit(offset, spec.path());
            return g.finish(b, i + 1, spec);
        }
        int max = r.maxTokenIds();
        while (true) {
            int j = g.size;
            if ((long) offset + j + 1 > max) {
                throw limit(r, b, from, spec, offset);
            }
            g.start(i);
            try {
                i = entry(r, b, i, g, spec, offset + j);
            } catch (RuntimeException e) {
                if ((long) offset + count(b, from) > max) {
                    throw limit(r, b, from, spec, offset);
                }
                throw e;
            }
            if (b[i] == ']') {
                return g.finish(b, i + 1, spec);
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
    private static int entry(ChoiceReader r, byte[] b, int i, Growing g, LogprobColumns.Spec spec, int at) {
        if (b[i] != '{') {
            int end = RAW.skipValue(b, i);
            throw r.notAnEntry(RAW.value(b, i, end), spec.path(), at);
        }
        int lp = -1;
        int sp = -1;
        int id = -1;
        int tk = -1;
        i++;
        if (b[i] == '}') {
            i++;
        } else {
            while (true) {
                int ks = i + 1;
                int ke = RAW.skipStringBody(b, ks);
                int vs = ke + 1;
                // later duplicates overwrite earlier ones: the last value counts, as in a JSON-P object
                switch (field(b, ks, ke - 1)) {
                    case LOGPROB:
                        lp = vs;
                        break;
                    case SAMPLING:
                        sp = vs;
                        break;
                    case TOKEN_ID:
                        id = vs;
                        break;
                    case TOKEN:
                        tk = vs;
                        break;
                    default:
                        break;
                }
                i = RAW.skipValue(b, vs);
                if (b[i++] == '}') {
                    break;
                }
            }
        }
        int row = g.size - 1;
        g.logprob[row] = lp < 0 ? r.logprob(null, spec.logprobPath, at) : number(r, b, lp, spec.logprobPath, at);
        if (spec.readsSamplingLogprobs()) {
            if (sp < 0) {
                g.sampling[row] = Double.NaN;
            } else {
                g.sampling[row] = number(r, b, sp, spec.samplingPath, at);
                g.flags[row] |= 2;
                g.samplingCount++;
            }
        }
        if (spec.readsTokenIds() && id >= 0) {
            int v = tokenId(r, b, id, spec, at);
            g.tokenId[row] = v;
            g.flags[row] |= 1;
            g.tokenIdCount++;
            if (v == LogprobColumns.MISSING_TOKEN_ID) {
                g.missingCount++;
            }
        }
        if (spec.readsTokens() && tk >= 0 && b[tk] == '"') {
            int end = RAW.skipStringBody(b, tk + 1);
            g.token[row] = RAW.decodeString(b, tk + 1, end - 1);
        }
        return i;
    }

    /** A logprob value at {@code p}: a number or null the plain way; anything else through the JSON-P rule. */
    private static double number(ChoiceReader r, byte[] b, int p, String path, int at) {
        byte c = b[p];
        if (c == 'n') {
            return Double.NaN;
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return RAW.doubleValue(b, p, numberEnd(b, p));
        }
        return r.logprob(RAW.value(b, p, RAW.skipValue(b, p)), path, at);
    }

    /** A token id at {@code p}: plain integer text the plain way; anything else through the JSON-P rule. */
    private static int tokenId(ChoiceReader r, byte[] b, int p, LogprobColumns.Spec spec, int at) {
        int i = p;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int start = i;
        byte c;
        while ((c = b[i]) >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            i++;
        }
        int digits = i - start;
        if (digits > 0 && digits <= 18 && (c == ',' || c == '}')) {
            if (negative) {
                v = -v;
            }
            if (v >= 0 && v <= Integer.MAX_VALUE
                    || v == LogprobColumns.MISSING_TOKEN_ID && spec.allowsMissingTokenIds()) {
                return (int) v;
            }
        }
        JsonValue value = RAW.value(b, p, RAW.skipValue(b, p));
        return spec.allowsMissingTokenIds() ? r.idOrMissing(value, spec.tokenIdPath, at)
                : r.id(value, spec.tokenIdPath, at);
    }

    /** The end of the number starting at {@code p}, inside an object. */
    private static int numberEnd(byte[] b, int p) {
        int i = p + 1;
        byte c;
        while ((c = b[i]) != ',' && c != '}') {
            i++;
        }
        return i;
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
        // an escape makes a key's text longer than its characters: the shortest name, token, has five
        if (len > 5 && hasBackslash(b, s, e)) {
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

    /** Columns being read: arrays that grow by half. */
    private static final class Growing {
        int size;
        double[] logprob;
        double[] sampling;
        int[] tokenId;
        String[] token;
        byte[] flags;
        int[] starts;
        int tokenIdCount;
        int samplingCount;
        int missingCount;

        Growing(LogprobColumns.Spec spec, int capacity) {
            logprob = new double[capacity];
            sampling = spec.readsSamplingLogprobs() ? new double[capacity] : null;
            tokenId = spec.readsTokenIds() ? new int[capacity] : null;
            token = spec.readsTokens() ? new String[capacity] : null;
            flags = new byte[capacity];
            starts = new int[capacity + 1];
        }

        /** Opens row {@code size} for the entry starting at {@code at}. */
        void start(int at) {
            if (size == logprob.length) {
                int c = size + (size >> 1) + 16;
                logprob = Arrays.copyOf(logprob, c);
                sampling = sampling == null ? null : Arrays.copyOf(sampling, c);
                tokenId = tokenId == null ? null : Arrays.copyOf(tokenId, c);
                token = token == null ? null : Arrays.copyOf(token, c);
                flags = Arrays.copyOf(flags, c);
                starts = Arrays.copyOf(starts, c + 1);
            }
            starts[size++] = at;
        }

        LogprobColumns finish(byte[] b, int end, LogprobColumns.Spec spec) {
            starts[size] = end;
            LogprobColumns c = new LogprobColumns(spec, size, logprob, sampling, tokenId, token, flags, null, b,
                    starts);
            c.tokenIdCount = tokenIdCount;
            c.samplingCount = samplingCount;
            c.missingCount = missingCount;
            return c;
        }
    }
}
