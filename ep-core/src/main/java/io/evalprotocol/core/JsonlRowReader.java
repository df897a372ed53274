package io.evalprotocol.core;

import com.fasterxml.jackson.core.JsonParser;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelReader;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InvalidDataException;
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
 * eval-protocol's reader does.
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
 * <p>Not thread-safe.
 */
public final class JsonlRowReader implements Closeable, Iterable<EvaluationRow> {
    private final InputStream in;
    private final ModelReader reader = new ModelReader();
    private Consumer<InvalidDataException> invalidLineHandler;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private int scanFrom;
    private boolean eof;
    private long lineNumber;
    private long rowLineNumber;
    private boolean iteratorTaken;

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

    /**
     * The next row, or {@code null} at the end of the input.
     *
     * @throws InvalidDataException for an invalid line, unless {@link #skipInvalidLines} is set
     * @throws EpIoException when reading fails
     */
    public EvaluationRow read() {
        while (true) {
            int end = nextLine();
            if (end < 0) {
                return null;
            }
            int start = pos;
            pos = end + 1 > limit ? limit : end + 1;
            int len = end - start;
            if (len > 0 && buf[start + len - 1] == '\r') {
                len--;
            }
            if (isBlank(start, len)) {
                continue;
            }
            try (JsonParser p = JsonSupport.factory().createParser(buf, start, len)) {
                EvaluationRow row = reader.line(lineNumber).readSingleRow(p);
                rowLineNumber = lineNumber;
                return row;
            } catch (InvalidDataException e) {
                if (invalidLineHandler == null) {
                    throw e;
                }
                invalidLineHandler.accept(e);
            } catch (IOException e) {
                throw new EpIoException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
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
                    return i;
                }
            }
            if (eof) {
                if (pos < limit) {
                    lineNumber++;
                    scanFrom = limit;
                    return limit;
                }
                return -1;
            }
            scanFrom = limit;
            fill();
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
            buf = Arrays.copyOf(buf, buf.length * 2);
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
