package io.evalprotocol.core.internal.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One dispatched server-sent event. Its data are the UTF-8 bytes of the joined {@code data:} lines (joined
 * with {@code \n}, without the trailing one), so that JSON payloads can be parsed without first being decoded
 * into a {@code String}.
 *
 * <p>The bytes are borrowed, not copied: they may sit in the parser's own buffer or in the caller's network
 * buffer, and are valid only while the listener runs. A listener that keeps them must copy them.
 */
public final class SseEvent {
    private final String type;
    private final String id;
    private final byte[] data;
    private final int offset;
    private final int length;

    SseEvent(String type, String id, byte[] data, int offset, int length) {
        this.type = type;
        this.id = id;
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /** The {@code event:} field, or {@code "message"} when absent (as the SSE specification says). */
    public String type() {
        return type;
    }

    /** The last {@code id:} field seen, or null. */
    public String id() {
        return id;
    }

    /** The backing array; the data are the {@link #length()} bytes from {@link #offset()}. */
    public byte[] dataArray() {
        return data;
    }

    /** Where the data start in {@link #dataArray()}. */
    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public String dataAsString() {
        return new String(data, offset, length, StandardCharsets.UTF_8);
    }

    /** True for the OpenAI end-of-stream marker {@code data: [DONE]}. */
    public boolean isDone() {
        int o = offset;
        return length == 6 && data[o] == '[' && data[o + 1] == 'D' && data[o + 2] == 'O' && data[o + 3] == 'N'
                && data[o + 4] == 'E' && data[o + 5] == ']';
    }

    @Override
    public String toString() {
        return "SseEvent{type=" + type + ", bytes=" + length + '}';
    }

    byte[] copyOfData() {
        return Arrays.copyOfRange(data, offset, offset + length);
    }
}
