package io.evalprotocol.spi;

import java.util.Arrays;

/**
 * Growable primitive arrays for accumulating a stream: ids and logprobs arrive a few per chunk and must not be
 * boxed. Not thread-safe; one accumulator serves one choice on one thread.
 */
final class Growable {
    private Growable() {}

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
            reserve(values.length);
            System.arraycopy(values, 0, a, n, values.length);
            n += values.length;
        }

        private void reserve(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
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
            reserve(values.length);
            System.arraycopy(values, 0, a, n, values.length);
            n += values.length;
        }

        private void reserve(int more) {
            if (n + more > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
            }
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
