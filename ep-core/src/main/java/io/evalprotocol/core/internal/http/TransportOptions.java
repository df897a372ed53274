package io.evalprotocol.core.internal.http;

import java.time.Duration;
import java.util.Objects;

/** What {@link HttpTransport} needs from the client configuration. */
public final class TransportOptions {
    final int maxConnections;
    final Duration connectTimeout;
    final Duration responseTimeout;
    final boolean http2PriorKnowledge;
    final int ioThreads;
    final int maxErrorBodyBytes;
    final String userAgent;

    public TransportOptions(int maxConnections, Duration connectTimeout, Duration responseTimeout,
            boolean http2PriorKnowledge, int ioThreads, int maxErrorBodyBytes, String userAgent) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
        this.http2PriorKnowledge = http2PriorKnowledge;
        this.ioThreads = ioThreads;
        this.maxErrorBodyBytes = maxErrorBodyBytes;
        this.userAgent = userAgent;
    }
}
