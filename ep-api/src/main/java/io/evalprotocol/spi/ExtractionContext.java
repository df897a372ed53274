package io.evalprotocol.spi;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.spi.JsonProvider;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an extractor may need beside the response itself. Immutable and shared between threads.
 */
public final class ExtractionContext {
    /** Default for {@link #maxTokenIds()}: far above any real context window, far below an OOM. */
    public static final int DEFAULT_MAX_TOKEN_IDS = 4 * 1024 * 1024;

    private static volatile JsonProvider defaultProvider;

    private final ProviderShape shape;
    private final JsonProvider jsonProvider;
    /** Made on first use: the engine creates a context per response, and few extractors build JSON. */
    private volatile JsonBuilderFactory builderFactory;
    private final int maxTokenIds;

    private ExtractionContext(ProviderShape shape, JsonProvider jsonProvider, int maxTokenIds) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.jsonProvider = Objects.requireNonNull(jsonProvider, "jsonProvider");
        if (maxTokenIds <= 0) {
            throw new IllegalArgumentException("maxTokenIds must be positive, was " + maxTokenIds);
        }
        this.maxTokenIds = maxTokenIds;
    }

    /** A context with the default JSON-P provider and limits. */
    public static ExtractionContext of(ProviderShape shape) {
        return new ExtractionContext(shape, provider(), DEFAULT_MAX_TOKEN_IDS);
    }

    public static ExtractionContext of(ProviderShape shape, JsonProvider jsonProvider, int maxTokenIds) {
        return new ExtractionContext(shape, jsonProvider, maxTokenIds);
    }

    private static JsonProvider provider() {
        JsonProvider p = defaultProvider;
        if (p == null) {
            // JsonProvider.provider() runs a ServiceLoader lookup on every call; its javadoc asks callers to cache it.
            p = JsonProvider.provider();
            defaultProvider = p;
        }
        return p;
    }

    public ProviderShape shape() {
        return shape;
    }

    /** A cached JSON-P provider; use it rather than {@code Json.*}, which looks the provider up on every call. */
    public JsonProvider jsonProvider() {
        return jsonProvider;
    }

    public JsonBuilderFactory builderFactory() {
        JsonBuilderFactory f = builderFactory;
        if (f == null) {
            // a race makes two equivalent, thread-safe factories; either may be kept
            f = jsonProvider.createBuilderFactory(Map.of());
            builderFactory = f;
        }
        return f;
    }

    /** The most ids one choice may carry; extractors fail with a clear error past it (hostile servers). */
    public int maxTokenIds() {
        return maxTokenIds;
    }
}
