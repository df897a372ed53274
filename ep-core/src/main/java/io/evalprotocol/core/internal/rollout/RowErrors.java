package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.Status;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.errors.EpConfigurationException;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.EpServiceException;
import io.evalprotocol.errors.EpTimeoutException;
import io.evalprotocol.errors.InvalidDataException;
import io.evalprotocol.errors.InvalidResponseException;
import io.evalprotocol.errors.SseStreamException;
import io.evalprotocol.errors.TokenIdExtractionException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * Turns the exception a row failed with into its {@code rollout_status}: a gRPC code, the message, and one
 * AIP-193 {@code ErrorInfo} detail whose {@code reason} names the failure kind and whose {@code metadata}
 * holds the HTTP status, provider error code, a secret-free body excerpt and the attempt count.
 */
public final class RowErrors {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private RowErrors() {}

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static Status status(Throwable failure, int attempts) {
        return status(failure, attempts, UnaryOperator.identity());
    }

    /**
     * @param redactor applied to every text taken from the failure: the SDK's own messages are already clean,
     *     but an extractor plugin may quote the response
     */
    public static Status status(Throwable failure, int attempts, UnaryOperator<String> redactor) {
        Throwable t = unwrap(failure);
        JsonObjectBuilder meta = PROVIDER.createObjectBuilder();
        StatusCode code;
        String reason;
        if (t instanceof CancellationException) {
            code = StatusCode.CANCELLED;
            reason = "CANCELLED";
        } else if (t instanceof EpServiceException) {
            EpServiceException e = (EpServiceException) t;
            code = forHttp(e.statusCode());
            reason = "HTTP_" + e.statusCode();
            meta.add("http_status", Integer.toString(e.statusCode()));
            e.errorCode().ifPresent(c -> meta.add("provider_error_code", redactor.apply(c)));
            if (!e.bodyExcerpt().isEmpty()) {
                meta.add("body_excerpt", redactor.apply(e.bodyExcerpt()));
            }
        } else if (t instanceof EpTimeoutException) {
            code = StatusCode.DEADLINE_EXCEEDED;
            reason = "TIMEOUT";
        } else if (t instanceof EpIoException) {
            code = StatusCode.UNAVAILABLE;
            reason = "IO_ERROR";
        } else if (t instanceof TokenIdExtractionException) {
            TokenIdExtractionException e = (TokenIdExtractionException) t;
            code = StatusCode.DATA_LOSS;
            reason = "TOKEN_ID_EXTRACTION";
            meta.add("extractor_id", e.extractorId());
            meta.add("choice_index", Integer.toString(e.choiceIndex()));
        } else if (t instanceof SseStreamException) {
            code = StatusCode.DATA_LOSS;
            reason = "SSE_STREAM_ERROR";
        } else if (t instanceof InvalidResponseException) {
            code = StatusCode.DATA_LOSS;
            reason = "INVALID_RESPONSE";
        } else if (t instanceof InvalidDataException) {
            code = StatusCode.INVALID_ARGUMENT;
            reason = "INVALID_ROW";
        } else if (t instanceof EpConfigurationException) {
            code = StatusCode.FAILED_PRECONDITION;
            reason = "CONFIGURATION";
        } else if (t instanceof EpException) {
            code = StatusCode.UNKNOWN;
            reason = "ERROR";
        } else {
            code = StatusCode.INTERNAL;
            reason = "INTERNAL";
        }
        meta.add("exception", t.getClass().getName());
        if (attempts > 0) {
            meta.add("attempts", Integer.toString(attempts));
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : redactor.apply(t.getMessage());
        if (attempts > 1) {
            message = message + " (after " + attempts + " attempts)";
        }
        JsonObject detail = Status.errorInfo(reason, Status.DOMAIN, meta.build());
        return Status.error(code, message, List.of(detail));
    }

    static StatusCode forHttp(int status) {
        switch (status) {
            case 400:
            case 422:
                return StatusCode.INVALID_ARGUMENT;
            case 401:
                return StatusCode.UNAUTHENTICATED;
            case 403:
                return StatusCode.PERMISSION_DENIED;
            case 404:
                return StatusCode.NOT_FOUND;
            case 408:
            case 504:
                return StatusCode.DEADLINE_EXCEEDED;
            case 409:
                return StatusCode.ABORTED;
            case 429:
                return StatusCode.RESOURCE_EXHAUSTED;
            case 502:
            case 503:
                return StatusCode.UNAVAILABLE;
            default:
                return status >= 500 ? StatusCode.INTERNAL : StatusCode.UNKNOWN;
        }
    }
}
