package io.evalprotocol.provider.openai.internal;

import java.util.Arrays;

/**
 * Growable primitive arrays for stream accumulation: ids and logprobs arrive a few per chunk and must not
 * be boxed. Not thread-safe; an accumulator serves one choice on one thread.
 */
final class Buffers {
    private Buffers() {}

    /** A growable {@code int[]}. */
    static final class Ints {
        private int[] a = new int[64];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] values) {
            if (n + values.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + values.length));
            }
            System.arraycopy(values, 0, a, n, values.length);
            n += values.length;
        }

        int size() {
            return n;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A growable {@code double[]}. */
    static final class Doubles {
        private double[] a = new double[64];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        void addAll(double[] values) {
            if (n + values.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + values.length));
            }
            System.arraycopy(values, 0, a, n, values.length);
            n += values.length;
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
