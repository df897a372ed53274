package io.evalprotocol.errors;

/** The provider failed (5xx). Retried by the SDK's retry policy. */
public class InternalServerException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public InternalServerException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
