package io.evalprotocol.errors;

import java.util.Optional;

/**
 * The provider answered with a non-2xx status. Subclasses name the common statuses; see README's
 * "Error handling" table. {@link #bodyExcerpt()} is a short, secret-free excerpt of the error body.
 */
public class EpServiceException extends EpException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String errorCode;
    private final String bodyExcerpt;

    public EpServiceException(int statusCode, String errorCode, String bodyExcerpt, String message) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.bodyExcerpt = bodyExcerpt == null ? "" : bodyExcerpt;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The provider's own error code ({@code error.code} or {@code error.type}), when it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** Whether the SDK's retry policy treats this status as transient (408, 409, 429, 5xx). */
    public boolean isRetryable() {
        return statusCode == 408 || statusCode == 409 || statusCode == 429 || statusCode >= 500;
    }
}
