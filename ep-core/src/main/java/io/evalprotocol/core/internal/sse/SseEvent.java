package io.evalprotocol.core.internal.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One dispatched server-sent event. {@code data} holds the UTF-8 bytes of the joined {@code data:} lines
 * (joined with {@code \n}, without the trailing one), so that JSON payloads can be parsed without first
 * being decoded into a {@code String}.
 */
public final class SseEvent {
    private final String type;
    private final String id;
    private final byte[] data;
    private final int length;

    SseEvent(String type, String id, byte[] data, int length) {
        this.type = type;
        this.id = id;
        this.data = data;
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

    /** The backing array; only the first {@link #length()} bytes are data. */
    public byte[] dataArray() {
        return data;
    }

    public int length() {
        return length;
    }

    public String dataAsString() {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }

    /** True for the OpenAI end-of-stream marker {@code data: [DONE]}. */
    public boolean isDone() {
        return length == 6 && data[0] == '[' && data[1] == 'D' && data[2] == 'O' && data[3] == 'N'
                && data[4] == 'E' && data[5] == ']';
    }

    @Override
    public String toString() {
        return "SseEvent{type=" + type + ", bytes=" + length + '}';
    }

    byte[] copyOfData() {
        return Arrays.copyOf(data, length);
    }
}
