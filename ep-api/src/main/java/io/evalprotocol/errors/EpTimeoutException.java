package io.evalprotocol.errors;

/** A connect, response or per-row deadline passed. */
public class EpTimeoutException extends EpIoException {
    private static final long serialVersionUID = 1L;

    public EpTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
