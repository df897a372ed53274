package io.evalprotocol.core.internal.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses the wait a server asks for in {@code Retry-After-Ms} / {@code Retry-After} (RFC 9110 §10.2.3). */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * The requested wait, or null when neither header is present or parseable. {@code Retry-After-Ms}
     * (milliseconds, possibly fractional; sent by OpenAI) wins over {@code Retry-After} (seconds, possibly
     * fractional, or an HTTP date).
     */
    public static Duration parse(String retryAfterMs, String retryAfter, Clock clock) {
        if (retryAfterMs != null) {
            Duration d = parseNumber(retryAfterMs, 1_000_000L);
            if (d != null) {
                return d;
            }
        }
        if (retryAfter != null) {
            Duration d = parseNumber(retryAfter, 1_000_000_000L);
            if (d != null) {
                return d;
            }
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.ofMillis(at.toInstant().toEpochMilli() - clock.millis());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static Duration parseNumber(String text, long nanosPerUnit) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return null;
            }
            double nanos = v * nanosPerUnit;
            if (nanos > Long.MAX_VALUE / 2.0) {
                return Duration.ofNanos(Long.MAX_VALUE / 2);
            }
            return Duration.ofNanos((long) nanos);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
