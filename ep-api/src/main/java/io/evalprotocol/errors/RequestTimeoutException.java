package io.evalprotocol.errors;

/**
 * The server gave up waiting for the request (408). Retried by the SDK's retry policy.
 *
 * <p>Not to be confused with {@link EpTimeoutException}, which is the client's own connect, response or
 * row deadline passing: here the server answered, with a 408 status.
 */
public class RequestTimeoutException extends EpServiceException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(statusCode, errorCode, bodyExcerpt, message);
    }
}
