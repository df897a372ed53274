package io.evalprotocol.core.internal.json;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Compact UTF-8 JSON text handed to {@code JsonGenerator.writeRawValue}, so that a kept payload is copied
 * into the output buffer as bytes, with no decoding or re-encoding.
 */
final class RawBytes implements SerializableString {
    private final byte[] buf;
    private final int off;
    private final int len;

    /** The text is {@code [off, off + len)} of {@code buf} (often a slice of a larger payload: not copied). */
    RawBytes(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    @Override
    public String getValue() {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + len > buffer.length) {
            return -1;
        }
        System.arraycopy(buf, off, buffer, offset, len);
        return len;
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
        String s = getValue();
        if (offset + s.length() > buffer.length) {
            return -1;
        }
        s.getChars(0, s.length(), buffer, offset);
        return s.length();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(buf, off, len);
        return len;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw new UnsupportedOperationException("raw JSON text is never quoted");
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < len) {
            return -1;
        }
        buffer.put(buf, off, len);
        return len;
    }
}
