package io.evalprotocol.spi;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.IntArrayView;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Typed reads of one choice of an OpenAI-compatible response (or of its stream chunks), for one extractor:
 * the decoding toolkit that {@link TokenIdExtractor#extract} and {@link TokenIdAccumulator} implementations
 * build on. Every failure is a {@link TokenIdExtractionException} that names the extractor, the choice and
 * the field path (e.g. {@code [acme.token-ids, choice 0] `choices[].token_ids` entry 3 is a string, expected
 * an integer token id}); messages describe a value by its {@linkplain #kind kind} and never print strings,
 * objects or arrays (they may be huge, or user text).
 *
 * <p>Paths are written the way the messages show them: {@code choices[].logprobs.content} for the member
 * {@code content} of the choice's {@code logprobs}. Readers take the key and the path separately, so that the
 * same read serves {@code choices[].token_ids} and {@code choices[].raw_output.completion_token_ids}.
 *
 * <p>Reads that decode many values ({@link #ids(JsonArray, String)}, {@link #logprobs(JsonArray, String)},
 * {@link #columns}, {@link #contentColumns}) decode in one pass into primitive arrays and enforce
 * {@link ExtractionContext#maxTokenIds()}. They read the bytes of the SDK's own arrays directly (values that
 * are {@link RawJsonValue}s, and the {@code int[]}-backed {@code token_ids} arrays of ep-core's decoder) and
 * use the plain JSON-P API for any other {@link JsonArray}, with the same results and the same errors.
 *
 * <p>Immutable and thread-safe; cheap to create per call. For {@code supports()}, which must never throw, use
 * {@link ShapeProbes}.
 */
public final class ChoiceReader {
    private final String extractorId;
    private final int choiceIndex;
    private final int maxTokenIds;

    private ChoiceReader(String extractorId, int choiceIndex, int maxTokenIds) {
        this.extractorId = Objects.requireNonNull(extractorId, "extractorId");
        if (maxTokenIds <= 0) {
            throw new IllegalArgumentException("maxTokenIds must be positive, was " + maxTokenIds);
        }
        this.choiceIndex = choiceIndex;
        this.maxTokenIds = maxTokenIds;
    }

    /** A reader for choice {@code choiceIndex} with the limit of {@code context}. */
    public static ChoiceReader of(String extractorId, int choiceIndex, ExtractionContext context) {
        return new ChoiceReader(extractorId, choiceIndex, context.maxTokenIds());
    }

    /** A reader for choice {@code choiceIndex} that allows at most {@code maxTokenIds} entries per array. */
    public static ChoiceReader of(String extractorId, int choiceIndex, int maxTokenIds) {
        return new ChoiceReader(extractorId, choiceIndex, maxTokenIds);
    }

    public String extractorId() {
        return extractorId;
    }

    public int choiceIndex() {
        return choiceIndex;
    }

    /** The most entries an id or logprob array may have ({@link ExtractionContext#maxTokenIds()}). */
    public int maxTokenIds() {
        return maxTokenIds;
    }

    /** An exception naming this reader's extractor and choice, for the caller to throw. */
    public TokenIdExtractionException fail(String message) {
        return new TokenIdExtractionException(extractorId, choiceIndex, message);
    }

    // ---- choices -------------------------------------------------------------------------------------

    /**
     * The choice whose {@code index} is this reader's choice index (a choice without {@code index} counts as
     * its array position). Fails when the response has no {@code choices} array, no such choice, or a
     * malformed choice before it.
     */
    public JsonObject choice(JsonObject response) {
        JsonArray choices = ShapeProbes.choices(response);
        if (choices == null) {
            throw fail("the response has no `choices` array");
        }
        JsonObject found = findChoice(choices, choiceIndex);
        if (found == null) {
            throw fail("the response has no choice with index " + choiceIndex + " (indices present: "
                    + indices(choices) + ")");
        }
        return found;
    }

    /**
     * This reader's choice in a stream chunk, or null when the chunk carries none (usage-only chunks, other
     * choices' chunks). Fails on a malformed {@code choices} member.
     */
    public JsonObject chunkChoice(JsonObject chunk) {
        JsonValue v = chunk.get("choices");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray)) {
            throw fail("stream chunk `choices` is " + kind(v) + ", expected an array");
        }
        return findChoice((JsonArray) v, choiceIndex);
    }

    private JsonObject findChoice(JsonArray choices, int index) {
        for (int i = 0; i < choices.size(); i++) {
            JsonValue c = choices.get(i);
            if (!(c instanceof JsonObject)) {
                throw fail("choices[" + i + "] is " + kind(c) + ", expected an object");
            }
            JsonObject choice = (JsonObject) c;
            JsonValue idx = choice.get("index");
            int actual;
            if (idx == null) {
                actual = i;
            } else if (idx instanceof JsonNumber && ((JsonNumber) idx).isIntegral()) {
                actual = ((JsonNumber) idx).intValue();
            } else {
                throw fail("choices[" + i + "].index is " + kind(idx) + ", expected an integer");
            }
            if (actual == index) {
                return choice;
            }
        }
        return null;
    }

    private static String indices(JsonArray choices) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonValue c = choices.get(i);
            JsonValue idx = c instanceof JsonObject ? ((JsonObject) c).get("index") : null;
            out.add(idx == null ? String.valueOf(i) : idx.toString());
        }
        return out.toString();
    }

    // ---- typed reads ---------------------------------------------------------------------------------

    /** The object at {@code key}; null when absent or JSON null; fails on any other type. */
    public JsonObject object(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonObject)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected an object");
        }
        return (JsonObject) v;
    }

    /** The array at {@code key}; null when absent or JSON null; fails on any other type. */
    public JsonArray array(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected an array");
        }
        return (JsonArray) v;
    }

    /** The string at {@code key}; null when absent or JSON null; fails on any other type. */
    public String string(JsonObject parent, String key, String path) {
        JsonValue v = parent.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString)) {
            throw fail("`" + path + "` is " + kind(v) + ", expected a string");
        }
        return ((JsonString) v).getString();
    }

    /** The token ids at {@code key} ({@link #ids(JsonArray, String)}); null when absent or JSON null. */
    public int[] ids(JsonObject parent, String key, String path) {
        JsonArray a = array(parent, key, path);
        return a == null ? null : ids(a, path);
    }

    /**
     * An array of token ids (integers from 0 to {@link Integer#MAX_VALUE}) in a new {@code int[]}. Fails when
     * it has more than {@link #maxTokenIds()} entries, or on the first entry that is not a valid id.
     */
    public int[] ids(JsonArray a, String path) {
        if (a instanceof IntArrayView) {
            int[] out = ((IntArrayView) a).toIntArray();
            checkLimit(out.length, path);
            for (int i = 0; i < out.length; i++) {
                if (out[i] < 0) {
                    id(a.get(i), path, i); // throws, with the same message as the generic path
                }
            }
            return out;
        }
        if (a instanceof RawJsonValue) {
            int[] out = RawColumns.plainIds((RawJsonValue) a, maxTokenIds);
            if (out != null) {
                return out;
            }
            // some entry is not a plain id, or there are too many: the generic path finds the error
        }
        int n = a.size();
        checkLimit(n, path);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = id(a.get(i), path, i);
        }
        return out;
    }

    /** One token id: an integer from 0 to {@link Integer#MAX_VALUE}; {@code path} and {@code i} locate it. */
    public int id(JsonValue v, String path, int i) {
        if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
            throw fail("`" + path + "` entry " + i + " is " + kind(v) + ", expected an integer token id");
        }
        long id = ((JsonNumber) v).longValue();
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw fail("`" + path + "` entry " + i + " is " + v + ", not a valid token id");
        }
        return (int) id;
    }

    /**
     * An id that may also be eval-protocol's {@link LogprobColumns#MISSING_TOKEN_ID} ({@code -1}, "the server
     * does not know this id"), as Fireworks writes inside {@code logprobs}; any other negative is an error.
     */
    public int idOrMissing(JsonValue v, String path, int i) {
        if (v instanceof JsonNumber && ((JsonNumber) v).isIntegral()
                && ((JsonNumber) v).longValue() == LogprobColumns.MISSING_TOKEN_ID) {
            return LogprobColumns.MISSING_TOKEN_ID;
        }
        return id(v, path, i);
    }

    /**
     * An array of logprobs in a new {@code double[]}: numbers as sent ({@code -9999.0} too), JSON null as NaN
     * (a missing value in {@link io.evalprotocol.api.TokenLogprobs}). Fails past {@link #maxTokenIds()}
     * entries or on an entry of another type.
     */
    public double[] logprobs(JsonArray a, String path) {
        int n = a.size();
        checkLimit(n, path);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logprob(a.get(i), path, i);
        }
        return out;
    }

    /** One logprob: a number as sent, or NaN for JSON null; {@code v} null (absent) is an error. */
    public double logprob(JsonValue v, String path, int i) {
        if (v instanceof JsonNumber) {
            return ((JsonNumber) v).doubleValue();
        }
        if (v != null && v.getValueType() == JsonValue.ValueType.NULL) {
            return Double.NaN;
        }
        throw fail("`" + path + "` entry " + i + " is " + kind(v) + ", expected a number or null");
    }

    /** Entry {@code i} of {@code a} as an object; fails when it is another type. */
    public JsonObject entry(JsonArray a, int i, String path) {
        return entry(a, i, path, i);
    }

    /** Entry {@code i} of {@code a}; errors name entry {@code at} (its index in a whole stream). */
    JsonObject entry(JsonArray a, int i, String path, int at) {
        JsonValue v = a.get(i);
        if (!(v instanceof JsonObject)) {
            throw notAnEntry(v, path, at);
        }
        return (JsonObject) v;
    }

    TokenIdExtractionException notAnEntry(JsonValue v, String path, int at) {
        return fail("`" + path + "` entry " + at + " is " + kind(v) + ", expected an object");
    }

    /** Fails when {@code n} entries (so far, in a stream) exceed {@link #maxTokenIds()}. */
    public void checkLimit(int n, String path) {
        if (n > maxTokenIds) {
            throw fail("`" + path + "` has " + n + " entries, more than the limit of " + maxTokenIds
                    + " (ExtractionContext.maxTokenIds)");
        }
    }

    // ---- columns ---------------------------------------------------------------------------------------

    /**
     * The columns of the {@code logprobs.content[]} entries in {@code content}: one pass, no object per entry
     * when {@code content} is a {@link RawJsonValue}. {@code offset} is the number of entries read before
     * (earlier stream chunks): errors name entry {@code offset + j}, and the limit counts them.
     *
     * @see LogprobColumns
     */
    public LogprobColumns columns(JsonArray content, LogprobColumns.Spec spec, int offset) {
        Objects.requireNonNull(content, "content");
        if (content instanceof RawJsonValue) {
            LogprobColumns c = new LogprobColumns(spec, RawColumns.capacityFor(((RawJsonValue) content).utf8Length()));
            RawColumns.append(this, (RawJsonValue) content, offset, c);
            return c;
        }
        return LogprobColumns.readJsonP(this, content, spec, offset);
    }

    /**
     * The columns of {@code logprobs.content[]}, read from the {@code logprobs} object itself: null when it has
     * no {@code content} or {@code content} is JSON null, an error when {@code content} is not an array (the
     * path is {@link LogprobColumns.Spec#path()}). When {@code logprobs} is a {@link RawJsonValue} this reads
     * its bytes once, without indexing {@code content} first, which a lookup of {@code content} would do.
     */
    public LogprobColumns contentColumns(JsonObject logprobs, LogprobColumns.Spec spec, int offset) {
        int capacity = logprobs instanceof RawJsonValue ? RawColumns.capacityFor(((RawJsonValue) logprobs).utf8Length())
                : 8;
        LogprobColumns c = new LogprobColumns(spec, capacity);
        return appendContent(logprobs, offset, c) ? c : null;
    }

    /**
     * Appends the entries of {@code logprobs.content} to {@code into} (a stream's columns so far); false when
     * there is no {@code content} or it is JSON null.
     */
    boolean appendContent(JsonObject logprobs, int offset, LogprobColumns into) {
        if (logprobs instanceof RawJsonValue) {
            int found = RawColumns.appendContent(this, (RawJsonValue) logprobs, offset, into);
            if (found != RawColumns.NOT_AN_ARRAY) {
                return found == RawColumns.APPENDED;
            }
        }
        JsonArray content = array(logprobs, "content", into.spec().path());
        if (content == null) {
            return false;
        }
        if (content instanceof RawJsonValue) {
            RawColumns.append(this, (RawJsonValue) content, offset, into);
        } else {
            LogprobColumns.appendJsonP(this, content, offset, into);
        }
        return true;
    }

    /**
     * A short description of a value's type for error messages: {@code missing}, {@code null}, {@code a
     * string}, {@code an object}, ..., or {@code the number N} (numbers are short and say what went wrong).
     * Never prints a string, object or array.
     */
    public static String kind(JsonValue v) {
        if (v == null) {
            return "missing";
        }
        switch (v.getValueType()) {
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case STRING:
                return "a string";
            case NUMBER:
                return "the number " + v;
            case TRUE:
            case FALSE:
                return "a boolean";
            default:
                return "null";
        }
    }
}
