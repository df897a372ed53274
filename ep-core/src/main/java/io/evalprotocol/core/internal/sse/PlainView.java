package io.evalprotocol.core.internal.sse;

import io.evalprotocol.spi.PlainChunk;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A {@link PlainChunk} read by {@link ChunkReader} through a plain {@link ChunkTemplate}: the learned event's typed
 * values with the changed leaves' values put in, and where the {@code logprobs.content} array's (canonical) text
 * sits in the event, for the stream's merged logprobs. One instance per reader, refilled for every plain event.
 */
public final class PlainView extends PlainChunk {
    private final ChunkReader reader;
    /** The event's bytes (the reader's copy, or the network buffer for a chunk read in place): where and how long. */
    byte[] text;
    int offset;
    int length;
    private JsonObject json;

    int index;
    boolean deltaObject;
    String deltaRole;
    JsonValue content;
    JsonValue finish;
    /** {@code token_ids} in {@code ids[0, idsCount)}; {@code idsCount} -1 when absent or JSON null. */
    int[] ids = new int[4];
    int idsCount;
    boolean logprobs;
    int contentFrom;
    int contentTo;
    int entries;
    double[] logprob = new double[4];
    double[] sampling = new double[4];
    boolean[] hasSampling = new boolean[4];
    int[] tokenId = new int[4];
    boolean[] hasTokenId = new boolean[4];
    boolean[] tokenEmpty = new boolean[4];

    PlainView(ChunkReader reader) {
        this.reader = reader;
    }

    /** Starts the next event: the template's values. */
    void reset(ChunkTemplate t, byte[] text, int offset, int length) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        json = null;
        index = t.choiceIndex;
        deltaObject = t.deltaObject;
        deltaRole = t.deltaRole;
        content = t.content;
        finish = t.finish;
        if (t.tokenIds == null) {
            idsCount = -1;
        } else {
            putIds(t.tokenIds, t.tokenIds.length);
        }
        logprobs = t.logprobs;
        int n = t.entries;
        entries = n;
        if (logprob.length < n) {
            logprob = new double[n];
            sampling = new double[n];
            hasSampling = new boolean[n];
            tokenId = new int[n];
            hasTokenId = new boolean[n];
            tokenEmpty = new boolean[n];
        }
        for (int e = 0; e < n; e++) {
            logprob[e] = t.logprob[e];
            sampling[e] = t.sampling[e];
            hasSampling[e] = t.hasSampling[e];
            tokenId[e] = t.tokenId[e];
            hasTokenId[e] = t.hasTokenId[e];
            tokenEmpty[e] = t.tokenEmpty[e];
        }
    }

    /** Sets {@code token_ids} to {@code src[0, n)}. */
    void putIds(int[] src, int n) {
        if (ids.length < n) {
            ids = new int[Math.max(n, ids.length * 2)];
        }
        System.arraycopy(src, 0, ids, 0, n);
        idsCount = n;
    }

    /** Puts a changed leaf of {@code role} (of entry {@code e}) that the reader read typed. */
    void putTyped(byte role, int e, double number, long integer, boolean empty) {
        switch (role) {
            case ChunkTemplate.INDEX:
                index = (int) integer;
                break;
            case ChunkTemplate.LOGPROB:
                logprob[e] = number;
                break;
            case ChunkTemplate.SAMPLING:
                sampling[e] = number;
                break;
            case ChunkTemplate.TOKEN_ID:
                tokenId[e] = (int) integer;
                break;
            case ChunkTemplate.TOKEN:
                tokenEmpty[e] = empty;
                break;
            default:
                break; // FREE: only validated; TOKEN_IDS: put by the reader
        }
    }

    /** The length of the event's data. */
    public int length() {
        return length;
    }

    /** Whether a changed leaf of {@code role} may take the value {@code v} in a plain chunk. */
    static boolean fits(byte role, JsonValue v) {
        switch (role) {
            case ChunkTemplate.FREE:
            case ChunkTemplate.TOKEN:
                return true;
            case ChunkTemplate.INDEX:
                return v instanceof JsonNumber && ChunkTemplate.isInt((JsonNumber) v, 0);
            case ChunkTemplate.CONTENT:
            case ChunkTemplate.FINISH:
                return v instanceof JsonString || v == JsonValue.NULL;
            case ChunkTemplate.TOKEN_IDS:
                return ChunkTemplate.plainIds(v);
            case ChunkTemplate.LOGPROB:
            case ChunkTemplate.SAMPLING:
                return v instanceof JsonNumber;
            case ChunkTemplate.TOKEN_ID:
                return v instanceof JsonNumber && ChunkTemplate.isInt((JsonNumber) v, -1);
            default:
                return false;
        }
    }

    /** Puts the value {@code v} of a changed leaf of {@code role} (of entry {@code e}), which {@link #fits}. */
    void put(byte role, int e, JsonValue v) {
        switch (role) {
            case ChunkTemplate.INDEX:
                index = ((JsonNumber) v).intValue();
                break;
            case ChunkTemplate.CONTENT:
                content = v;
                break;
            case ChunkTemplate.FINISH:
                finish = v;
                break;
            case ChunkTemplate.TOKEN_IDS:
                if (v instanceof ChunkJson.Ints) {
                    int[] a = ((ChunkJson.Ints) v).toIntArray();
                    putIds(a, a.length);
                } else {
                    idsCount = v == JsonValue.NULL ? -1 : 0;
                }
                break;
            case ChunkTemplate.LOGPROB:
                logprob[e] = ((JsonNumber) v).doubleValue();
                break;
            case ChunkTemplate.SAMPLING:
                sampling[e] = ((JsonNumber) v).doubleValue();
                break;
            case ChunkTemplate.TOKEN_ID:
                tokenId[e] = ((JsonNumber) v).intValue();
                break;
            case ChunkTemplate.TOKEN:
                tokenEmpty[e] = ChunkTemplate.isEmptyString(v);
                break;
            default:
                break; // FREE: only validated
        }
    }

    /** The event's JSON-P object, read on first use (accumulators that read JSON-P, rare checks). */
    @Override
    public JsonObject json() {
        JsonObject o = json;
        if (o == null) {
            json = o = reader.readInFull(text, offset, length);
        }
        return o;
    }

    @Override
    public int choiceIndex() {
        return index;
    }

    /** Whether {@code delta} is an object; then {@link #deltaRole()} and {@link #content()} are its members. */
    public boolean deltaObject() {
        return deltaObject;
    }

    /** {@code delta.role}, or null. */
    public String deltaRole() {
        return deltaRole;
    }

    /** {@code delta.content} when it is a string, else null. */
    public String content() {
        return content instanceof JsonString ? ((JsonString) content).getString() : null;
    }

    /** {@code finish_reason} as read (a string value, which may refer to the event's bytes, or JSON null), or null. */
    public JsonValue finishValue() {
        return finish;
    }

    @Override
    public String finishReason() {
        return finish instanceof JsonString ? ((JsonString) finish).getString() : null;
    }

    @Override
    public int[] tokenIds() {
        return idsCount < 0 ? null : java.util.Arrays.copyOf(ids, idsCount);
    }

    @Override
    public boolean hasLogprobs() {
        return logprobs;
    }

    /** The event's bytes; {@link #contentFrom()} to {@link #contentTo()} is the canonical text of {@code logprobs.content}. */
    public byte[] text() {
        return text;
    }

    public int contentFrom() {
        return contentFrom;
    }

    public int contentTo() {
        return contentTo;
    }

    @Override
    public int entryCount() {
        return entries;
    }

    @Override
    public double logprob(int e) {
        return logprob[check(e)];
    }

    @Override
    public boolean hasSamplingLogprob(int e) {
        return hasSampling[check(e)];
    }

    @Override
    public double samplingLogprob(int e) {
        return sampling[check(e)];
    }

    @Override
    public boolean hasTokenId(int e) {
        return hasTokenId[check(e)];
    }

    @Override
    public int tokenId(int e) {
        return tokenId[check(e)];
    }

    @Override
    public boolean tokenIsEmpty(int e) {
        return tokenEmpty[check(e)];
    }

    private int check(int e) {
        return java.util.Objects.checkIndex(e, entries);
    }

    @Override
    public String toString() {
        return "PlainView{" + new String(text, offset, length, java.nio.charset.StandardCharsets.UTF_8) + "}";
    }
}
