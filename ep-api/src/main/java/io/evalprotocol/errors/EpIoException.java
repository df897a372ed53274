package io.evalprotocol.errors;

/** A network failure talking to the provider (connection refused or reset, TLS failure). Retryable. */
public class EpIoException extends EpException {
    private static final long serialVersionUID = 1L;

    public EpIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
