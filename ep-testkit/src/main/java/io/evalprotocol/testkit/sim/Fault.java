package io.evalprotocol.testkit.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * One injected failure: an immutable value, built with the static factories and optionally combined with a
 * delay before the response headers ({@link #afterDelay(Duration)}).
 *
 * <pre>{@code
 * Fault.rateLimited(Duration.ofMillis(20))   // 429, Retry-After: 1, Retry-After-Ms: 20
 * Fault.status(503)
 * Fault.reset()
 * Fault.slow(Duration.ofMillis(50))          // 50 ms before headers and between SSE events
 * }</pre>
 */
public final class Fault {
    private final FaultKind kind;
    private final int status;
    private final Duration retryAfter;
    private final Duration delay;
    private final Duration eventDelay;

    private Fault(FaultKind kind, int status, Duration retryAfter, Duration delay, Duration eventDelay) {
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.delay = delay;
        this.eventDelay = eventDelay;
    }

    /** 429 with {@code Retry-After: 1} and {@code Retry-After-Ms: 50}. */
    public static Fault rateLimited() {
        return rateLimited(Duration.ofMillis(50));
    }

    /**
     * 429 carrying {@code retryAfter} as {@code Retry-After-Ms} and (rounded up to whole seconds) as
     * {@code Retry-After}, as OpenAI sends them.
     */
    public static Fault rateLimited(Duration retryAfter) {
        requireNonNegative(retryAfter, "retryAfter");
        return new Fault(FaultKind.HTTP_STATUS, 429, retryAfter, Duration.ZERO, Duration.ZERO);
    }

    /** 500 Internal Server Error. */
    public static Fault serverError() {
        return status(500);
    }

    /** 503 Service Unavailable (overloaded). */
    public static Fault unavailable() {
        return status(503);
    }

    /** Any error status from 400 to 599 with an OpenAI-format error body (429 gets no Retry-After this way). */
    public static Fault status(int code) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("fault status must be 400-599, got " + code);
        }
        return new Fault(FaultKind.HTTP_STATUS, code, null, Duration.ZERO, Duration.ZERO);
    }

    /** A normal response after {@code delay}. */
    public static Fault delay(Duration delay) {
        requireNonNegative(delay, "delay");
        return new Fault(FaultKind.DELAY, 200, null, delay, Duration.ZERO);
    }

    /** A normal response, {@code delay} before the headers and between consecutive SSE events. */
    public static Fault slow(Duration delay) {
        requireNonNegative(delay, "delay");
        return new Fault(FaultKind.SLOW, 200, null, delay, delay);
    }

    /** A normal streamed response with {@code betweenEvents} between SSE events (headers immediately). */
    public static Fault slowEvents(Duration betweenEvents) {
        requireNonNegative(betweenEvents, "betweenEvents");
        return new Fault(FaultKind.SLOW, 200, null, Duration.ZERO, betweenEvents);
    }

    /** TCP reset after the request is read: the client sees an {@code IOException}. */
    public static Fault reset() {
        return new Fault(FaultKind.RESET, 0, null, Duration.ZERO, Duration.ZERO);
    }

    /** Half the body, then the connection closes. */
    public static Fault truncated() {
        return new Fault(FaultKind.TRUNCATED, 200, null, Duration.ZERO, Duration.ZERO);
    }

    /** 200 with broken JSON. */
    public static Fault malformedJson() {
        return new Fault(FaultKind.MALFORMED_JSON, 200, null, Duration.ZERO, Duration.ZERO);
    }

    /** 200 with an HTML page. */
    public static Fault wrongContentType() {
        return new Fault(FaultKind.WRONG_CONTENT_TYPE, 200, null, Duration.ZERO, Duration.ZERO);
    }

    /** This fault, after an extra delay before the response headers. */
    public Fault afterDelay(Duration delay) {
        requireNonNegative(delay, "delay");
        return new Fault(kind, status, retryAfter, this.delay.plus(delay), eventDelay);
    }

    public FaultKind kind() {
        return kind;
    }

    /** The HTTP status the client sees, or 0 for {@link FaultKind#RESET}. */
    public int status() {
        return status;
    }

    /** For a 429 made by {@link #rateLimited(Duration)}: the advertised wait; otherwise null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Delay before the response headers. */
    public Duration delay() {
        return delay;
    }

    /** Delay between SSE events. */
    public Duration eventDelay() {
        return eventDelay;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fault)) {
            return false;
        }
        Fault f = (Fault) o;
        return kind == f.kind && status == f.status && Objects.equals(retryAfter, f.retryAfter)
                && delay.equals(f.delay) && eventDelay.equals(f.eventDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, retryAfter, delay, eventDelay);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fault[").append(kind);
        if (kind == FaultKind.HTTP_STATUS) {
            sb.append(' ').append(status);
        }
        if (retryAfter != null) {
            sb.append(", retryAfter=").append(retryAfter.toMillis()).append("ms");
        }
        if (!delay.isZero()) {
            sb.append(", delay=").append(delay.toMillis()).append("ms");
        }
        if (!eventDelay.isZero()) {
            sb.append(", eventDelay=").append(eventDelay.toMillis()).append("ms");
        }
        return sb.append(']').toString();
    }
}
