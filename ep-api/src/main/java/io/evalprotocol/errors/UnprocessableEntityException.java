package io.evalprotocol.errors;

/** The request was well-formed but refused (422), e.g. an unsupported parameter. */
public class UnprocessableEntityException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public UnprocessableEntityException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
