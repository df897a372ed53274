package io.evalprotocol.core.internal.wire;

import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads provider response bodies and stream chunks (UTF-8 JSON objects) under the client's limits (nesting
 * depth, string and number length) into JSON-P values for the extractor SPI and the data model, in one
 * validating pass over the bytes ({@link ByteJsonReader}).
 *
 * <p>Number text is never reformatted: integers become JSON-P int or long values (their text is canonical),
 * every other number ({@code -0}, fractions, exponents, integers past {@code long}) an exact-text value.
 * Arrays of ints ({@code token_ids}) are held as an {@code int[]}. With {@code rawSubtrees}, the payloads the
 * SDK stores unchanged ({@code logprobs}, {@code raw_output}, {@code prompt_logprobs}) are captured as compact
 * exact-text values whose JSON-P view is only built if somebody reads them, which keeps a 30k-token logprobs
 * object cheap: text already in canonical form (what Python eval-protocol writes) is kept as one byte copy,
 * other text is rewritten into that form at the byte level.
 *
 * <p>Thread-safe and cheap to share: each call reads with its own small reader object.
 */
public final class WireJson {
    /** Keys whose object or array value is kept as exact text when reading with {@code rawSubtrees}. */
    public static final Set<String> RAW_KEYS = Set.of("logprobs", "raw_output", "prompt_logprobs");

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    /** The limits a document can break; {@link #limitMessage} names the client option for each. */
    enum Limit {
        DEPTH, STRING, NUMBER
    }

    /**
     * Reads one document as {@link #readObject} does. The seam through which tests run the whole engine on
     * another reader (the Jackson-based one this class used before) and compare the rows.
     */
    @FunctionalInterface
    public interface DocumentReader {
        JsonObject read(byte[] buf, int off, int len, String what, boolean rawSubtrees);
    }

    private final DocumentReader delegate;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final boolean rawSlices;
    /** See {@link #withTransientPayloads()}; read by {@link ByteJsonReader}. */
    final boolean transientPayloads;
    /** See {@link #withoutContentColumns()}; read by {@link ByteJsonReader}. */
    final boolean contentColumns;
    private final UnaryOperator<String> redactor;

    public WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, UnaryOperator.identity());
    }

    /** @param redactor removes secrets from the response text quoted in error messages */
    public WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, redactor, true);
    }

    /**
     * With {@code rawSlices} false, kept payloads are always rewritten by the canonicalizing pass, never
     * sliced (tests compare both).
     */
    public WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, boolean rawSlices) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, UnaryOperator.identity(), rawSlices);
    }

    /** A WireJson whose reading is done by {@code reader} (for tests that compare readers end to end). */
    public WireJson(DocumentReader reader, UnaryOperator<String> redactor) {
        this(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, redactor, true, reader);
    }

    private WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor,
            boolean rawSlices) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, redactor, rawSlices, null);
    }

    private WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor,
            boolean rawSlices, DocumentReader delegate) {
        this(maxNestingDepth, maxStringLength, maxNumberLength, redactor, rawSlices, delegate, false, true);
    }

    private WireJson(int maxNestingDepth, int maxStringLength, int maxNumberLength, UnaryOperator<String> redactor,
            boolean rawSlices, DocumentReader delegate, boolean transientPayloads, boolean contentColumns) {
        this.transientPayloads = transientPayloads;
        this.contentColumns = contentColumns;
        this.delegate = delegate;
        this.rawSlices = rawSlices;
        this.redactor = redactor;
        this.maxNestingDepth = maxNestingDepth;
        this.maxStringLength = maxStringLength;
        this.maxNumberLength = maxNumberLength;
    }

    /**
     * This reader for responses whose payloads are read by the extractor but not retained
     * ({@code TokenTrace.IDS_ONLY}): a choice's {@code logprobs}, {@code raw_output} and {@code prompt_logprobs},
     * and the top-level {@code prompt_logprobs}, are validated exactly as before (same errors, same limits) but
     * their string escapes are left as written (a JSON-P view decodes them alike), and compact text is wrapped
     * as a slice of the body instead of a copy. Text with whitespace is still compacted, which the view needs.
     * The same keys deeper in the document (e.g. inside {@code usage}) are kept as usual, since those can end
     * up in a row.
     */
    public WireJson withTransientPayloads() {
        return new WireJson(maxNestingDepth, maxStringLength, maxNumberLength, redactor, rawSlices, delegate, true,
                contentColumns);
    }

    /**
     * This reader without the columns it otherwise reads from each choice's {@code logprobs.content[]} while
     * validating it (see {@link ByteJsonReader}): the extractor's {@code LogprobColumns} then read those bytes
     * a second time. Same values, same errors; for tests that hold the one-pass reading to the two-pass one.
     */
    public WireJson withoutContentColumns() {
        return new WireJson(maxNestingDepth, maxStringLength, maxNumberLength, redactor, rawSlices, delegate,
                transientPayloads, false);
    }

    /** The cached JSON-P provider. */
    public static JsonProvider provider() {
        return PROVIDER;
    }

    /**
     * Parses one JSON object.
     *
     * @param what names the input in error messages, e.g. {@code "response body"} or {@code "stream event 3"}
     * @throws InvalidResponseException for malformed JSON, a non-object, trailing data or a broken limit
     */
    public JsonObject readObject(byte[] buf, int off, int len, String what, boolean rawSubtrees) {
        if (delegate != null) {
            return delegate.read(buf, off, len, what, rawSubtrees);
        }
        return new ByteJsonReader(this, buf, off, len, what, rawSubtrees, rawSlices, maxNestingDepth,
                maxStringLength, maxNumberLength).readDocument();
    }

    /**
     * Parses the data of one server-sent event, a JSON object, keeping the {@link #RAW_KEYS} payloads as exact
     * text. The cheap entry point for streams: no per-event setup beyond one small reader object, and the
     * event's name for error messages ({@code "stream event <n>"}) is only built when an error is reported.
     *
     * @param event the event's 1-based number in its stream
     * @throws InvalidResponseException as {@link #readObject} does
     */
    public JsonObject readEvent(byte[] buf, int off, int len, int event) {
        if (delegate != null) {
            return delegate.read(buf, off, len, "stream event " + event, true);
        }
        return new ByteJsonReader(this, buf, off, len, null, true, rawSlices, maxNestingDepth, maxStringLength,
                maxNumberLength).event(event).readDocument();
    }

    String limitMessage(Limit limit) {
        switch (limit) {
            case DEPTH:
                return "nesting deeper than maxJsonNestingDepth=" + maxNestingDepth
                        + " (raise it with EpClient.builder().maxJsonNestingDepth(...))";
            case STRING:
                return "a string longer than maxJsonStringLength=" + maxStringLength
                        + " characters (raise it with EpClient.builder().maxJsonStringLength(...))";
            default:
                return "a number longer than maxJsonNumberLength=" + maxNumberLength
                        + " characters (raise it with EpClient.builder().maxJsonNumberLength(...))";
        }
    }

    /** Up to 200 characters of the input, for error messages, without secrets. */
    public String excerpt(byte[] buf, int off, int len) {
        // the whole key must be seen to be redacted, so a little more than is shown is decoded
        int n = Math.min(len, 200 + 512);
        String s = redactor.apply(new String(buf, off, n, StandardCharsets.UTF_8));
        return s.length() > 200 || len > n ? s.substring(0, Math.min(s.length(), 200)) + "…" : s;
    }
}
