package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolloutIdsTest {
    @Test
    void idsAreVersionFourUuidsInTheirUsualText() {
        RolloutIds ids = new RolloutIds();
        for (int i = 0; i < 1_000; i++) {
            String id = ids.next();
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(u.toString()).isEqualTo(id);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void oneGeneratorNeverRepeatsAnIdEvenWhereItsLowHalfWraps() {
        // the low half is a bijection of the counter plus the key, modulo 2^62: try the counters around the wrap
        long wrapAt = (1L << 62) - 5;
        RolloutIds ids = new RolloutIds(wrapAt, 42);
        Set<Long> lows = new HashSet<>();
        for (long n = 0; n < 200_000; n++) {
            assertThat(lows.add(ids.uuid(n).getLeastSignificantBits())).as("counter %d", n).isTrue();
        }
    }

    @Test
    void mix62IsABijectionOnSixtyTwoBits() {
        Random random = new Random(7);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long x = random.nextLong() & ((1L << 62) - 1);
            long y = RolloutIds.mix62(x);
            assertThat(y >>> 62).isZero();
            seen.add(y);
        }
        // distinct inputs (a collision among 200,000 random 62-bit values is ~2^-26 likely) map to distinct outputs
        assertThat(seen).hasSize(200_000);
        // consecutive inputs, the counter's pattern, spread over the whole range
        assertThat(RolloutIds.mix62(1) ^ RolloutIds.mix62(2)).isNotZero();
        assertThat(Long.bitCount(RolloutIds.mix62(1) ^ RolloutIds.mix62(2))).isGreaterThan(10);
    }

    @Test
    void generatorsWithDifferentKeysGiveDifferentIds() {
        RolloutIds a = new RolloutIds(new Random(1));
        RolloutIds b = new RolloutIds(new Random(2));
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(a.next());
            all.add(b.next());
        }
        assertThat(all).hasSize(20_000);
    }

    @Test
    void concurrentCallersGetDistinctIds() throws Exception {
        RolloutIds ids = new RolloutIds();
        Set<String> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 25_000; i++) {
                    all.add(ids.next());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).hasSize(100_000);
    }
}
