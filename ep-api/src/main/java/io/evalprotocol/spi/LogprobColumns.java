package io.evalprotocol.spi;

import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.api.internal.ContentColumns;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Objects;

/**
 * The entries of one OpenAI-compatible {@code logprobs.content[]} array as typed columns: per entry its
 * {@code logprob}, and as the {@link Spec} asks, its {@code token_id}, {@code sampling_logprob} (Fireworks) and
 * {@code token}. Made by {@link ChoiceReader#columns} and {@link ChoiceReader#contentColumns}, which read every
 * entry in one pass and, when the array is one of the SDK's {@link io.evalprotocol.api.RawJsonValue}s, straight
 * from its bytes without creating an object per entry. Other members ({@code bytes}, {@code top_logprobs}, ...)
 * are skipped; {@link #entry(int)} gives an entry as an object when a caller needs one of them.
 *
 * <p>Rules, the same for every kind of array:
 * <ul>
 *   <li>every entry must be an object, with a {@code logprob} that is a number or null (null reads as NaN, a
 *       missing value in {@link TokenLogprobs}); a missing {@code logprob} is an error;</li>
 *   <li>{@code sampling_logprob}, when read, may be absent ({@link #hasSamplingLogprob}); present, it follows
 *       {@code logprob}'s rules;</li>
 *   <li>{@code token_id}, when read, may be absent ({@link #hasTokenId}); present, it must be an integer from 0
 *       to {@link Integer#MAX_VALUE} or, when the spec allows it, {@link #MISSING_TOKEN_ID};</li>
 *   <li>{@code token}, when read, is the string or null (absent, JSON null or not a string; the caller decides,
 *       and can look at {@link #entry(int)} to say what it was);</li>
 *   <li>when a key occurs twice in an entry, the last value counts, as in a JSON-P object; keys match by
 *       their decoded text, so {@code "token\u005fid"} is {@code token_id};</li>
 *   <li>errors are checked in this order: the entry count against {@link ChoiceReader#maxTokenIds()}, then
 *       entry by entry: object, {@code logprob}, {@code sampling_logprob}, {@code token_id}. They name entry
 *       {@code offset + j} and the paths {@code <path>}, {@code <path>[].logprob}, {@code <path>[].sampling_logprob},
 *       {@code <path>[].token_id}, with {@code <path>} from {@link Spec#path()}.</li>
 * </ul>
 *
 * <p>Unmodifiable: nothing changes an instance once {@link ChoiceReader} has returned it. It is meant for the
 * extractor call that read it (hand it to another thread only through a safe publication, such as a
 * concurrent queue). It may refer to the bytes of the response it was read from (for {@link #entry}), so keep
 * the values it returns, not the instance.
 */
public final class LogprobColumns {
    /**
     * eval-protocol's {@code MISSING_TOKEN_ID}: a {@code token_id} of {@code -1} means the server does not know
     * the id of that entry (Fireworks' LP/v1 traces). eval-protocol then drops every id of the message.
     */
    public static final int MISSING_TOKEN_ID = -1;

    static final byte HAS_TOKEN_ID = ContentColumns.HAS_TOKEN_ID;
    static final byte HAS_SAMPLING = ContentColumns.HAS_SAMPLING;

    /** Which members to read, and the path that error messages name. Immutable; keep one as a constant. */
    public static final class Spec {
        private final String path;
        private final boolean tokenIds;
        private final boolean missingTokenIds;
        private final boolean samplingLogprobs;
        private final boolean tokens;
        final String logprobPath;
        final String samplingPath;
        final String tokenIdPath;

        private Spec(String path, boolean tokenIds, boolean missingTokenIds, boolean samplingLogprobs,
                boolean tokens) {
            this.path = Objects.requireNonNull(path, "path");
            this.tokenIds = tokenIds;
            this.missingTokenIds = missingTokenIds;
            this.samplingLogprobs = samplingLogprobs;
            this.tokens = tokens;
            this.logprobPath = path + "[].logprob";
            this.samplingPath = path + "[].sampling_logprob";
            this.tokenIdPath = path + "[].token_id";
        }

        /** Reads {@code logprob} only; {@code path} names the array in errors, e.g. {@code choices[].logprobs.content}. */
        public static Spec of(String path) {
            return new Spec(path, false, false, false, false);
        }

        /** Also reads {@code token_id}; {@code -1} is an error. */
        public Spec withTokenIds() {
            return new Spec(path, true, false, samplingLogprobs, tokens);
        }

        /** Also reads {@code token_id}, allowing {@link #MISSING_TOKEN_ID}. */
        public Spec withTokenIdsOrMissing() {
            return new Spec(path, true, true, samplingLogprobs, tokens);
        }

        /** Also reads {@code sampling_logprob}. */
        public Spec withSamplingLogprobs() {
            return new Spec(path, tokenIds, missingTokenIds, true, tokens);
        }

        /** Also reads {@code token} (decoded strings: one object per entry). */
        public Spec withTokens() {
            return new Spec(path, tokenIds, missingTokenIds, samplingLogprobs, true);
        }

        /** The array's path in error messages. */
        public String path() {
            return path;
        }

        public boolean readsTokenIds() {
            return tokenIds;
        }

        public boolean allowsMissingTokenIds() {
            return missingTokenIds;
        }

        public boolean readsSamplingLogprobs() {
            return samplingLogprobs;
        }

        public boolean readsTokens() {
            return tokens;
        }

        @Override
        public String toString() {
            return "LogprobColumns.Spec{path=" + path + ", tokenIds=" + tokenIds + (missingTokenIds ? " (or -1)" : "")
                    + ", samplingLogprobs=" + samplingLogprobs + ", tokens=" + tokens + "}";
        }
    }

    private final Spec spec;
    // Entries of every read so far. A public instance holds one read; OpenAiCompatibleChannel appends a
    // stream's reads to one instance, so that a chunk of one entry costs no arrays of its own.
    int size;
    double[] logprob;
    double[] sampling;
    int[] tokenId;
    String[] token;
    byte[] flags;
    int tokenIdCount;
    int samplingCount;
    int missingCount;
    /** The entries of the latest read start at this index; {@link #entry} reaches only those. */
    private int readFrom;
    /** The latest read's JSON-P array, or null when it was read from bytes. */
    private JsonArray source;
    /** The latest read's bytes, and its entries' starts from {@link #readFrom} (then one past its end). */
    private byte[] buf;
    private int[] starts;

    LogprobColumns(Spec spec, int capacity) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.logprob = new double[capacity];
        this.sampling = spec.samplingLogprobs ? new double[capacity] : null;
        this.tokenId = spec.tokenIds ? new int[capacity] : null;
        this.token = spec.tokens ? new String[capacity] : null;
        this.flags = new byte[capacity];
    }

    /** Makes room for {@code more} entries. */
    void reserve(int more) {
        int need = size + more;
        if (need > logprob.length) {
            int c = Math.max(need, logprob.length + (logprob.length >> 1) + 16);
            logprob = Arrays.copyOf(logprob, c);
            sampling = sampling == null ? null : Arrays.copyOf(sampling, c);
            tokenId = tokenId == null ? null : Arrays.copyOf(tokenId, c);
            token = token == null ? null : Arrays.copyOf(token, c);
            flags = Arrays.copyOf(flags, c);
        }
    }

    /** Starts a read of a JSON-P array. */
    void beginRead(JsonArray array) {
        readFrom = size;
        source = array;
        buf = null;
        starts = null;
    }

    /** Starts a read of the bytes in {@code b}; {@code starts} will hold the entries' positions. */
    void beginRead(byte[] b, int[] entryStarts) {
        readFrom = size;
        source = null;
        buf = b;
        starts = entryStarts;
    }

    /** An array for the next read's entry positions: the previous one when it has {@code capacity}. */
    int[] startsBuffer(int capacity) {
        return starts != null && starts.length >= capacity ? starts : new int[capacity];
    }

    /** What {@link #reset} returns to: the entries and counts before a read. */
    static final class Mark {
        final int size;
        final int tokenIdCount;
        final int samplingCount;
        final int missingCount;

        Mark(int size, int tokenIdCount, int samplingCount, int missingCount) {
            this.size = size;
            this.tokenIdCount = tokenIdCount;
            this.samplingCount = samplingCount;
            this.missingCount = missingCount;
        }
    }

    Mark mark() {
        return new Mark(size, tokenIdCount, samplingCount, missingCount);
    }

    /** Drops the entries appended since {@code m}. */
    void reset(Mark m) {
        size = m.size;
        tokenIdCount = m.tokenIdCount;
        samplingCount = m.samplingCount;
        missingCount = m.missingCount;
        readFrom = Math.min(readFrom, size);
    }

    /**
     * Appends the entries the body reader already read ({@link ContentColumns}, attached to the {@code logprobs}
     * object whose text is in {@code b}) when they are exactly what a read of these bytes with this spec would
     * give: the spec asks for no {@code token}, the entries fit {@code limit} after {@code offset} earlier ones,
     * and a spec that refuses {@code -1} ids meets none. False otherwise, with nothing changed: the caller then
     * reads the bytes, which finds the same values or the error.
     */
    boolean appendPreRead(ContentColumns pre, byte[] b, int offset, int limit) {
        int n = pre.size;
        if (spec.tokens || (long) offset + n > limit
                || spec.tokenIds && !spec.missingTokenIds && pre.missingCount > 0) {
            return false;
        }
        // flags carry only the bits of the columns the spec reads, as after a read of the bytes
        byte keep = (byte) ((spec.tokenIds ? HAS_TOKEN_ID : 0) | (spec.samplingLogprobs ? HAS_SAMPLING : 0));
        int at = size;
        beginRead(b, pre.starts);
        if (at == 0 && n > 0) {
            // a body's read: the reader's arrays become these columns (the attachment was taken, never shared)
            logprob = pre.logprob;
            if (spec.samplingLogprobs) {
                sampling = pre.sampling != null ? pre.sampling : nanArray(pre.logprob.length);
            }
            if (spec.tokenIds) {
                tokenId = pre.tokenId != null ? pre.tokenId : new int[pre.logprob.length];
            }
            flags = pre.flags;
            if (keep != (HAS_TOKEN_ID | HAS_SAMPLING)) {
                for (int j = 0; j < n; j++) {
                    flags[j] &= keep;
                }
            }
        } else {
            reserve(n);
            System.arraycopy(pre.logprob, 0, logprob, at, n);
            if (spec.samplingLogprobs) {
                if (pre.sampling != null) {
                    System.arraycopy(pre.sampling, 0, sampling, at, n);
                } else {
                    Arrays.fill(sampling, at, at + n, Double.NaN);
                }
            }
            if (spec.tokenIds && pre.tokenId != null) {
                System.arraycopy(pre.tokenId, 0, tokenId, at, n);
            }
            for (int j = 0; j < n; j++) {
                flags[at + j] = (byte) (pre.flags[j] & keep);
            }
        }
        if (spec.tokenIds) {
            tokenIdCount += pre.tokenIdCount;
            missingCount += pre.missingCount;
        }
        if (spec.samplingLogprobs) {
            samplingCount += pre.samplingCount;
        }
        size = at + n;
        return true;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Updates the latest read's positions array after it grew. */
    void readStarts(int[] entryStarts) {
        starts = entryStarts;
    }

    /** The plain JSON-P reading, which the raw reader matches value for value and error for error. */
    static LogprobColumns readJsonP(ChoiceReader r, JsonArray content, Spec spec, int offset) {
        LogprobColumns c = new LogprobColumns(spec, content.size());
        appendJsonP(r, content, offset, c);
        return c;
    }

    /** Appends the entries of {@code content} to {@code c}, read with {@code c}'s spec through JSON-P. */
    static void appendJsonP(ChoiceReader r, JsonArray content, int offset, LogprobColumns c) {
        Spec spec = c.spec;
        int n = content.size();
        r.checkLimit(offset + n, spec.path);
        c.reserve(n);
        c.beginRead(content);
        for (int i = 0; i < n; i++) {
            int at = offset + i;
            JsonObject e = r.entry(content, i, spec.path, at);
            int j = c.size++;
            c.flags[j] = 0;
            c.logprob[j] = r.logprob(e.get("logprob"), spec.logprobPath, at);
            if (spec.samplingLogprobs) {
                JsonValue s = e.get("sampling_logprob");
                if (s == null) {
                    c.sampling[j] = Double.NaN;
                } else {
                    c.setSampling(j, r.logprob(s, spec.samplingPath, at));
                }
            }
            if (spec.tokenIds) {
                JsonValue id = e.get("token_id");
                if (id != null) {
                    int v = spec.missingTokenIds ? r.idOrMissing(id, spec.tokenIdPath, at) : r.id(id, spec.tokenIdPath, at);
                    c.setTokenId(j, v);
                }
            }
            if (spec.tokens) {
                JsonValue t = e.get("token");
                c.token[j] = t instanceof JsonString ? ((JsonString) t).getString() : null;
            }
        }
    }

    void setTokenId(int j, int v) {
        tokenId[j] = v;
        flags[j] |= HAS_TOKEN_ID;
        tokenIdCount++;
        if (v == MISSING_TOKEN_ID) {
            missingCount++;
        }
    }

    void setSampling(int j, double v) {
        sampling[j] = v;
        flags[j] |= HAS_SAMPLING;
        samplingCount++;
    }

    /** For a read from bytes: the index just past the array's closing bracket. */
    int end() {
        return starts[size - readFrom];
    }

    /** The number of entries with no {@code token_id} member, and the first of them (-1 when none). */
    int firstWithoutTokenId() {
        for (int j = 0; j < size; j++) {
            if ((flags[j] & HAS_TOKEN_ID) == 0) {
                return j;
            }
        }
        return -1;
    }

    /** The spec these columns were read with. */
    public Spec spec() {
        return spec;
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /** Entry {@code j}'s {@code logprob}; NaN when it was JSON null. */
    public double logprob(int j) {
        Objects.checkIndex(j, size);
        return logprob[j];
    }

    /** Every entry's {@code logprob}, in a new {@link TokenLogprobs}. */
    public TokenLogprobs logprobs() {
        return TokenLogprobs.wrap(Arrays.copyOf(logprob, size));
    }

    /** Copies the {@code logprob} of entries {@code [0, size())} into {@code dest} at {@code destPos}. */
    public void copyLogprobs(double[] dest, int destPos) {
        System.arraycopy(logprob, 0, dest, destPos, size);
    }

    /** Whether entry {@code j} has a {@code sampling_logprob} member (JSON null included). */
    public boolean hasSamplingLogprob(int j) {
        requireRead(spec.samplingLogprobs, "sampling_logprob");
        Objects.checkIndex(j, size);
        return (flags[j] & HAS_SAMPLING) != 0;
    }

    /** How many entries have a {@code sampling_logprob} member. */
    public int samplingLogprobCount() {
        requireRead(spec.samplingLogprobs, "sampling_logprob");
        return samplingCount;
    }

    /** Entry {@code j}'s {@code sampling_logprob}; NaN when absent or JSON null. */
    public double samplingLogprob(int j) {
        requireRead(spec.samplingLogprobs, "sampling_logprob");
        Objects.checkIndex(j, size);
        return sampling[j];
    }

    /** Every entry's {@code sampling_logprob} (NaN when absent or null), in a new {@link TokenLogprobs}. */
    public TokenLogprobs samplingLogprobs() {
        requireRead(spec.samplingLogprobs, "sampling_logprob");
        return TokenLogprobs.wrap(Arrays.copyOf(sampling, size));
    }

    /** Copies the {@code sampling_logprob} of entries {@code [0, size())} (NaN when absent) into {@code dest}. */
    public void copySamplingLogprobs(double[] dest, int destPos) {
        requireRead(spec.samplingLogprobs, "sampling_logprob");
        System.arraycopy(sampling, 0, dest, destPos, size);
    }

    /** Whether entry {@code j} has a {@code token_id} member. */
    public boolean hasTokenId(int j) {
        requireRead(spec.tokenIds, "token_id");
        Objects.checkIndex(j, size);
        return (flags[j] & HAS_TOKEN_ID) != 0;
    }

    /** How many entries have a {@code token_id} member. */
    public int tokenIdCount() {
        requireRead(spec.tokenIds, "token_id");
        return tokenIdCount;
    }

    /** How many entries have a {@code token_id} of {@link #MISSING_TOKEN_ID}. */
    public int missingTokenIdCount() {
        requireRead(spec.tokenIds, "token_id");
        return missingCount;
    }

    /**
     * Entry {@code j}'s {@code token_id}, possibly {@link #MISSING_TOKEN_ID}.
     *
     * @throws IllegalStateException when the entry has no {@code token_id} ({@link #hasTokenId})
     */
    public int tokenId(int j) {
        if (!hasTokenId(j)) {
            throw new IllegalStateException("entry " + j + " has no token_id");
        }
        return tokenId[j];
    }

    /** Entry {@code j}'s {@code token} when it is a string; null when absent, JSON null or another type. */
    public String token(int j) {
        requireRead(spec.tokens, "token");
        Objects.checkIndex(j, size);
        return token[j];
    }

    /** Entry {@code j} as an object (a view of its bytes when read from bytes), for members the columns skip. */
    public JsonObject entry(int j) {
        Objects.checkIndex(j, size);
        if (j < readFrom) {
            throw new IllegalStateException("entry " + j + " belongs to an earlier read");
        }
        if (source != null) {
            return (JsonObject) source.get(j - readFrom);
        }
        int k = j - readFrom;
        return (JsonObject) RawColumns.RAW.value(buf, starts[k], starts[k + 1] - 1);
    }

    private void requireRead(boolean read, String member) {
        if (!read) {
            throw new IllegalStateException("these columns were read without " + member + " (" + spec + ")");
        }
    }

    @Override
    public String toString() {
        return "LogprobColumns{" + size + " entries, " + spec + "}";
    }
}
