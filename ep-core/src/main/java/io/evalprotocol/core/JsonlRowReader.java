package io.evalprotocol.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelReader;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InvalidDataException;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads {@link EvaluationRow}s from JSONL (one row per line), streaming: each line is parsed straight from
 * the read buffer, and only one line is held in memory at a time. Blank lines are skipped, as Python
 * eval-protocol's reader does. The input must be UTF-8; a UTF-8 byte-order mark is skipped at the very start
 * of the input (Windows editors write one) and is an invalid line anywhere else.
 *
 * <p>A bad line fails with an {@link InvalidDataException} that names its line number and the JSON path
 * of the offending value ({@code line 7: $.messages[1].token_ids[3]: ...}). With
 * {@link #skipInvalidLines(Consumer)} such lines are reported to a handler and skipped instead, so one
 * corrupt line (for example the last line of a file whose writer crashed) does not stop a job.
 *
 * <pre>{@code
 * try (JsonlRowReader reader = JsonlRowReader.open(path)) {
 *     reader.stream().forEach(row -> ...);
 * }
 * }</pre>
 *
 * <p>Limits protect against hostile or corrupt files: {@link #maxLineBytes} (default
 * {@value #DEFAULT_MAX_LINE_BYTES} bytes; a longer line is dropped as it is read, never held in memory),
 * {@link #maxNestingDepth} (default {@value #DEFAULT_MAX_NESTING_DEPTH}), {@link #maxStringLength} (default
 * {@value #DEFAULT_MAX_STRING_LENGTH} characters) and {@link #maxNumberLength} (default
 * {@value #DEFAULT_MAX_NUMBER_LENGTH} characters). A line that breaks one is an invalid line whose message
 * names the limit.
 *
 * <p>Not thread-safe.
 */
public final class JsonlRowReader implements Closeable, Iterable<EvaluationRow> {
    /** Default {@link #maxLineBytes}: 256 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;
    /** Default {@link #maxNestingDepth}. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = JsonSupport.MAX_NESTING_DEPTH;
    /** Default {@link #maxStringLength}: 512 Mi characters (a row may carry a long base64 image). */
    public static final int DEFAULT_MAX_STRING_LENGTH = JsonSupport.MAX_STRING_LENGTH;
    /** Default {@link #maxNumberLength}, Jackson's. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = JsonSupport.MAX_NUMBER_LENGTH;

    private static final int OVERSIZED = -2;
    private static final String MISPLACED_BOM = "the line starts with a UTF-8 byte-order mark (U+FEFF); one is"
            + " accepted only at the very start of the input (remove it, e.g. re-save the file as UTF-8 without BOM)";

    private final InputStream in;
    private final ModelReader reader = new ModelReader();
    private Consumer<InvalidDataException> invalidLineHandler;
    private JsonFactory factory = JsonSupport.factory();
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
    private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
    private int maxNumberLength = DEFAULT_MAX_NUMBER_LENGTH;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private int scanFrom;
    private boolean eof;
    private long lineNumber;
    private long rowLineNumber;
    private boolean iteratorTaken;
    private boolean atInputStart = true;

    private JsonlRowReader(InputStream in) {
        this.in = in;
    }

    /** Reads the JSONL file at {@code path}. */
    public static JsonlRowReader open(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            return new JsonlRowReader(Files.newInputStream(path));
        } catch (IOException e) {
            throw new EpIoException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads JSONL from {@code in}, which {@link #close()} closes. */
    public static JsonlRowReader of(InputStream in) {
        return new JsonlRowReader(Objects.requireNonNull(in, "in"));
    }

    /**
     * Reports invalid lines to {@code handler} and goes on with the next line, instead of throwing. The
     * exception tells the line number ({@link InvalidDataException#line()}) and JSON path.
     */
    public JsonlRowReader skipInvalidLines(Consumer<InvalidDataException> handler) {
        this.invalidLineHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The longest line accepted, in bytes (line terminator excluded). */
    public JsonlRowReader maxLineBytes(int max) {
        // leaves room for the read buffer to hold one byte more than the limit
        this.maxLineBytes = Math.min(atLeastOne(max, "maxLineBytes"), Integer.MAX_VALUE - 64);
        return this;
    }

    /** The deepest nesting of JSON objects and arrays accepted in a row. */
    public JsonlRowReader maxNestingDepth(int max) {
        this.maxNestingDepth = atLeastOne(max, "maxNestingDepth");
        return rebuildFactory();
    }

    /** The longest JSON string accepted in a row, in characters. */
    public JsonlRowReader maxStringLength(int max) {
        this.maxStringLength = atLeastOne(max, "maxStringLength");
        return rebuildFactory();
    }

    /** The longest JSON number accepted in a row, in characters. */
    public JsonlRowReader maxNumberLength(int max) {
        this.maxNumberLength = atLeastOne(max, "maxNumberLength");
        return rebuildFactory();
    }

    private JsonlRowReader rebuildFactory() {
        factory = JsonSupport.factory().rebuild()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(maxNumberLength)
                        .build())
                .build();
        return this;
    }

    private static int atLeastOne(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + v);
        }
        return v;
    }

    /**
     * The next row, or {@code null} at the end of the input.
     *
     * @throws InvalidDataException for an invalid line, unless {@link #skipInvalidLines} is set
     * @throws EpIoException when reading fails
     */
    public EvaluationRow read() {
        while (true) {
            int end = nextLine();
            boolean firstLine = atInputStart;
            atInputStart = false;
            if (end == OVERSIZED) {
                invalid(new InvalidDataException("the line is longer than maxLineBytes=" + maxLineBytes
                        + " bytes (raise the limit with JsonlRowReader.maxLineBytes(...))", "$", lineNumber, null));
                continue;
            }
            if (end < 0) {
                return null;
            }
            int start = pos;
            pos = end + 1 > limit ? limit : end + 1;
            int len = end - start;
            if (len > 0 && buf[start + len - 1] == '\r') {
                len--;
            }
            if (startsWithBom(start, len)) {
                if (!firstLine) {
                    // Jackson would skip it on any line; Python and the CLI accept it at the start of the file only.
                    invalid(new InvalidDataException(MISPLACED_BOM, null, lineNumber, null));
                    continue;
                }
                start += 3;
                len -= 3;
            }
            if (isBlank(start, len)) {
                continue;
            }
            try (JsonParser p = factory.createParser(buf, start, len)) {
                EvaluationRow row = reader.line(lineNumber).source(buf, start).readSingleRow(p);
                rowLineNumber = lineNumber;
                return row;
            } catch (InvalidDataException e) {
                invalid(e.getCause() instanceof StreamConstraintsException
                        ? new InvalidDataException(limitMessage((StreamConstraintsException) e.getCause()),
                                e.path().orElse(null), lineNumber, e.getCause())
                        : e);
            } catch (CharConversionException e) {
                invalid(ModelReader.encodingError(e, lineNumber));
            } catch (IOException e) {
                throw new EpIoException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
    }

    private void invalid(InvalidDataException e) {
        if (invalidLineHandler == null) {
            throw e;
        }
        invalidLineHandler.accept(e);
    }

    /** Jackson's message names its own setting; ours names the reader's. */
    private String limitMessage(StreamConstraintsException e) {
        String m = e.getOriginalMessage();
        if (m.contains("NestingDepth")) {
            return "nesting deeper than maxNestingDepth=" + maxNestingDepth
                    + " (raise the limit with JsonlRowReader.maxNestingDepth(...))";
        }
        if (m.contains("StringLength") || m.contains("String value length")) {
            return "a string longer than maxStringLength=" + maxStringLength
                    + " characters (raise the limit with JsonlRowReader.maxStringLength(...))";
        }
        if (m.contains("NumberLength") || m.contains("Number value length")) {
            return "a number longer than maxNumberLength=" + maxNumberLength
                    + " characters (raise the limit with JsonlRowReader.maxNumberLength(...))";
        }
        return "a JSON limit is exceeded: " + m;
    }

    /** The 1-based line number of the row {@link #read()} returned last; 0 before the first. */
    public long lineNumber() {
        return rowLineNumber;
    }

    /**
     * Finds the next line: returns the index of its terminating '\n' (or {@code limit} for a last line
     * without one) with the line starting at {@code pos}, or -1 at the end of input.
     */
    private int nextLine() {
        while (true) {
            for (int i = Math.max(scanFrom, pos); i < limit; i++) {
                if (buf[i] == '\n') {
                    lineNumber++;
                    scanFrom = i + 1;
                    if (i - pos > maxLineBytes) {
                        pos = i + 1;
                        return OVERSIZED;
                    }
                    return i;
                }
            }
            if (eof) {
                if (pos < limit) {
                    lineNumber++;
                    scanFrom = limit;
                    if (limit - pos > maxLineBytes) {
                        pos = limit;
                        return OVERSIZED;
                    }
                    return limit;
                }
                return -1;
            }
            if (limit - pos > maxLineBytes) {
                lineNumber++;
                skipRestOfLine();
                return OVERSIZED;
            }
            scanFrom = limit;
            fill();
        }
    }

    /** Drops the current line up to and including its newline, reading on without keeping its bytes. */
    private void skipRestOfLine() {
        pos = 0;
        limit = 0;
        scanFrom = 0;
        while (true) {
            fill();
            for (int i = 0; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    scanFrom = pos;
                    return;
                }
            }
            limit = 0;
            if (eof) {
                return;
            }
        }
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            scanFrom -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            // grows to one byte past maxLineBytes at most: enough to see that a line is too long
            buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, maxLineBytes + 2L));
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw new EpIoException("cannot read line " + (lineNumber + 1) + ": " + e.getMessage(), e);
        }
    }

    private boolean startsWithBom(int start, int len) {
        return len >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB && buf[start + 2] == (byte) 0xBF;
    }

    private boolean isBlank(int start, int len) {
        for (int i = start; i < start + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The remaining rows; can be taken once. */
    @Override
    public Iterator<EvaluationRow> iterator() {
        if (iteratorTaken) {
            throw new IllegalStateException("a JsonlRowReader can be iterated once");
        }
        iteratorTaken = true;
        return new Iterator<>() {
            private EvaluationRow next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = read();
                }
                return next != null;
            }

            @Override
            public EvaluationRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                EvaluationRow row = next;
                next = null;
                return row;
            }
        };
    }

    /** The remaining rows as a sequential stream; closing the stream closes this reader. */
    public Stream<EvaluationRow> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::closeUnchecked);
    }

    private void closeUnchecked() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
