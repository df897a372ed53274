package io.evalprotocol.core.internal.rollout;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code rollout_id} of rows that have none: random-looking version-4 UUIDs, distinct within one
 * generator, drawn from a counter and two secret keys.
 *
 * <p>{@link UUID#randomUUID()} costs a synchronized {@link SecureRandom} draw per row (a SHA-1 round on
 * Linux's NativePRNG), which was a third of the worker's CPU per row under load. Rollout ids need to be unique,
 * not unpredictable, so {@link SecureRandom} seeds the keys once and each id is the counter through two
 * bijective mixers: the 62 bits of the UUID's low half are a bijection of the counter, so no two ids of one
 * generator are equal before 2<sup>62</sup> ids; the 60 free bits of the high half come from the other key.
 * Across generators the ids are as unrelated as their random keys.
 */
final class RolloutIds {
    private static final long MASK62 = (1L << 62) - 1;

    private final long lowKey;
    private final long highKey;
    private final AtomicLong counter = new AtomicLong();

    /** Keys from {@link SecureRandom}. */
    RolloutIds() {
        this(new SecureRandom());
    }

    RolloutIds(java.util.Random keys) {
        this(keys.nextLong(), keys.nextLong());
    }

    RolloutIds(long lowKey, long highKey) {
        this.lowKey = lowKey;
        this.highKey = highKey;
    }

    /** The next id, as {@link UUID#toString()} writes it. */
    String next() {
        return uuid(counter.getAndIncrement()).toString();
    }

    /** The id of counter value {@code n}. */
    UUID uuid(long n) {
        long low = mix62((n + lowKey) & MASK62);
        long high = mix64(n ^ highKey);
        // version 4 in bits 12-15 of the high half, variant 0b10 in the top bits of the low half
        return new UUID((high & ~0xF000L) | 0x4000L, low | 0x8000_0000_0000_0000L);
    }

    /**
     * A bijection of the 62-bit values: each xor-shift and each multiplication by an odd constant modulo
     * 2<sup>62</sup> is one, so distinct inputs give distinct outputs.
     */
    static long mix62(long x) {
        x = ((x ^ (x >>> 31)) * 0xbf58476d1ce4e5b9L) & MASK62;
        x = ((x ^ (x >>> 29)) * 0x94d049bb133111ebL) & MASK62;
        return x ^ (x >>> 32);
    }

    /** SplittableRandom's finalizer (Stafford's variant 13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
