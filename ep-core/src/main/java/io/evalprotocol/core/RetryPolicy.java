package io.evalprotocol.core;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long the SDK waits before retrying a failed request. Immutable.
 *
 * <p>Retried: HTTP 408, 409, 429 and every 5xx, and I/O failures (connection refused or reset, timeouts,
 * a body cut off mid-way). A response header {@code x-should-retry: true|false} overrides that decision,
 * as in openai-java. Never retried: other 4xx, malformed or oversized bodies, configuration errors.
 *
 * <p>The wait before retry {@code n} (1-based) is {@code min(initialBackoff * 2^(n-1), maxBackoff)}
 * reduced by a random fraction of up to {@code jitter} (so with the defaults: 0.5 s, 1 s, 2 s, 4 s, 8 s,
 * 8 s… each minus up to 25%). A {@code Retry-After-Ms} or {@code Retry-After} header (seconds or an HTTP
 * date) replaces the computed wait when it lies in {@code (0, maxRetryAfter]}; longer server requests
 * fall back to the computed wait. No retry is started whose wait would end after {@code maxElapsed}
 * from the row's first attempt.
 *
 * <p>Defaults: {@value #DEFAULT_MAX_ATTEMPTS} attempts (one try plus two retries, openai-java's default),
 * initial backoff 0.5 s, max backoff 8 s, jitter 0.25, max Retry-After honoured 60 s, max elapsed 10 min.
 */
public final class RetryPolicy {
    /** Default number of attempts, the first one included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final Duration maxElapsed;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxElapsed = b.maxElapsed;
    }

    /** The defaults listed in the class documentation. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A single attempt, never retried. */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxAttempts(maxAttempts)
                .initialBackoff(initialBackoff)
                .maxBackoff(maxBackoff)
                .jitter(jitter)
                .maxRetryAfter(maxRetryAfter)
                .maxElapsed(maxElapsed);
    }

    /** Attempts per request, the first one included; 1 disables retries. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The largest fraction (0 to 1) randomly taken off each computed wait. */
    public double jitter() {
        return jitter;
    }

    /** Server-requested waits up to this long are honoured as given. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Total time budget for one request's attempts and waits, measured from its first attempt. */
    public Duration maxElapsed() {
        return maxElapsed;
    }

    /**
     * The computed wait before retry {@code retry} (1-based), before any {@code Retry-After} override.
     *
     * @param random a value in [0, 1) choosing how much jitter to take off
     */
    public Duration backoff(int retry, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based, was " + retry);
        }
        double base = initialBackoff.toNanos() * Math.pow(2, Math.min(retry - 1, 62));
        double capped = Math.min(base, maxBackoff.toNanos());
        double withJitter = capped * (1.0 - jitter * random);
        return Duration.ofNanos((long) withJitter);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy p = (RetryPolicy) o;
        return maxAttempts == p.maxAttempts && Double.compare(jitter, p.jitter) == 0
                && initialBackoff.equals(p.initialBackoff) && maxBackoff.equals(p.maxBackoff)
                && maxRetryAfter.equals(p.maxRetryAfter) && maxElapsed.equals(p.maxElapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, jitter, maxRetryAfter, maxElapsed);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter
                + ", maxElapsed=" + maxElapsed + '}';
    }

    /** Builds a {@link RetryPolicy}; every setter validates its argument. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(8);
        private double jitter = 0.25;
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private Duration maxElapsed = Duration.ofMinutes(10);

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
            return this;
        }

        public Builder jitter(double jitter) {
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        public Builder maxElapsed(Duration maxElapsed) {
            this.maxElapsed = nonNegative(maxElapsed, "maxElapsed");
            return this;
        }

        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") is below initialBackoff ("
                        + initialBackoff + ")");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
