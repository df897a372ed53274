package io.evalprotocol.errors;

/** The request was rejected as malformed (400). */
public class BadRequestException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
