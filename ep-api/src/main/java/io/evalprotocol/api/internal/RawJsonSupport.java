package io.evalprotocol.api.internal;

import io.evalprotocol.api.RawJsonValue;
import jakarta.json.JsonValue;

/**
 * Not API: exported only to {@code io.evalprotocol.core}. Lets the JSON codec wrap text it has already
 * validated and compacted without a second pass, and write a {@link RawJsonValue} without copying it.
 */
public final class RawJsonSupport {
    /** What {@link RawJsonValue} grants the codec. */
    public interface Access {
        /** Wraps compact UTF-8 text of one well-formed object, array or number; the array is not copied. */
        JsonValue trusted(byte[] compactUtf8);

        /** The backing compact UTF-8 text; callers must not modify it. */
        byte[] bytes(RawJsonValue value);
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
