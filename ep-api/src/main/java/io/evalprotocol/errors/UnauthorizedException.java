package io.evalprotocol.errors;

/** The API key is missing or wrong (401). */
public class UnauthorizedException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
