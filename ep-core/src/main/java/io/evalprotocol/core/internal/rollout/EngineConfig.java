package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.core.ApiKey;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.ExtractorSelectionPolicy;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.Sleeper;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.http.Urls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the engine needs, validated by {@code EpClient.Builder}. {@code apiKey} and {@code sleeper} may be
 * null. {@link #toString()} leaves out the key, the headers and the base URI's query values (which may hold
 * secrets too).
 */
public record EngineConfig(
        URI baseUri,
        ApiKey apiKey,
        String model,
        CompletionParams params,
        String providerHint,
        ExtractorSelectionPolicy selectionPolicy,
        boolean requireTokenIds,
        TokenIdExtractorRegistry registry,
        int maxConcurrentRequests,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration rowDeadline,
        long maxResponseBytes,
        int maxSseEventBytes,
        int maxJsonNestingDepth,
        int maxJsonStringLength,
        int maxJsonNumberLength,
        int maxTokenIds,
        RetryPolicy retryPolicy,
        Clock clock,
        Sleeper sleeper,
        boolean http2PriorKnowledge,
        int ioThreads,
        Map<String, String> headers,
        boolean dropTrailingAssistantMessages,
        TokenTrace tokenTrace) {

    /** With {@link TokenTrace#FULL}. */
    public EngineConfig(URI baseUri, ApiKey apiKey, String model, CompletionParams params, String providerHint,
            ExtractorSelectionPolicy selectionPolicy, boolean requireTokenIds, TokenIdExtractorRegistry registry,
            int maxConcurrentRequests, Duration connectTimeout, Duration responseTimeout, Duration rowDeadline,
            long maxResponseBytes, int maxSseEventBytes, int maxJsonNestingDepth, int maxJsonStringLength,
            int maxJsonNumberLength, int maxTokenIds, RetryPolicy retryPolicy, Clock clock, Sleeper sleeper,
            boolean http2PriorKnowledge, int ioThreads, Map<String, String> headers,
            boolean dropTrailingAssistantMessages) {
        this(baseUri, apiKey, model, params, providerHint, selectionPolicy, requireTokenIds, registry,
                maxConcurrentRequests, connectTimeout, responseTimeout, rowDeadline, maxResponseBytes, maxSseEventBytes,
                maxJsonNestingDepth, maxJsonStringLength, maxJsonNumberLength, maxTokenIds, retryPolicy, clock, sleeper,
                http2PriorKnowledge, ioThreads, headers, dropTrailingAssistantMessages, TokenTrace.FULL);
    }

    /** {@code <baseUri>/chat/completions}, before the base URI's query if it has one. */
    public URI chatCompletionsUri() {
        return Urls.resolve(baseUri, "chat/completions");
    }

    @Override
    public String toString() {
        return "EngineConfig{baseUri=" + Urls.redacted(baseUri) + ", model=" + model + ", provider=" + providerHint
                + ", apiKey=" + (apiKey == null ? "none" : apiKey) + ", params=" + params + ", tokenTrace=" + tokenTrace + '}';
    }
}
