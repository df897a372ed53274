package io.evalprotocol.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.exc.StreamWriteException;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InvalidDataException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes {@link EvaluationRow}s as JSONL, one {@code \n}-terminated line per row, in Python eval-protocol's
 * format (see {@link EvalProtocolJson}).
 *
 * <p>Each row is serialized completely before any byte of it reaches the output, then written and flushed
 * in one go: a row that fails to serialize leaves nothing behind, and after a crash the file holds whole
 * rows (plus at most one torn last line, if the process died inside the write call).
 * {@link #append(Path)} starts on a fresh line if the file's last line was torn that way.
 *
 * <p>Thread-safe: concurrent {@link #write} calls produce whole lines, in call order.
 */
public final class JsonlRowWriter implements Closeable, Flushable {
    private static final int KEEP_BUFFER_BYTES = 1 << 20;

    private final OutputStream out;
    private ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
    private JsonGenerator generator;
    private long rowsWritten;
    private boolean closed;

    private JsonlRowWriter(OutputStream out) {
        this.out = out;
    }

    /** Creates (or truncates) the file at {@code path}. */
    public static JsonlRowWriter create(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            return new JsonlRowWriter(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new EpIoException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends to the file at {@code path}, creating it if needed. When the file does not end with a
     * newline (a torn last line), a newline is written first so the next row starts on its own line.
     */
    public static JsonlRowWriter append(Path path) {
        Objects.requireNonNull(path, "path");
        try {
            boolean needsNewline = false;
            if (Files.exists(path)) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    long size = ch.size();
                    if (size > 0) {
                        ByteBuffer last = ByteBuffer.allocate(1);
                        ch.read(last, size - 1);
                        needsNewline = last.get(0) != '\n';
                    }
                }
            }
            OutputStream os = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            if (needsNewline) {
                os.write('\n');
            }
            return new JsonlRowWriter(os);
        } catch (IOException e) {
            throw new EpIoException("cannot append to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes to {@code out}, which {@link #close()} closes. */
    public static JsonlRowWriter of(OutputStream out) {
        return new JsonlRowWriter(Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes {@code row} as one line and flushes it.
     *
     * @throws InvalidDataException when the row cannot be serialized (nothing is written then; the same
     *     holds for any other exception thrown while serializing, e.g. by a user's JSON-P value)
     * @throws EpIoException when writing fails
     */
    public synchronized void write(EvaluationRow row) {
        Objects.requireNonNull(row, "row");
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        try {
            if (generator == null) {
                generator = JsonSupport.factory().createGenerator(line);
            }
            ModelWriter.writeRow(generator, row);
            generator.flush();
        } catch (IOException | RuntimeException e) {
            // the generator may be mid-object; start over with a fresh one and drop the partial line
            generator = null;
            line = new ByteArrayOutputStream(8192);
            if (e instanceof StreamWriteException) {
                throw new InvalidDataException("cannot write row: "
                        + ((StreamWriteException) e).getOriginalMessage());
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new EpIoException("cannot write row: " + e.getMessage(), e);
        }
        line.write('\n');
        try {
            line.writeTo(out);
            out.flush();
            rowsWritten++;
        } catch (IOException e) {
            throw new EpIoException("cannot write row " + (rowsWritten + 1) + ": " + e.getMessage(), e);
        } finally {
            if (line.size() > KEEP_BUFFER_BYTES) {
                line = new ByteArrayOutputStream(8192);
                generator = null;
            } else {
                line.reset();
            }
        }
    }

    /** Rows written so far. */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
