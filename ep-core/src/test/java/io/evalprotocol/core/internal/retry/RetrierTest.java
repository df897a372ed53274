package io.evalprotocol.core.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.Sleeper;
import io.evalprotocol.errors.BadRequestException;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.InternalServerException;
import io.evalprotocol.errors.RateLimitException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper recordingSleeper = d -> {
        waits.add(d);
        clock.advance(d);
        return CompletableFuture.completedFuture(null);
    };

    private Retrier retrier(RetryPolicy policy) {
        return new Retrier(policy, clock, recordingSleeper, () -> 0.0);
    }

    private static AttemptFailure http(int status, Duration retryAfter) {
        EpException e = status == 429 ? new RateLimitException(429, null, "", "HTTP 429")
                : status >= 500 ? new InternalServerException(status, null, "", "HTTP " + status)
                : new BadRequestException(status, null, "", "HTTP " + status);
        return new AttemptFailure(e, status == 429 || status >= 500, retryAfter);
    }

    @Test
    void retriesServerErrorThenSucceedsAfterHalfSecondBackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> {
            calls.incrementAndGet();
            return n == 1 ? CompletableFuture.failedFuture(http(500, null)) : CompletableFuture.completedFuture("ok");
        }, null);
        assertThat(f.get()).isEqualTo("ok");
        assertThat(calls).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void honoursRetryAfterWithinLimit() throws Exception {
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> n == 1
                ? CompletableFuture.failedFuture(http(429, Duration.ofSeconds(7)))
                : CompletableFuture.completedFuture("ok"), null);
        assertThat(f.get()).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void ignoresRetryAfterBeyondMaxRetryAfterAndUsesBackoff() throws Exception {
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> n == 1
                ? CompletableFuture.failedFuture(http(429, Duration.ofMinutes(5)))
                : CompletableFuture.completedFuture("ok"), null);
        f.get();
        assertThat(waits).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void exhaustsAttemptsAndFailsWithLastErrorKeepingEarlierOnesSuppressed() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> observed = new ArrayList<>();
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(http(503, null));
        }, (attempt, failure, wait) -> observed.add(attempt));
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InternalServerException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(calls).hasValue(3);
        assertThat(observed).containsExactly(1, 2);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void doesNotRetryNonRetryableFailure() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(http(400, null));
        }, null);
        assertThatThrownBy(f::get).cause().isInstanceOf(BadRequestException.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void plainEpExceptionIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new EpIoException("boom", null));
        }, null);
        assertThatThrownBy(f::get).cause().isInstanceOf(EpIoException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void stopsWhenNextWaitWouldExceedTimeBudget() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).maxElapsed(Duration.ofSeconds(2)).build();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> f = retrier(policy).execute(n -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(http(500, null));
        }, null);
        assertThatThrownBy(f::get).cause().isInstanceOf(InternalServerException.class);
        // waits 0.5 + 1 = 1.5 s fit; the next 2 s wait would end at 3.5 s > 2 s.
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(calls).hasValue(3);
    }

    @Test
    void cancellingResultCancelsRunningAttempt() {
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        CompletableFuture<String> f = retrier(RetryPolicy.defaults()).execute(n -> inFlight, null);
        f.cancel(true);
        assertThat(inFlight).isCancelled();
    }

    @Test
    void cancellingResultDuringWaitCancelsTheWaitAndStartsNoAttempt() {
        CompletableFuture<Void> pendingSleep = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        Retrier r = new Retrier(RetryPolicy.defaults(), clock, d -> pendingSleep, () -> 0.0);
        CompletableFuture<String> f = r.execute(n -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(http(500, null));
        }, null);
        f.cancel(true);
        assertThat(pendingSleep).isCancelled();
        assertThat(calls).hasValue(1);
        assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void backoffDoublesFromHalfSecondAndCapsAtEightSeconds() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(List.of(1, 2, 3, 4, 5, 6, 30).stream().map(n -> p.backoff(n, 0.0)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(8), Duration.ofSeconds(8));
    }

    @Test
    void jitterTakesOffAtMostAQuarter() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.backoff(1, 0.999999)).isGreaterThan(Duration.ofMillis(375)).isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(p.backoff(5, 0.5)).isEqualTo(Duration.ofSeconds(7));
    }
}
