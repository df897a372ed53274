package io.evalprotocol.core.internal.retry;

import io.evalprotocol.errors.EpException;
import java.time.Duration;
import java.util.Objects;

/**
 * How one attempt failed: the exception the caller will eventually see, whether the failure is transient,
 * and what the server said about retrying. Carried through the attempt's future; never escapes the SDK.
 */
public final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient EpException error;
    private final boolean retryable;
    private final transient Duration retryAfter;

    public AttemptFailure(EpException error, boolean retryable, Duration retryAfter) {
        super(error.getMessage(), error, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public EpException error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The server-requested wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
