package io.evalprotocol.core.internal.sse;

import io.evalprotocol.errors.SseStreamException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental server-sent-events parser (WHATWG HTML "event stream" grammar) fed with bytes as they
 * arrive from the network. Nothing is buffered beyond the event being assembled, and that is bounded
 * by {@code maxEventBytes}; an event that arrives whole in one buffer is not copied at all.
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

        /**
         * Offered, before the parser looks for the line's end, an event that starts a line with {@code data: }:
         * its data from {@code buf[from]}, at most up to {@code limit} (which keeps the event within
         * {@code maxEventBytes}). A listener that recognises the data as a whole event, with no CR or LF in them,
         * followed by two LFs, takes it as {@link #onEvent} would and returns the data's length; else it changes
         * nothing and returns -1, and the parser frames the line as usual. The bytes are valid during the call only.
         */
        default int onEventInPlace(byte[] buf, int from, int limit) {
            return -1;
        }
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
    /** When set, the pending event's data are {@code borrowed[borrowedOffset, + dataLength)}, not in data. */
    private byte[] borrowed;
    private int borrowedOffset;
    private int dataLength;
    /** Holds the bytes of a direct buffer while they are parsed. */
    private byte[] scratch;
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
        int n = buffer.remaining();
        if (n == 0) {
            return;
        }
        byte[] a;
        int from;
        if (buffer.hasArray()) {
            a = buffer.array();
            from = buffer.arrayOffset() + buffer.position();
            buffer.position(buffer.limit());
        } else {
            if (scratch == null || scratch.length < n) {
                scratch = new byte[Math.max(n, 8192)];
            }
            a = scratch;
            from = 0;
            buffer.get(a, 0, n);
        }
        try {
            feed(a, from, from + n);
        } finally {
            // an event still pointing into the caller's buffer must own its bytes before the caller reuses them
            if (borrowed != null) {
                own();
            }
        }
    }

    /**
     * Whole lines inside {@code a} are handled where they are: a single-line event (the usual {@code data: {...}})
     * reaches the listener as a view into {@code a}, never copied. Only a line cut by the end of the buffer is
     * copied, and only the data of events that span several lines or buffers are joined in {@link #data}.
     */
    private void feed(byte[] a, int pos, int end) {
        bytesSeen += end - pos;
        while (!bomChecked && pos < end) {
            if (!checkBom(a[pos])) {
                break;
            }
            pos++;
        }
        while (pos < end) {
            if (lastWasCr) {
                lastWasCr = false;
                if (a[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            if (lineLength == 0 && !hasData && eventType == null && end - pos > 8 && a[pos] == 'd'
                    && a[pos + 1] == 'a' && a[pos + 2] == 't' && a[pos + 3] == 'a' && a[pos + 4] == ':'
                    && a[pos + 5] == ' ') {
                // the usual event, one data line and a blank one: the listener may take it without framing
                int from = pos + 6;
                int n = listener.onEventInPlace(a, from, (int) Math.min(end, from + (long) maxEventBytes + 2));
                if (n >= 0) {
                    events++;
                    pos = from + n + 2;
                    continue;
                }
            }
            int eol = lineEnd(a, pos, end);
            // the same bound as checking byte by byte: a line may not grow past maxLineBytes - dataLength
            if ((long) dataLength + lineLength + (eol - pos) > maxLineBytes) {
                throw tooLarge();
            }
            if (eol == end) {
                appendToLine(a, pos, end);
                return;
            }
            if (lineLength == 0) {
                endOfLine(a, pos, eol, true);
            } else {
                appendToLine(a, pos, eol);
                int len = lineLength;
                lineLength = 0;
                endOfLine(line, 0, len, false);
            }
            lastWasCr = a[eol] == '\r';
            pos = eol + 1;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SIXTEENS = 0x1010101010101010L;

    /**
     * The index of the first CR or LF in {@code a[from, end)}, or {@code end}; eight bytes per step. A step looks
     * for any byte below 0x10 (three operations), which in a data line is almost always its end: JSON text has no
     * raw control characters, only the odd tab between tokens, which is stepped over.
     */
    static int lineEnd(byte[] a, int from, int end) {
        int i = from;
        while (i + 8 <= end) {
            long w = (long) LONGS.get(a, i);
            // the lowest flagged byte is always one below 0x10 (a borrow only runs upwards from one)
            long t = (w - SIXTEENS) & ~w & HIGHS;
            if (t == 0) {
                i += 8;
                continue;
            }
            int j = i + (Long.numberOfTrailingZeros(t) >>> 3);
            byte b = a[j];
            if (b == '\n' || b == '\r') {
                return j;
            }
            i = j + 1;
        }
        for (; i < end; i++) {
            byte b = a[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return end;
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

    /** Appends {@code a[from, to)} to the pending line; the caller has checked the line limit. */
    private void appendToLine(byte[] a, int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.min(Math.max(lineLength + (long) n, line.length * 2L),
                    maxLineBytes), MAX_ARRAY));
        }
        System.arraycopy(a, from, line, lineLength, n);
        lineLength += n;
    }

    private SseStreamException tooLarge() {
        return new SseStreamException("server-sent event exceeds the limit of " + maxEventBytes
                + " bytes (maxSseEventBytes; raise it with EpClient.builder().maxSseEventBytes(...))"
                + " after " + events + " events");
    }

    /** One complete line {@code a[from, to)}; {@code borrowable} when {@code a} is the caller's buffer. */
    private void endOfLine(byte[] a, int from, int to, boolean borrowable) {
        int len = to - from;
        if (len == 0) {
            dispatch();
            return;
        }
        if (a[from] == ':') {
            return; // comment
        }
        // "data:" first: nearly every line of a completion stream is one
        int colon = len >= 5 && a[from] == 'd' && a[from + 1] == 'a' && a[from + 2] == 't' && a[from + 3] == 'a'
                && a[from + 4] == ':' ? from + 4 : indexOf(a, from, to, (byte) ':');
        int nameEnd = colon < 0 ? to : colon;
        int valueStart = colon < 0 ? to : colon + 1;
        if (valueStart < to && a[valueStart] == ' ') {
            valueStart++;
        }
        if (nameIs(a, from, nameEnd, DATA)) {
            appendData(a, valueStart, to, borrowable);
        } else if (nameIs(a, from, nameEnd, EVENT)) {
            eventType = new String(a, valueStart, to - valueStart, StandardCharsets.UTF_8);
        } else if (nameIs(a, from, nameEnd, ID)) {
            if (indexOf(a, valueStart, to, (byte) 0) < 0) {
                lastId = new String(a, valueStart, to - valueStart, StandardCharsets.UTF_8);
            }
        }
        // "retry" and unknown fields: ignored.
    }

    private void appendData(byte[] a, int from, int to, boolean borrowable) {
        int n = to - from;
        long needed = (long) dataLength + (hasData ? 1 : 0) + n;
        if (needed > maxEventBytes) {
            throw tooLarge();
        }
        if (!hasData && borrowable) {
            // the first data line of an event: lend it as it is; a second line or the end of the buffer copies it
            borrowed = a;
            borrowedOffset = from;
            dataLength = n;
            hasData = true;
            return;
        }
        if (borrowed != null) {
            own();
        }
        ensureData(needed);
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(a, from, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private void ensureData(long needed) {
        if (needed > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Math.min(Math.max(needed, data.length * 2L), maxEventBytes),
                    MAX_ARRAY));
        }
    }

    /** Copies the borrowed data of the pending event into {@link #data}. */
    private void own() {
        ensureData(dataLength);
        System.arraycopy(borrowed, borrowedOffset, data, 0, dataLength);
        borrowed = null;
    }

    private void dispatch() {
        if (!hasData) {
            eventType = null; // an event without data is not dispatched
            return;
        }
        SseEvent event = new SseEvent(eventType == null || eventType.isEmpty() ? "message" : eventType,
                lastId, borrowed != null ? borrowed : data, borrowed != null ? borrowedOffset : 0, dataLength);
        events++;
        // The event shares this parser's (or the caller's) buffer: listeners consume it synchronously (they
        // parse the JSON right away), which saves a copy per event on long streams.
        listener.onEvent(event);
        resetEvent();
    }

    private void resetEvent() {
        borrowed = null;
        dataLength = 0;
        hasData = false;
        eventType = null;
    }

    private static boolean nameIs(byte[] a, int from, int nameEnd, byte[] name) {
        if (nameEnd - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (a[from + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
