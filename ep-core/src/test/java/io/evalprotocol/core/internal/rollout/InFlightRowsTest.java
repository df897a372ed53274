package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightRowsTest {
    /** A clock and a timer driven by hand. */
    private long now = 1_000;
    private final List<Long> armedAt = new ArrayList<>();
    private final List<Runnable> armed = new ArrayList<>();
    private final List<String> expired = new ArrayList<>();

    private InFlightRows rows(long deadline) {
        return new InFlightRows(deadline, () -> now, (task, delay) -> {
            armedAt.add(now + delay);
            armed.add(task);
        });
    }

    private final class Named extends InFlightRows.Row {
        final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void expire() {
            expired.add(name);
        }
    }

    /** Fires the timers due at the current time, as a scheduler would. */
    private void fireDue() {
        for (int i = 0; i < armed.size(); i++) {
            if (armedAt.get(i) <= now && armed.get(i) != null) {
                Runnable r = armed.get(i);
                armed.set(i, null);
                r.run();
            }
        }
    }

    @Test
    void expiresRowsOnceTheirDeadlinePassesOldestFirst() {
        InFlightRows rows = rows(100);
        rows.add(new Named("a"));
        now += 10;
        rows.add(new Named("b"));
        now += 10;
        rows.add(new Named("c"));
        assertThat(armedAt).containsExactly(1_100L);

        now = 1_099;
        fireDue();
        assertThat(expired).isEmpty();
        now = 1_100;
        fireDue();
        assertThat(expired).containsExactly("a");
        assertThat(armedAt).containsExactly(1_100L, 1_110L);
        now = 1_200;
        fireDue();
        assertThat(expired).containsExactly("a", "b", "c");
        assertThat(rows.size()).isZero();
    }

    @Test
    void aFinishedRowNeverExpiresAndOneTimerServesAllRows() {
        InFlightRows rows = rows(100);
        Named a = new Named("a");
        Named b = new Named("b");
        rows.add(a);
        now += 50;
        rows.add(b);
        assertThat(rows.remove(a)).isTrue();
        assertThat(rows.remove(a)).isFalse();
        assertThat(armed).hasSize(1);

        // the timer armed for a fires early for b, finds nothing due, and re-arms for b
        now = 1_100;
        fireDue();
        assertThat(expired).isEmpty();
        assertThat(armedAt).containsExactly(1_100L, 1_150L);
        now = 1_150;
        fireDue();
        assertThat(expired).containsExactly("b");
    }

    @Test
    void rearmsWhenRowsArriveAfterTheListEmptied() {
        InFlightRows rows = rows(100);
        Named a = new Named("a");
        rows.add(a);
        now = 1_100;
        fireDue();
        assertThat(expired).containsExactly("a");
        assertThat(armed.stream().filter(r -> r != null)).isEmpty();

        now = 2_000;
        rows.add(new Named("b"));
        assertThat(armedAt).containsExactly(1_100L, 2_100L);
        now = 2_100;
        fireDue();
        assertThat(expired).containsExactly("a", "b");
    }

    @Test
    void deadlinesStayInArrivalOrderEvenIfTheClockStepsBack() {
        InFlightRows rows = rows(100);
        rows.add(new Named("a"));
        now -= 50;
        rows.add(new Named("b"));
        now = 1_100;
        fireDue();
        assertThat(expired).containsExactly("a", "b");
    }

    @Test
    void closeReturnsTheRowsLeftAndRefusesNewOnes() {
        InFlightRows rows = rows(100);
        Named a = new Named("a");
        Named b = new Named("b");
        Named c = new Named("c");
        rows.add(a);
        rows.add(b);
        rows.add(c);
        rows.remove(b);
        List<InFlightRows.Row> left = rows.close();
        assertThat(left).containsExactly(a, c);
        assertThat(rows.add(new Named("d"))).isFalse();
        assertThat(rows.remove(a)).isFalse();
        now = 5_000;
        fireDue();
        assertThat(expired).isEmpty();
    }

    @Test
    void aRowCannotBeInFlightTwice() {
        InFlightRows rows = rows(100);
        Named a = new Named("a");
        rows.add(a);
        assertThatThrownBy(() -> rows.add(a)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentAddsAndRemovesLoseNoRowAndKeepNone() throws Exception {
        InFlightRows rows = new InFlightRows(Long.MAX_VALUE / 4, System::nanoTime, (task, delay) -> { });
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger removed = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                List<Named> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    Named n = new Named("x");
                    assertThat(rows.add(n)).isTrue();
                    mine.add(n);
                    if (i % 3 == 2) {
                        for (Named m : mine) {
                            if (rows.remove(m)) {
                                removed.incrementAndGet();
                            }
                        }
                        mine.clear();
                    }
                }
                for (Named m : mine) {
                    if (rows.remove(m)) {
                        removed.incrementAndGet();
                    }
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        assertThat(removed).hasValue(threads * perThread);
        assertThat(rows.size()).isZero();
        assertThat(rows.close()).isEmpty();
    }
}
