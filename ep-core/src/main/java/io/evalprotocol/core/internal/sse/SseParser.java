package io.evalprotocol.core.internal.sse;

import io.evalprotocol.errors.SseStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental server-sent-events parser (WHATWG HTML "event stream" grammar) fed with bytes as they
 * arrive from the network. Nothing is buffered beyond the event being assembled, and that is bounded
 * by {@code maxEventBytes}.
 *
 * <p>Lines end with CRLF, LF or CR (a CR at the end of one buffer followed by LF at the start of the next
 * counts once). A leading UTF-8 BOM is skipped. Comment lines ({@code :...}) and unknown fields are
 * ignored; {@code retry:} is accepted and ignored because the SDK never reconnects a stream. Not
 * thread-safe: one parser per response, fed by one thread at a time.
 */
public final class SseParser {
    /** Receives dispatched events, in order. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(SseEvent event);
    }

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final int maxEventBytes;
    private final long maxLineBytes;
    private final Listener listener;

    private byte[] line;
    private int lineLength;
    private byte[] data;
    private int dataLength;
    private boolean hasData;
    private String eventType;
    private String lastId;
    private boolean lastWasCr;
    private boolean bomChecked;
    private long bytesSeen;
    private long events;

    public SseParser(int maxEventBytes, Listener listener) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive, was " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
        // "+ 6" leaves room for the "data: " prefix, which does not count towards the event size; in long,
        // so that a limit of Integer.MAX_VALUE does not overflow
        this.maxLineBytes = maxEventBytes + 6L;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.line = new byte[(int) Math.min(256, maxLineBytes)];
        this.data = new byte[Math.min(1024, maxEventBytes)];
    }

    /** Consumes all remaining bytes of {@code buffer}, dispatching every event completed by them. */
    public void feed(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            bytesSeen++;
            if (!bomChecked) {
                if (checkBom(b)) {
                    continue;
                }
            }
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                endOfLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endOfLine();
            } else {
                lastWasCr = false;
                appendToLine(b);
            }
        }
    }

    /** Convenience for tests and fixtures. */
    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    /**
     * Marks the end of the stream. Per the specification an event not terminated by a blank line is
     * discarded; the return value says whether such a partial event (or partial line) was pending, which
     * callers treat as a truncated stream.
     */
    public boolean end() {
        boolean partial = lineLength > 0 || hasData;
        lineLength = 0;
        resetEvent();
        return partial;
    }

    /** Total bytes fed so far. */
    public long bytesSeen() {
        return bytesSeen;
    }

    /** Number of events dispatched so far. */
    public long events() {
        return events;
    }

    private int bomIndex;

    private boolean checkBom(byte b) {
        // EF BB BF; anything else ends the check and is processed normally.
        int expected = bomIndex == 0 ? 0xEF : bomIndex == 1 ? 0xBB : 0xBF;
        if ((b & 0xFF) == expected) {
            bomIndex++;
            if (bomIndex == 3) {
                bomChecked = true;
            }
            return true;
        }
        bomChecked = true;
        if (bomIndex > 0) {
            // A partial BOM was not a BOM after all: replay its bytes as line content.
            for (int i = 0; i < bomIndex; i++) {
                appendToLine((byte) (i == 0 ? 0xEF : 0xBB));
            }
        }
        return false;
    }

    private void appendToLine(byte b) {
        if ((long) dataLength + lineLength >= maxLineBytes) {
            throw tooLarge();
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.min(line.length * 2L, maxLineBytes), MAX_ARRAY));
        }
        line[lineLength++] = b;
    }

    private SseStreamException tooLarge() {
        return new SseStreamException("server-sent event exceeds the limit of " + maxEventBytes
                + " bytes (maxSseEventBytes; raise it with EpClient.builder().maxSseEventBytes(...))"
                + " after " + events + " events");
    }

    private void endOfLine() {
        int len = lineLength;
        lineLength = 0;
        if (len == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            return; // comment
        }
        int colon = indexOf(line, len, (byte) ':');
        int nameEnd = colon < 0 ? len : colon;
        int valueStart = colon < 0 ? len : colon + 1;
        if (valueStart < len && line[valueStart] == ' ') {
            valueStart++;
        }
        if (nameIs(DATA, nameEnd)) {
            appendData(valueStart, len);
        } else if (nameIs(EVENT, nameEnd)) {
            eventType = new String(line, valueStart, len - valueStart, StandardCharsets.UTF_8);
        } else if (nameIs(ID, nameEnd)) {
            if (indexOf(line, len, (byte) 0) < 0) {
                lastId = new String(line, valueStart, len - valueStart, StandardCharsets.UTF_8);
            }
        }
        // "retry" and unknown fields: ignored.
    }

    private void appendData(int from, int to) {
        int n = to - from;
        long needed = (long) dataLength + (hasData ? 1 : 0) + n;
        if (needed > maxEventBytes) {
            throw tooLarge();
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Math.min(Math.max(needed, data.length * 2L), maxEventBytes),
                    MAX_ARRAY));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, from, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void dispatch() {
        if (!hasData) {
            eventType = null; // an event without data is not dispatched
            return;
        }
        SseEvent event = new SseEvent(eventType == null || eventType.isEmpty() ? "message" : eventType,
                lastId, data, dataLength);
        events++;
        // The event shares this parser's buffer: listeners consume it synchronously (they parse the JSON
        // right away), which saves a copy per event on long streams.
        listener.onEvent(event);
        resetEvent();
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        eventType = null;
    }

    private boolean nameIs(byte[] name, int nameEnd) {
        if (nameEnd != name.length) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, int len, byte b) {
        for (int i = 0; i < len; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
