package io.evalprotocol.errors;

/** A server-sent event stream broke after a 200: an error event, a truncated or malformed event. */
public class SseStreamException extends InvalidResponseException {
    private static final long serialVersionUID = 1L;

    public SseStreamException(String message) {
        super(message);
    }

    public SseStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
