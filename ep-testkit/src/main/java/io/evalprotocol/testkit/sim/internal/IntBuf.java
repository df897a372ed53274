package io.evalprotocol.testkit.sim.internal;

import java.util.Arrays;

/** A growable int array. */
public final class IntBuf {
    private int[] a;
    private int size;

    public IntBuf(int capacity) {
        a = new int[Math.max(8, capacity)];
    }

    public void add(int v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = v;
    }

    public void addAll(int[] v) {
        if (size + v.length > a.length) {
            a = Arrays.copyOf(a, Math.max(size + v.length, a.length * 2));
        }
        System.arraycopy(v, 0, a, size, v.length);
        size += v.length;
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
