package io.evalprotocol.core;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The sampling parameters of a chat-completion request (OpenAI names, snake_case on the wire): {@code
 * temperature, top_p, max_tokens, n, stop, seed, logprobs, top_logprobs, tools, tool_choice, stream}, plus
 * {@link Builder#putExtraBody extra body fields} that are merged into the request's top level as they are
 * (openai-java's "additional body properties"; e.g. vLLM's {@code top_k} or {@code chat_template_kwargs}; not
 * {@code model}, {@code messages}, {@code stream} or {@code n}, which the engine writes or must know).
 *
 * <p>Unset parameters are not sent, so the server's defaults apply. A row's own {@code tools} win over
 * {@link #tools()}. A token-id extractor may add its own flags (e.g. {@code return_token_ids}); it never
 * overrides a field set here. Immutable.
 */
public final class CompletionParams {
    private static final CompletionParams NONE = builder().build();
    /** Fields the engine writes itself; they cannot be passed as extra body. */
    static final Set<String> RESERVED = Set.of("model", "messages");
    /**
     * Fields the engine reads to know what the response looks like (an event stream or one body; how many choices
     * a stream carries): as extra body they would be sent without the engine knowing, so they must be set through
     * their own setters.
     */
    static final Set<String> TYPED_ONLY = Set.of("stream", "n");

    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final Integer n;
    private final List<String> stop;
    private final Long seed;
    private final Boolean logprobs;
    private final Integer topLogprobs;
    private final List<JsonObject> tools;
    private final JsonValue toolChoice;
    private final boolean stream;
    private final Map<String, JsonValue> extraBody;

    private CompletionParams(Builder b) {
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.maxTokens = b.maxTokens;
        this.n = b.n;
        this.stop = b.stop == null ? null : List.copyOf(b.stop);
        this.seed = b.seed;
        this.logprobs = b.logprobs;
        this.topLogprobs = b.topLogprobs;
        this.tools = b.tools == null ? null : List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.stream = b.stream;
        this.extraBody = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraBody));
    }

    /** No parameters: every server default applies. */
    public static CompletionParams none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.temperature = temperature;
        b.topP = topP;
        b.maxTokens = maxTokens;
        b.n = n;
        b.stop = stop;
        b.seed = seed;
        b.logprobs = logprobs;
        b.topLogprobs = topLogprobs;
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.stream = stream;
        b.extraBody.putAll(extraBody);
        return b;
    }

    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** Choices per request; every choice is kept (see {@code docs/rollout.md}). */
    public OptionalInt n() {
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    public Optional<List<String>> stop() {
        return Optional.ofNullable(stop);
    }

    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public Optional<Boolean> logprobs() {
        return Optional.ofNullable(logprobs);
    }

    public OptionalInt topLogprobs() {
        return topLogprobs == null ? OptionalInt.empty() : OptionalInt.of(topLogprobs);
    }

    /** Tools offered to rows that carry none of their own. */
    public Optional<List<JsonObject>> tools() {
        return Optional.ofNullable(tools);
    }

    public Optional<JsonValue> toolChoice() {
        return Optional.ofNullable(toolChoice);
    }

    /** Whether responses are streamed (server-sent events). Default false. */
    public boolean stream() {
        return stream;
    }

    /** Extra top-level body fields, in insertion order. */
    public Map<String, JsonValue> extraBody() {
        return extraBody;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CompletionParams)) {
            return false;
        }
        CompletionParams p = (CompletionParams) o;
        return Objects.equals(temperature, p.temperature) && Objects.equals(topP, p.topP)
                && Objects.equals(maxTokens, p.maxTokens) && Objects.equals(n, p.n) && Objects.equals(stop, p.stop)
                && Objects.equals(seed, p.seed) && Objects.equals(logprobs, p.logprobs)
                && Objects.equals(topLogprobs, p.topLogprobs) && Objects.equals(tools, p.tools)
                && Objects.equals(toolChoice, p.toolChoice) && stream == p.stream && extraBody.equals(p.extraBody);
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, topP, maxTokens, n, stop, seed, logprobs, topLogprobs, tools, toolChoice,
                stream, extraBody);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CompletionParams{");
        append(sb, "temperature", temperature);
        append(sb, "top_p", topP);
        append(sb, "max_tokens", maxTokens);
        append(sb, "n", n);
        append(sb, "stop", stop);
        append(sb, "seed", seed);
        append(sb, "logprobs", logprobs);
        append(sb, "top_logprobs", topLogprobs);
        append(sb, "tools", tools == null ? null : tools.size() + " tools");
        append(sb, "tool_choice", toolChoice);
        append(sb, "stream", stream ? Boolean.TRUE : null);
        append(sb, "extra_body", extraBody.isEmpty() ? null : extraBody.keySet());
        if (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(name).append('=').append(value).append(", ");
        }
    }

    /** Builds {@link CompletionParams}; setters validate ranges the OpenAI API documents. */
    public static final class Builder {
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private Integer n;
        private List<String> stop;
        private Long seed;
        private Boolean logprobs;
        private Integer topLogprobs;
        private List<JsonObject> tools;
        private JsonValue toolChoice;
        private boolean stream;
        private final Map<String, JsonValue> extraBody = new LinkedHashMap<>();

        private Builder() {}

        public Builder temperature(Double temperature) {
            this.temperature = finite(temperature, "temperature");
            return this;
        }

        public Builder topP(Double topP) {
            this.topP = finite(topP, "topP");
            return this;
        }

        public Builder maxTokens(Integer maxTokens) {
            if (maxTokens != null && maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder n(Integer n) {
            if (n != null && n < 1) {
                throw new IllegalArgumentException("n must be at least 1, was " + n);
            }
            this.n = n;
            return this;
        }

        public Builder stop(List<String> stop) {
            if (stop != null) {
                for (String s : stop) {
                    Objects.requireNonNull(s, "stop contains null");
                }
            }
            this.stop = stop == null ? null : new ArrayList<>(stop);
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder logprobs(Boolean logprobs) {
            this.logprobs = logprobs;
            return this;
        }

        public Builder topLogprobs(Integer topLogprobs) {
            if (topLogprobs != null && topLogprobs < 0) {
                throw new IllegalArgumentException("topLogprobs must not be negative, was " + topLogprobs);
            }
            this.topLogprobs = topLogprobs;
            return this;
        }

        public Builder tools(List<JsonObject> tools) {
            this.tools = tools == null ? null : new ArrayList<>(tools);
            return this;
        }

        /** {@code "auto"}, {@code "none"}, {@code "required"} (as JSON strings) or a named-tool object. */
        public Builder toolChoice(JsonValue toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        /**
         * Adds a top-level body field sent as is; it replaces a same-named parameter set through this builder.
         *
         * @throws IllegalArgumentException for {@code model} and {@code messages}, which the engine writes, and
         *     for {@code stream} and {@code n}, which the engine must know to read the response: use
         *     {@link #stream(boolean)} and {@link #n(Integer)}
         */
        public Builder putExtraBody(String name, JsonValue value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is written by the rollout engine and cannot be"
                        + " passed as extra body; set the model with EpClient.builder().model(...)");
            }
            if (TYPED_ONLY.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' decides how the rollout engine reads the response"
                        + " and cannot be passed as extra body; set it with CompletionParams.builder()." + name
                        + "(...)");
            }
            extraBody.put(name, value);
            return this;
        }

        /** Replaces every extra body field with {@code fields}, in their iteration order; see {@link #putExtraBody}. */
        public Builder extraBody(Map<String, ? extends JsonValue> fields) {
            extraBody.clear();
            fields.forEach(this::putExtraBody);
            return this;
        }

        public CompletionParams build() {
            return new CompletionParams(this);
        }

        private static Double finite(Double v, String name) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be finite, was " + v);
            }
            return v;
        }
    }
}
