package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.InvalidDataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines, remembering where each starts: the output scan truncates at line
 * boundaries, and decoding line by line names the exact line that is not UTF-8 (a {@code BufferedReader}
 * decodes ahead and fails on an earlier line). A last line without {@code \n} counts as a line;
 * {@code \r\n} endings lose their {@code \r}.
 */
final class LineReader implements Closeable {
    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[8 * 1024];
    private int lineLen;
    private long position;
    private long lineStart;
    private boolean terminated;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        lineLen = 0;
        lineStart = position;
        terminated = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = Math.max(in.read(chunk), 0);
                chunkPos = 0;
                if (chunkLen == 0) {
                    position = lineStart + lineLen;
                    return lineLen > 0;
                }
            }
            int from = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            append(from, chunkPos - from);
            if (chunkPos < chunkLen) {
                chunkPos++;
                position = lineStart + lineLen + 1;
                terminated = true;
                if (lineLen > 0 && line[lineLen - 1] == '\r') {
                    lineLen--;
                }
                return true;
            }
        }
    }

    private void append(int from, int n) {
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(chunk, from, line, lineLen, n);
        lineLen += n;
    }

    byte[] buffer() {
        return line;
    }

    int length() {
        return lineLen;
    }

    long start() {
        return lineStart;
    }

    boolean terminated() {
        return terminated;
    }

    /**
     * The line as text, strictly decoded. A byte-order mark at the start of the stream is dropped (editors on
     * Windows write one) and one at the start of any other line is an error, as in ep-core's
     * {@code JsonlRowReader}.
     *
     * @throws InvalidDataException the line is not valid UTF-8, or starts with a misplaced byte-order mark
     */
    String text(long lineNumber) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, 0, lineLen)).toString();
            if (!text.startsWith("\uFEFF")) {
                return text;
            }
        } catch (CharacterCodingException e) {
            throw new InvalidDataException("not UTF-8 text (JSONL must be UTF-8)", null, lineNumber, e);
        }
        if (lineStart != 0) {
            throw new InvalidDataException("the line starts with a UTF-8 byte-order mark (U+FEFF); one is accepted only"
                    + " at the very start of the file (remove it, e.g. re-save the file as UTF-8 without BOM)", null,
                    lineNumber, null);
        }
        return text.substring(1);
    }

    /** Whether the line holds only spaces and tabs (after the byte-order mark that {@link #text} drops). */
    boolean isBlank() {
        boolean bom = lineStart == 0 && lineLen >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                && line[2] == (byte) 0xBF;
        for (int i = bom ? 3 : 0; i < lineLen; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
