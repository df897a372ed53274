package io.evalprotocol.errors;

/** The provider asked to slow down (429). Retried by the SDK's retry policy. */
public class RateLimitException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public RateLimitException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
