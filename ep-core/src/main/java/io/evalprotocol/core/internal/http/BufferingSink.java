package io.evalprotocol.core.internal.http;

import io.evalprotocol.errors.InvalidResponseException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Collects a body into memory up to a limit; past it the exchange fails with a clear error. */
public final class BufferingSink implements BodySink {
    /** The most allocated up front for a declared {@code Content-Length}. */
    static final int MAX_INITIAL_CAPACITY = 1024 * 1024;

    private final long maxBytes;
    private final String limitName;
    private byte[] buf = new byte[0];
    private int size;
    private String contentType;

    /**
     * @param limitName how the user raises the limit, quoted in the error, e.g. {@code maxResponseBytes}
     */
    public BufferingSink(long maxBytes, String limitName) {
        this.maxBytes = maxBytes;
        this.limitName = limitName;
    }

    @Override
    public void start(String contentType, long contentLength) {
        this.contentType = contentType;
        if (contentLength > maxBytes) {
            throw tooLarge("Content-Length " + contentLength);
        }
        // sized from the declared length only up to a point: the buffer grows with what actually arrives
        long initial = contentLength >= 0 ? Math.min(contentLength, MAX_INITIAL_CAPACITY) : 8192;
        buf = new byte[(int) Math.max(0, Math.min(initial, maxBytes))];
    }

    @Override
    public void data(ByteBuffer data) {
        int n = data.remaining();
        long needed = (long) size + n;
        if (needed > maxBytes) {
            throw tooLarge("more than " + maxBytes + " bytes");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, Math.min((long) buf.length * 2, maxBytes));
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
        data.get(buf, size, n);
        size += n;
    }

    @Override
    public void end() {}

    private InvalidResponseException tooLarge(String what) {
        return new InvalidResponseException("response body exceeds the limit of " + maxBytes + " bytes ("
                + what + "); raise " + limitName + " with EpClient.builder()." + limitName + "(...)");
    }

    public String contentType() {
        return contentType;
    }

    /** The backing array; only the first {@link #size()} bytes are the body. */
    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }
}
