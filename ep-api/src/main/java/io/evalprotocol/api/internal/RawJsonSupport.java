package io.evalprotocol.api.internal;

import io.evalprotocol.api.RawJsonValue;
import jakarta.json.JsonValue;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. Lets the JSON codec wrap text it has already
 * validated and compacted without a second pass, and write a {@link RawJsonValue} without copying it; and lets
 * the SPI's decoding toolkit ({@code io.evalprotocol.spi.ChoiceReader}) read a value's bytes directly.
 */
public final class RawJsonSupport {
    /** What {@link RawJsonValue} grants the codec. */
    public interface Access {
        /** Wraps compact UTF-8 text of one well-formed object, array or number; the array is not copied. */
        JsonValue trusted(byte[] compactUtf8);

        /** Wraps {@code [offset, offset + length)} of {@code buf} (one well-formed compact value); not copied. */
        JsonValue trusted(byte[] buf, int offset, int length);

        /**
         * Wraps the compact text of one object, as {@link #trusted(byte[], int, int)} does, with the columns of its
         * {@code content} array that the reader filled while validating it ({@link ContentColumns}).
         */
        JsonValue trusted(byte[] buf, int offset, int length, ContentColumns content);

        /**
         * The columns attached to {@code value}, once: the first call returns them and detaches them, so that
         * they are never shared by two readers nor kept with a row; null when there are none (any more).
         */
        ContentColumns takeContentColumns(RawJsonValue value);

        /**
         * The array holding the value's compact UTF-8 text at {@link #offset} for {@link #length} bytes; a value
         * read from inside another one shares its parent's array. Callers must not modify it.
         */
        byte[] array(RawJsonValue value);

        int offset(RawJsonValue value);

        int length(RawJsonValue value);

        /**
         * Decodes the body {@code [from, to)} (between the quotes) of a JSON string that has already been
         * validated: its escapes are complete and the bytes between them are UTF-8.
         */
        String decodeString(byte[] buf, int from, int to);

        /**
         * The value whose compact text is {@code [from, to)} of a trusted buffer, as the JSON-P view of the
         * enclosing container gives it: containers and numbers as slices, strings decoded, literals as constants.
         */
        JsonValue value(byte[] buf, int from, int to);

        /** The index just past the value starting at {@code i} of a trusted buffer; the value is inside a container. */
        int skipValue(byte[] buf, int i);

        /** The index just past the closing quote of the trusted string whose body starts at {@code i}. */
        int skipStringBody(byte[] buf, int i);

        /**
         * {@link jakarta.json.JsonNumber#doubleValue()} of the number whose text is {@code [from, to)}, exactly as
         * the JSON-P view gives it (zero without a sign; a number BigDecimal cannot hold fails with the view's
         * {@link jakarta.json.JsonException}).
         */
        double doubleValue(byte[] buf, int from, int to);

        /** The compact UTF-8 text in an array of its own length (a copy when the value is a slice). */
        default byte[] bytes(RawJsonValue value) {
            byte[] a = array(value);
            int off = offset(value);
            int len = length(value);
            return off == 0 && len == a.length ? a : java.util.Arrays.copyOfRange(a, off, off + len);
        }
    }

    private static volatile Access access;

    private RawJsonSupport() {
    }

    /** Called once, by {@link RawJsonValue}'s static initializer. */
    public static void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = a;
    }

    public static Access access() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(RawJsonValue.class.getName(), true, RawJsonValue.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
