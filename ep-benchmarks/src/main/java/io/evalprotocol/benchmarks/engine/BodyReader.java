package io.evalprotocol.benchmarks.engine;

import io.evalprotocol.core.EpClient;
import jakarta.json.JsonObject;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The engine's response-body reader alone: ep-core's {@code internal.wire.WireJson.readObject} (the JSON-P
 * envelope, kept payloads as canonical bytes, token ids as an {@code int[]}) under the client's default limits,
 * reached reflectively as {@link EngineDecode} reaches the decoder. The part of P1 before extraction.
 */
public final class BodyReader {
    private final MethodHandle read;

    private BodyReader(MethodHandle read) {
        this.read = read;
    }

    public static BodyReader withDefaultLimits() {
        try {
            Class<?> type = Class.forName("io.evalprotocol.core.internal.wire.WireJson");
            Object wire = type.getConstructor(int.class, int.class, int.class).newInstance(
                    EpClient.DEFAULT_MAX_JSON_NESTING_DEPTH, EpClient.DEFAULT_MAX_JSON_STRING_LENGTH,
                    EpClient.DEFAULT_MAX_JSON_NUMBER_LENGTH);
            MethodHandle h = MethodHandles.publicLookup().findVirtual(type, "readObject", MethodType.methodType(
                    JsonObject.class, byte[].class, int.class, int.class, String.class, boolean.class)).bindTo(wire);
            return new BodyReader(h);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ep-core's WireJson is not reachable (run on the class path)", e);
        }
    }

    /** The response object, kept payloads as exact text. */
    public JsonObject read(byte[] body) {
        try {
            return (JsonObject) read.invokeExact(body, 0, body.length, "response body", true);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
