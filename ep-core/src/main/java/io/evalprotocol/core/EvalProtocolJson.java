package io.evalprotocol.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamWriteException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelReader;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonValue;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes eval-protocol JSON, byte-compatible with Python eval-protocol's
 * {@code model_dump_json(exclude_none=True)}: compact, {@code null} fields omitted, keys in declaration
 * order followed by unknown keys in input order, raw UTF-8, pydantic's float and date-time formats.
 *
 * <p>A row written by Python and read here is written back byte for byte: free-form payloads
 * ({@code logprobs}, {@code raw_output}, {@code extra}, unknown keys, ...) are kept as their exact text
 * ({@link RawJsonValue}), so provider numbers such as {@code -2.4e-7} are not reformatted.
 *
 * <p>Errors in the input are {@link InvalidDataException}s naming the JSON path of the offending value,
 * e.g. {@code $.messages[3].token_ids[17]: token id -1 is negative; ...}. For files of rows use
 * {@link JsonlRowReader} and {@link JsonlRowWriter}. All methods are thread-safe.
 */
public final class EvalProtocolJson {
    private EvalProtocolJson() {
    }

    /** Parses one row. */
    public static EvaluationRow readRow(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            return new ModelReader().readSingleRow(p);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one row from UTF-8 bytes. */
    public static EvaluationRow readRow(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        try (JsonParser p = JsonSupport.factory().createParser(utf8)) {
            return new ModelReader().source(utf8, 0).readSingleRow(p);
        } catch (CharConversionException e) {
            throw ModelReader.encodingError(e, -1);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one row from a stream holding exactly one JSON document; does not close the stream. */
    public static EvaluationRow readRow(InputStream in) {
        Objects.requireNonNull(in, "in");
        try (JsonParser p = JsonSupport.factory().createParser(new NonClosingInputStream(in))) {
            return new ModelReader().readSingleRow(p);
        } catch (CharConversionException e) {
            throw ModelReader.encodingError(e, -1);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** The row as Python eval-protocol writes it (one line, no trailing newline). */
    public static String writeRow(EvaluationRow row) {
        return new String(writeRowBytes(row), StandardCharsets.UTF_8);
    }

    /** The row as UTF-8 bytes (one line, no trailing newline). */
    public static byte[] writeRowBytes(EvaluationRow row) {
        Objects.requireNonNull(row, "row");
        try (ByteArrayBuilder out = new ByteArrayBuilder(8192);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            ModelWriter.writeRow(g, row);
            g.flush();
            return out.toByteArray();
        } catch (StreamWriteException e) {
            throw new InvalidDataException("cannot write row: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EpIoException("cannot write row: " + e.getMessage(), e);
        }
    }

    /** Writes the row (no trailing newline) to {@code out}; does not close it. */
    public static void writeRow(EvaluationRow row, OutputStream out) {
        Objects.requireNonNull(out, "out");
        byte[] bytes = writeRowBytes(row);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new EpIoException("cannot write row: " + e.getMessage(), e);
        }
    }

    /** Parses one message. */
    public static Message readMessage(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            return new ModelReader().readSingleMessage(p);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one message from UTF-8 bytes. */
    public static Message readMessage(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        try (JsonParser p = JsonSupport.factory().createParser(utf8)) {
            return new ModelReader().source(utf8, 0).readSingleMessage(p);
        } catch (CharConversionException e) {
            throw ModelReader.encodingError(e, -1);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** The message as it appears inside a row. */
    public static String writeMessage(Message message) {
        Objects.requireNonNull(message, "message");
        try (ByteArrayBuilder out = new ByteArrayBuilder(1024);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            ModelWriter.writeMessage(g, message);
            g.flush();
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        } catch (StreamWriteException e) {
            throw new InvalidDataException("cannot write message: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EpIoException("cannot write message: " + e.getMessage(), e);
        }
    }

    /**
     * Parses any JSON value, keeping the exact text of objects, arrays and numbers (see
     * {@link RawJsonValue}); whitespace between tokens is dropped.
     */
    public static JsonValue readValue(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser p = JsonSupport.factory().createParser(json)) {
            return new ModelReader().readSingleValue(p);
        } catch (IOException e) {
            throw new EpIoException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    /** Any JSON-P value in the compact form Python writes (floats as pydantic formats them). */
    public static String writeValue(JsonValue value) {
        Objects.requireNonNull(value, "value");
        try (ByteArrayBuilder out = new ByteArrayBuilder(1024);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            ModelWriter.writeJsonValue(g, value);
            g.flush();
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        } catch (StreamWriteException e) {
            throw new InvalidDataException("cannot write value: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EpIoException("cannot write value: " + e.getMessage(), e);
        }
    }

    /** Jackson closes its source on close; callers of {@link #readRow(InputStream)} keep theirs. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
