package io.evalprotocol.core.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void parsesSecondsIncludingFractions() {
        assertThat(RetryAfter.parse(null, "3", clock)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(null, " 1.5 ", clock)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void millisecondsHeaderWins() {
        assertThat(RetryAfter.parse("250", "30", clock)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void parsesHttpDateRelativeToClock() {
        assertThat(RetryAfter.parse(null, "Thu, 01 Jan 2026 00:00:42 GMT", clock)).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void returnsNullForGarbageOrAbsence() {
        assertThat(RetryAfter.parse(null, null, clock)).isNull();
        assertThat(RetryAfter.parse("soon", "later", clock)).isNull();
        assertThat(RetryAfter.parse(null, "NaN", clock)).isNull();
    }
}
