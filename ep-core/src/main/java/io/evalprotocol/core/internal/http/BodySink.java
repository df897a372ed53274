package io.evalprotocol.core.internal.http;

import io.evalprotocol.errors.EpException;
import java.nio.ByteBuffer;

/**
 * Receives a successful (2xx) response body as it arrives, on an I/O thread. Implementations must not
 * block. Throwing an {@link EpException} aborts the exchange and fails it with that exception.
 */
public interface BodySink {
    /** Called once, before any data. {@code contentType} may be null; {@code contentLength} is -1 when unknown. */
    void start(String contentType, long contentLength);

    /** Consumes every remaining byte of {@code data}. */
    void data(ByteBuffer data);

    /** The body ended normally. */
    void end();

    /** Creates the sink for one response. */
    @FunctionalInterface
    interface Factory {
        BodySink create();
    }
}
