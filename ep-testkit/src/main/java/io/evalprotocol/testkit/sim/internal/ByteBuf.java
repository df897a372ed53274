package io.evalprotocol.testkit.sim.internal;

import java.util.Arrays;

/** A growable byte array without the synchronization of {@code ByteArrayOutputStream}. */
public final class ByteBuf {
    private byte[] buf;
    private int size;

    public ByteBuf(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The backing array; valid up to {@link #size()}. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
