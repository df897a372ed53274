package io.evalprotocol.core.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Keeps the first {@code max} bytes of a body (an error body) and silently drops the rest. */
public final class TruncatingSink implements BodySink {
    private final int max;
    private byte[] buf = new byte[0];
    private int size;
    private boolean truncated;
    private String contentType;

    TruncatingSink(int max) {
        this.max = max;
    }

    @Override
    public void start(String contentType, long contentLength) {
        this.contentType = contentType;
        buf = new byte[(int) Math.min(contentLength >= 0 ? contentLength : 1024, max)];
    }

    @Override
    public void data(ByteBuffer data) {
        int room = max - size;
        int n = Math.min(room, data.remaining());
        if (n < data.remaining()) {
            truncated = true;
        }
        if (n > 0) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.min(max, Math.max(size + n, buf.length * 2)));
            }
            data.get(buf, size, n);
            size += n;
        }
        data.position(data.limit());
    }

    @Override
    public void end() {}

    public String contentType() {
        return contentType;
    }

    public boolean truncated() {
        return truncated;
    }

    public byte[] bytes() {
        return Arrays.copyOf(buf, size);
    }

    public String text() {
        return new String(buf, 0, size, StandardCharsets.UTF_8);
    }
}
