package io.evalprotocol.errors;

/** A provider answered with a body the SDK cannot use: malformed JSON, a missing field, a truncated stream. */
public class InvalidResponseException extends EpException {
    private static final long serialVersionUID = 1L;

    public InvalidResponseException(String message) {
        super(message);
    }

    public InvalidResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
