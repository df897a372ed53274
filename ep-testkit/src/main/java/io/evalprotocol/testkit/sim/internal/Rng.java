package io.evalprotocol.testkit.sim.internal;

/**
 * Stateless, seedable randomness: every draw is a pure function of its inputs, so a reply does not depend on
 * which thread served it or what was served before (that is what makes responses byte-identical per seed).
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** SplitMix64's finalizer: a good 64-bit mixing function. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long mix(long a, long b) {
        return mix(a * 0x9e3779b97f4a7c15L + mix(b + 0x632be59bd9b4e019L));
    }

    public static long mix(long a, long b, long c) {
        return mix(mix(a, b), c);
    }

    public static long hash(int[] values) {
        long h = 0x84222325cbf29ce4L ^ values.length;
        for (int v : values) {
            h = (h ^ v) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        return mix(h);
    }

    public static long hash(byte[] values, int len) {
        long h = 0xcbf29ce484222325L ^ len;
        for (int i = 0; i < len; i++) {
            h = (h ^ (values[i] & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    public long nextLong() {
        state += 0x9e3779b97f4a7c15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    public <T> T pick(T[] options) {
        return options[nextInt(options.length)];
    }

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public String base62(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = BASE62[nextInt(62)];
        }
        return new String(c);
    }

    public String hex(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = HEX[nextInt(16)];
        }
        return new String(c);
    }
}
