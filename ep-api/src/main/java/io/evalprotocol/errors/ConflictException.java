package io.evalprotocol.errors;

/**
 * The request conflicted with the server's state (409), e.g. a model that is being loaded or swapped. Retried
 * by the SDK's retry policy, since such conflicts usually clear by themselves.
 */
public class ConflictException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public ConflictException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
