package io.evalprotocol.core;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.core.internal.http.Urls;
import io.evalprotocol.core.internal.rollout.EngineConfig;
import io.evalprotocol.core.internal.rollout.RolloutEngine;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.spi.ExtractionContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A connection to one OpenAI-compatible chat-completions endpoint and model: the HTTP client, the
 * concurrency limit, retries, timeouts, limits and the token-id extractor choice. Create one per endpoint
 * and reuse it: it owns one HTTP connection pool and a few threads, which {@link #close()} releases.
 * Thread-safe.
 *
 * <pre>{@code
 * try (EpClient client = EpClient.builder()
 *         .baseUrl("http://127.0.0.1:8000/v1").model("Qwen/Qwen3-8B").provider("vllm")
 *         .completionParams(CompletionParams.builder().temperature(0.7).maxTokens(512).build())
 *         .build()) {
 *     SingleTurnRolloutProcessor processor = new SingleTurnRolloutProcessor(client);
 *     List<EvaluationRow> out = processor.run(rows);
 * }
 * }</pre>
 *
 * <p>{@link #rollout}/{@link #rolloutAsync} run one row and throw the typed {@link EpException} of a failure
 * (see {@code docs/errors.md}); {@link SingleTurnRolloutProcessor} turns failures into rows with an error
 * {@code rollout_status} instead.
 *
 * <p>The API key is held as an {@link ApiKey}: it never appears in {@link #toString()}, in exception
 * messages or in rows.
 */
public final class EpClient implements AutoCloseable {
    /** Default base URL, OpenAI's. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** Default concurrency limit: requests in flight, and the size of the connection pool. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    /** Default connect timeout: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default response timeout (longest silence while waiting for or reading a response): 10 min. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);
    /** Default per-row deadline across all attempts and waits: 30 min. */
    public static final Duration DEFAULT_ROW_DEADLINE = Duration.ofMinutes(30);
    /** Default maximum response size, streamed or not: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;
    /** Default maximum size of one server-sent event: 8 MiB. */
    public static final int DEFAULT_MAX_SSE_EVENT_BYTES = 8 * 1024 * 1024;
    /** Default maximum JSON nesting depth in responses: 100. */
    public static final int DEFAULT_MAX_JSON_NESTING_DEPTH = 100;
    /** Default maximum length of one JSON string in responses: 20,000,000 characters (Jackson's default). */
    public static final int DEFAULT_MAX_JSON_STRING_LENGTH = 20_000_000;
    /** Default maximum length of one JSON number in responses: 1,000 characters (Jackson's default). */
    public static final int DEFAULT_MAX_JSON_NUMBER_LENGTH = 1000;
    /** Default maximum number of token ids (or logprobs) in one id list of a response: 4 Mi. */
    public static final int DEFAULT_MAX_TOKEN_IDS = ExtractionContext.DEFAULT_MAX_TOKEN_IDS;

    static final String USER_AGENT = "ep-java/0.1.0";

    private final RolloutEngine engine;
    private final EngineConfig config;

    private EpClient(EngineConfig config) {
        this.config = config;
        this.engine = new RolloutEngine(config, USER_AGENT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from system properties and environment variables only (see
     * {@link Builder#fromEnv()}).
     */
    public static EpClient fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * Rolls out one row; blocks. Equivalent to {@code rolloutAsync(row).join()}, but throws the failure itself
     * rather than a {@code CompletionException} wrapping it.
     *
     * @throws EpException the typed failure after retries (e.g. a {@link io.evalprotocol.errors.RateLimitException}),
     *     itself, with the stack trace of the thread that detected it
     * @throws CancellationException if the client was closed during the rollout, or the calling thread was
     *     interrupted while waiting: the request is then aborted, the interrupt flag set again, and the
     *     exception's cause is the {@link InterruptedException}
     */
    public EvaluationRow rollout(EvaluationRow row) {
        CompletableFuture<EvaluationRow> f = rolloutAsync(row);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            CancellationException c = new CancellationException("interrupted while waiting for the rollout; it was cancelled");
            c.initCause(e);
            throw c;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new EpException("rollout failed: " + cause, cause);
        }
    }

    /**
     * Rolls out one row: the returned future completes with the row plus the assistant message, or fails
     * with the typed {@link EpException} of the final failure after retries. Cancelling it aborts the request.
     */
    public CompletableFuture<EvaluationRow> rolloutAsync(EvaluationRow row) {
        Objects.requireNonNull(row, "row");
        return engine.execute(row);
    }

    RolloutEngine engine() {
        return engine;
    }

    public URI baseUri() {
        return config.baseUri();
    }

    public String model() {
        return config.model();
    }

    public CompletionParams completionParams() {
        return config.params();
    }

    /** The provider hint ({@code vllm}, {@code fireworks}, {@code openai}, …), if any. */
    public Optional<String> provider() {
        return Optional.ofNullable(config.providerHint());
    }

    public ExtractorSelectionPolicy extractorSelectionPolicy() {
        return config.selectionPolicy();
    }

    public TokenIdExtractorRegistry extractorRegistry() {
        return config.registry();
    }

    public int maxConcurrentRequests() {
        return config.maxConcurrentRequests();
    }

    public RetryPolicy retryPolicy() {
        return config.retryPolicy();
    }

    /** What assistant messages keep of the token trace (see {@link Builder#tokenTrace}). */
    public TokenTrace tokenTrace() {
        return config.tokenTrace();
    }

    /**
     * Cancels every rollout in flight (their rows come out of a {@link SingleTurnRolloutProcessor} with status
     * CANCELLED), closes the connections and ends the client's threads; returns when they are gone.
     * Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "EpClient{baseUri=" + Urls.redacted(config.baseUri()) + ", model=" + config.model()
                + (config.providerHint() == null ? "" : ", provider=" + config.providerHint())
                + ", apiKey=" + (config.apiKey() == null ? "none" : "[REDACTED]")
                + ", extractor=" + config.selectionPolicy()
                + ", maxConcurrentRequests=" + config.maxConcurrentRequests() + '}';
    }

    /**
     * Builds an {@link EpClient}. Only {@code model} is required. Setters and {@link #fromEnv()} apply in call
     * order, so call {@code fromEnv()} first and override what you need afterwards.
     */
    public static final class Builder {
        private URI baseUri = URI.create(DEFAULT_BASE_URL);
        private ApiKey apiKey;
        private String model;
        private CompletionParams params = CompletionParams.none();
        private String provider;
        private String tokenIdExtractor;
        private boolean allowReconstructedTokenIds;
        private boolean requireTokenIds;
        private TokenIdExtractorRegistry registry;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration rowDeadline = DEFAULT_ROW_DEADLINE;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxSseEventBytes = DEFAULT_MAX_SSE_EVENT_BYTES;
        private int maxJsonNestingDepth = DEFAULT_MAX_JSON_NESTING_DEPTH;
        private int maxJsonStringLength = DEFAULT_MAX_JSON_STRING_LENGTH;
        private int maxJsonNumberLength = DEFAULT_MAX_JSON_NUMBER_LENGTH;
        private int maxTokenIds = DEFAULT_MAX_TOKEN_IDS;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper;
        private boolean http2PriorKnowledge;
        private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean dropTrailingAssistantMessages = true;
        private TokenTrace tokenTrace = TokenTrace.FULL;
        private Function<String, String> env = System::getenv;
        private Function<String, String> properties = System::getProperty;

        private Builder() {}

        /**
         * Reads the settings below from system properties, falling back to environment variables (system
         * properties win, as in openai-java). Unset ones leave the builder unchanged.
         *
         * <table>
         * <caption>Settings read</caption>
         * <tr><th>system property</th><th>environment variable</th><th>builder method</th></tr>
         * <tr><td>{@code ep.base-url}</td><td>{@code EP_BASE_URL}</td><td>{@link #baseUrl}</td></tr>
         * <tr><td>{@code ep.api-key}</td><td>{@code EP_API_KEY}</td><td>{@link #apiKey}</td></tr>
         * <tr><td>{@code ep.model}</td><td>{@code EP_MODEL}</td><td>{@link #model}</td></tr>
         * <tr><td>{@code ep.provider}</td><td>{@code EP_PROVIDER}</td><td>{@link #provider}</td></tr>
         * <tr><td>{@code ep.max-concurrent-requests}</td><td>{@code EP_MAX_CONCURRENT_REQUESTS}</td>
         *     <td>{@link #maxConcurrentRequests}</td></tr>
         * <tr><td>{@code ep.require-token-ids}</td><td>{@code EP_REQUIRE_TOKEN_IDS}</td><td>{@link #requireTokenIds}</td></tr>
         * <tr><td>{@code ep.token-trace}</td><td>{@code EP_TOKEN_TRACE}</td><td>{@link #tokenTrace}
         *     ({@code full} or {@code ids-only})</td></tr>
         * <tr><td>{@code ep.allow-reconstructed-token-ids}</td><td>{@code EP_ALLOW_RECONSTRUCTED_TOKEN_IDS}</td>
         *     <td>{@link #allowReconstructedTokenIds}</td></tr>
         * </table>
         *
         * <p>The token-id extractor ({@code ep.token-id-extractor} / {@code EP_TOKEN_ID_EXTRACTOR}) is always
         * resolved at {@link #build()}, below a value given to {@link #tokenIdExtractor}.
         */
        public Builder fromEnv() {
            setting("ep.base-url", "EP_BASE_URL").ifPresent(this::baseUrl);
            setting("ep.api-key", "EP_API_KEY").ifPresent(this::apiKey);
            setting("ep.model", "EP_MODEL").ifPresent(this::model);
            setting("ep.provider", "EP_PROVIDER").ifPresent(this::provider);
            setting("ep.max-concurrent-requests", "EP_MAX_CONCURRENT_REQUESTS").ifPresent(v -> {
                try {
                    maxConcurrentRequests(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("ep.max-concurrent-requests / EP_MAX_CONCURRENT_REQUESTS must be"
                            + " a positive integer, was '" + v + "'");
                }
            });
            setting("ep.require-token-ids", "EP_REQUIRE_TOKEN_IDS").ifPresent(v -> requireTokenIds(bool(v, "EP_REQUIRE_TOKEN_IDS")));
            setting("ep.allow-reconstructed-token-ids", "EP_ALLOW_RECONSTRUCTED_TOKEN_IDS")
                    .ifPresent(v -> allowReconstructedTokenIds(bool(v, "EP_ALLOW_RECONSTRUCTED_TOKEN_IDS")));
            setting("ep.token-trace", "EP_TOKEN_TRACE").ifPresent(v -> {
                try {
                    tokenTrace(TokenTrace.of(v));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ep.token-trace / EP_TOKEN_TRACE must be full or ids-only, was '"
                            + v + "'", e);
                }
            });
            return this;
        }

        /** For tests: where {@link #fromEnv()} and {@link #build()} read environment variables and system properties. */
        Builder environment(Function<String, String> env, Function<String, String> properties) {
            this.env = Objects.requireNonNull(env, "env");
            this.properties = Objects.requireNonNull(properties, "properties");
            return this;
        }

        private Optional<String> setting(String property, String variable) {
            String v = properties.apply(property);
            if (v == null || v.isBlank()) {
                v = env.apply(variable);
            }
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        private static boolean bool(String v, String name) {
            switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true":
                case "1":
                case "yes":
                    return true;
                case "false":
                case "0":
                case "no":
                    return false;
                default:
                    throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
            }
        }

        /**
         * The API base URL, e.g. {@code http://127.0.0.1:8000/v1}; requests go to {@code <baseUrl>/chat/completions}.
         * Default {@value EpClient#DEFAULT_BASE_URL}. A query is kept and sent with every request, after the path
         * (older Azure OpenAI: {@code https://x.openai.azure.com/openai/deployments/d?api-version=2024-02-01} sends
         * to {@code .../deployments/d/chat/completions?api-version=2024-02-01}); messages, logs and
         * {@code toString()} quote its parameters with their values redacted.
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            try {
                return baseUri(new URI(baseUrl.trim()));
            } catch (URISyntaxException e) {
                // the reason and where, not the input: it may have a key in its query
                throw new IllegalArgumentException("baseUrl is not a URL: " + e.getReason()
                        + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
            }
        }

        /**
         * The API base as a URI; see {@link #baseUrl}.
         *
         * @throws IllegalArgumentException unless an absolute http(s) URL without user info or fragment
         */
        public Builder baseUri(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || baseUri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL, was "
                        + Urls.redacted(baseUri));
            }
            if (baseUri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not carry credentials; use apiKey(...)");
            }
            if (baseUri.getRawFragment() != null) {
                // a fragment is never sent, so it cannot be what the server needs; it is not printed (it may be a
                // secret pasted in the wrong place)
                throw new IllegalArgumentException("baseUrl must not have a fragment ('#...'), was "
                        + Urls.redacted(baseUri) + "#…");
            }
            String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String query = baseUri.getRawQuery();
            this.baseUri = URI.create(scheme + "://" + baseUri.getRawAuthority() + path
                    + (query == null || query.isEmpty() ? "" : "?" + query));
            return this;
        }

        /** The bearer token sent as {@code Authorization: Bearer …}; none by default (local vLLM needs none). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null ? null : ApiKey.of(apiKey);
            return this;
        }

        public Builder apiKey(ApiKey apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Required: the model name sent in every request. */
        public Builder model(String model) {
            this.model = model == null || model.isBlank() ? null : model.trim();
            return this;
        }

        /** Sampling parameters, streaming and extra body fields. Default: none, so the server's defaults apply. */
        public Builder completionParams(CompletionParams params) {
            this.params = Objects.requireNonNull(params, "params");
            return this;
        }

        /** A provider hint for extractor selection, e.g. {@code vllm}, {@code fireworks}, {@code openai}. */
        public Builder provider(String provider) {
            this.provider = provider == null || provider.isBlank() ? null : provider.trim().toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Chooses the token-id extractor by id (e.g. {@code vllm.token-ids}) instead of probing; wins over
         * {@code -Dep.token-id-extractor} and {@code EP_TOKEN_ID_EXTRACTOR}.
         */
        public Builder tokenIdExtractor(String id) {
            this.tokenIdExtractor = id;
            return this;
        }

        /** Whether probing may choose RECONSTRUCTED extractors (ids looked up from bytes). Default false. */
        public Builder allowReconstructedTokenIds(boolean allow) {
            this.allowReconstructedTokenIds = allow;
            return this;
        }

        /**
         * When true, a response from which no token ids can be read fails its row instead of producing a
         * row without {@code token_ids}. Default false.
         */
        public Builder requireTokenIds(boolean require) {
            this.requireTokenIds = require;
            return this;
        }

        /** The extractors to choose from; default {@link TokenIdExtractorRegistry#load()}, at {@link #build()}. */
        public Builder extractorRegistry(TokenIdExtractorRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Requests in flight at once, and the connection pool size (total and per host). Default {@value EpClient#DEFAULT_MAX_CONCURRENT_REQUESTS}. */
        public Builder maxConcurrentRequests(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, was " + max);
            }
            this.maxConcurrentRequests = max;
            return this;
        }

        /** Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The longest the server may stay silent while a response is awaited or read. Default 10 min. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "responseTimeout");
            return this;
        }

        /** The most one row may take, all attempts and waits included. Default 30 min. */
        public Builder rowDeadline(Duration deadline) {
            this.rowDeadline = positive(deadline, "rowDeadline");
            return this;
        }

        /** The largest response accepted, streamed or not, in bytes. Default 64 MiB. */
        public Builder maxResponseBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, was " + max);
            }
            this.maxResponseBytes = max;
            return this;
        }

        /** The largest single server-sent event, in bytes. Default 8 MiB. */
        public Builder maxSseEventBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxSseEventBytes must be positive, was " + max);
            }
            this.maxSseEventBytes = max;
            return this;
        }

        /** Default 100. */
        public Builder maxJsonNestingDepth(int max) {
            this.maxJsonNestingDepth = atLeastOne(max, "maxJsonNestingDepth");
            return this;
        }

        /** In characters. Default 20,000,000. */
        public Builder maxJsonStringLength(int max) {
            this.maxJsonStringLength = atLeastOne(max, "maxJsonStringLength");
            return this;
        }

        /** In characters. Default 1,000. */
        public Builder maxJsonNumberLength(int max) {
            this.maxJsonNumberLength = atLeastOne(max, "maxJsonNumberLength");
            return this;
        }

        /**
         * The most entries one id list of a response may have (completion ids, prompt ids, logprobs of one
         * choice), handed to extractors as {@link ExtractionContext#maxTokenIds()}; a longer list fails the row.
         * Default 4 Mi, far above any context window and far below what exhausts memory.
         */
        public Builder maxTokenIds(int max) {
            this.maxTokenIds = atLeastOne(max, "maxTokenIds");
            return this;
        }

        /** Default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The clock for retry budgets, {@code Retry-After} dates and {@code created_at}. Default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How retry waits happen. Default: a scheduler thread owned by the client. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /**
         * Speak HTTP/2 without TLS from the first byte (h2c "prior knowledge"), for servers known to support
         * it. Default false: plain {@code http://} uses HTTP/1.1 and {@code https://} negotiates HTTP/2 or 1.1
         * by ALPN.
         */
        public Builder http2PriorKnowledge(boolean enabled) {
            this.http2PriorKnowledge = enabled;
            return this;
        }

        /** HttpClient I/O dispatcher threads. Default min(4, available processors). */
        public Builder ioThreads(int threads) {
            this.ioThreads = atLeastOne(threads, "ioThreads");
            return this;
        }

        /** Adds a request header (values are never logged). {@code Authorization} is set from the API key. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.equalsIgnoreCase("authorization")) {
                throw new IllegalArgumentException("set the Authorization header with apiKey(...)");
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Whether trailing assistant messages are dropped from the conversation before the request (and from
         * the output row), as eval-protocol's SingleTurnRolloutProcessor does by default. Default true.
         */
        public Builder dropTrailingAssistantMessages(boolean drop) {
            this.dropTrailingAssistantMessages = drop;
            return this;
        }

        /**
         * What assistant messages keep of the token trace. Default {@link TokenTrace#FULL}: {@code token_ids}
         * plus the provider's logprobs payload, unchanged. {@link TokenTrace#IDS_ONLY}, for trainers:
         * {@code token_ids} plus the flat per-token logprobs ({@code Message.flatLogprobs()}, one
         * {@code double} per id), and the provider's payload (token strings, bytes, top alternatives) is not
         * kept; rows are then written with {@code "logprobs"} as a flat list of numbers, the token-native
         * shape Python eval-protocol reads. See {@link TokenTrace} for the details.
         */
        public Builder tokenTrace(TokenTrace trace) {
            this.tokenTrace = Objects.requireNonNull(trace, "trace");
            return this;
        }

        /**
         * @throws IllegalStateException when no model is set
         * @throws io.evalprotocol.errors.UnknownTokenIdExtractorException when an explicit extractor id is unknown
         */
        public EpClient build() {
            if (model == null) {
                throw new IllegalStateException("`model` is required, but was not set: use EpClient.builder()"
                        + ".model(...), -Dep.model=... or EP_MODEL");
            }
            ExtractorSelectionPolicy policy = ExtractorSelectionPolicy.resolve(tokenIdExtractor,
                    allowReconstructedTokenIds, properties.apply(ExtractorSelectionPolicy.SYSTEM_PROPERTY),
                    env.apply(ExtractorSelectionPolicy.ENVIRONMENT_VARIABLE));
            TokenIdExtractorRegistry reg = registry != null ? registry : TokenIdExtractorRegistry.load();
            if (policy.explicitId().isPresent() && reg.find(policy.explicitId().get()).isEmpty()) {
                // Fails now, with the registry's message listing what was discovered.
                reg.probe(io.evalprotocol.spi.ProviderShape.builder().model(model).baseUri(baseUri).build(), policy);
            }
            EngineConfig config = new EngineConfig(baseUri, apiKey, model, params, provider, policy, requireTokenIds,
                    reg, maxConcurrentRequests, connectTimeout, responseTimeout, rowDeadline, maxResponseBytes,
                    maxSseEventBytes, maxJsonNestingDepth, maxJsonStringLength, maxJsonNumberLength, maxTokenIds, retryPolicy, clock,
                    sleeper, http2PriorKnowledge, ioThreads, Map.copyOf(headers), dropTrailingAssistantMessages,
                    tokenTrace);
            return new EpClient(config);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + v);
            }
            return v;
        }

        @Override
        public String toString() {
            return "EpClient.Builder{baseUri=" + baseUri + ", model=" + model + ", apiKey="
                    + (apiKey == null ? "none" : "[REDACTED]") + '}';
        }
    }
}
