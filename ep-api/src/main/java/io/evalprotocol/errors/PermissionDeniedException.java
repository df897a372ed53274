package io.evalprotocol.errors;

/** The API key may not use this model or endpoint (403). */
public class PermissionDeniedException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
