package io.evalprotocol.errors;

/** A non-2xx status without a dedicated exception type. */
public class UnexpectedStatusCodeException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public UnexpectedStatusCodeException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
