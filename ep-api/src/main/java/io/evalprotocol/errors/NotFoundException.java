package io.evalprotocol.errors;

/** The endpoint or model does not exist (404). */
public class NotFoundException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
