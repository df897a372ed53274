package io.evalprotocol.errors;

import java.util.Optional;

/**
 * Input data is not what the eval-protocol model allows: a dataset line, a row read from JSON, or a value
 * handed to a builder. The message says where ({@link #path()}, and {@link #line()} for JSONL input)
 * and what.
 */
public class InvalidDataException extends EpException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long line;

    public InvalidDataException(String message) {
        this(message, null, -1, null);
    }

    /**
     * @param path a JSON path such as {@code $.messages[2].token_ids}, or null when unknown
     * @param line 1-based line number in a JSONL file, or -1
     */
    public InvalidDataException(String message, String path, long line, Throwable cause) {
        super(decorate(message, path, line), cause);
        this.path = path;
        this.line = line;
    }

    private static String decorate(String message, String path, long line) {
        StringBuilder sb = new StringBuilder();
        if (line > 0) {
            sb.append("line ").append(line).append(": ");
        }
        if (path != null) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }

    /** The JSON path of the offending value, when known. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** The 1-based line number in the JSONL input, or -1 when the data did not come from a file. */
    public long line() {
        return line;
    }
}
