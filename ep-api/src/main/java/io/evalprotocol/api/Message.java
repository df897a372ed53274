package io.evalprotocol.api;

import io.evalprotocol.api.internal.FlatLogprobsArray;
import io.evalprotocol.errors.InvalidDataException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One chat message of an {@link EvaluationRow}, with the same fields and JSON as Python eval-protocol's
 * {@code Message}: {@code role, content, reasoning_content, name, tool_call_id, tool_calls, function_call,
 * control_plane_step, weight, logprobs, token_ids}.
 *
 * <p>On assistant messages produced by a rollout, {@link #tokenIds()} holds the exact token ids the engine
 * generated and {@link #logprobs()} the provider's logprobs payload, kept unchanged (a provider object
 * such as {@code {"content":[...]}}, or a flat list of numbers in the token-native shape).
 *
 * <p>{@link Builder#build()} checks one invariant, the one from eval-protocol's token-id change: when both
 * {@code token_ids} and a <em>flat</em> number-list {@code logprobs} are set, they have the same length.
 * A provider logprobs object is never rejected for its shape, and text-only messages need neither field.
 *
 * <p>Immutable and thread-safe. Unknown JSON members are kept in {@link #additionalProperties()}.
 */
public final class Message {
    static final Set<String> FIELDS = Values.names("role", "content", "reasoning_content", "name",
            "tool_call_id", "tool_calls", "function_call", "control_plane_step", "weight", "logprobs",
            "token_ids");

    private final Role role;
    /** A String, an unmodifiable List of ContentPart, or null (JSON null / omitted). */
    private final Object content;
    private final String reasoningContent;
    private final String name;
    private final String toolCallId;
    private final List<ToolCall> toolCalls;
    private final FunctionCall functionCall;
    private final JsonObject controlPlaneStep;
    private final Long weight;
    private final JsonValue logprobs;
    private final TokenIds tokenIds;
    private final Map<String, JsonValue> additionalProperties;
    /** Lazily computed flat view of {@link #logprobs}; racy single-check, safe because TokenLogprobs is immutable. */
    private TokenLogprobs flatLogprobs;

    private Message(Builder b) {
        if (b.role == null) {
            throw new IllegalStateException("`role` is required, but was not set");
        }
        this.role = b.role;
        this.content = b.content;
        this.reasoningContent = b.reasoningContent;
        this.name = b.name;
        this.toolCallId = b.toolCallId;
        this.toolCalls = Values.copyOrNull(b.toolCalls, "toolCalls");
        this.functionCall = b.functionCall;
        this.controlPlaneStep = b.controlPlaneStep;
        this.weight = b.weight;
        this.logprobs = b.logprobs;
        this.tokenIds = b.tokenIds;
        this.additionalProperties = b.additionalProperties.freeze();
        this.flatLogprobs = b.flatLogprobs;
        if (tokenIds != null && logprobs != null) {
            int flat = flatLength(logprobs);
            if (flat >= 0 && flat != tokenIds.size()) {
                throw new InvalidDataException("token_ids has " + tokenIds.size()
                        + " ids but the flat logprobs list has " + flat
                        + " values; in the token-native shape they must align one to one");
            }
        }
    }

    /** Element count when {@code value} is a flat list of numbers or nulls (missing values), else -1. */
    private static int flatLength(JsonValue value) {
        if (value instanceof FlatLogprobsArray) {
            // built from TokenLogprobs to align with the ids: checked even when a value is missing (null)
            return ((FlatLogprobsArray) value).size();
        }
        if (value instanceof RawJsonArray) {
            return ((RawJsonArray) value).flatNumberCount();
        }
        if (!(value instanceof JsonArray)) {
            return -1;
        }
        JsonArray array = (JsonArray) value;
        for (JsonValue v : array) {
            if (v.getValueType() != JsonValue.ValueType.NUMBER && v.getValueType() != JsonValue.ValueType.NULL) {
                return -1;
            }
        }
        return array.size();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A message with the given role and string content. */
    public static Message of(Role role, String content) {
        return builder().role(role).content(content).build();
    }

    public static Message system(String content) {
        return of(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return of(Role.USER, content);
    }

    public static Message assistant(String content) {
        return of(Role.ASSISTANT, content);
    }

    /** A tool result answering the tool call {@code toolCallId}. */
    public static Message tool(String toolCallId, String content) {
        return builder().role(Role.TOOL).toolCallId(toolCallId).content(content).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.role = role;
        b.content = content;
        b.reasoningContent = reasoningContent;
        b.name = name;
        b.toolCallId = toolCallId;
        b.toolCalls = toolCalls == null ? null : new ArrayList<>(toolCalls);
        b.functionCall = functionCall;
        b.controlPlaneStep = controlPlaneStep;
        b.weight = weight;
        b.logprobs = logprobs;
        b.flatLogprobs = flatLogprobs;
        b.tokenIds = tokenIds;
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public Role role() {
        return role;
    }

    /**
     * The content when it is a string. Empty when the content is a list of parts (see
     * {@link #contentParts()}) or null. A message built without content has {@code ""}, as in Python; a
     * message read from JSON without a {@code content} key has null content, so that it is written back
     * without one.
     */
    public Optional<String> content() {
        return content instanceof String ? Optional.of((String) content) : Optional.empty();
    }

    /** The content when it is a list of parts. */
    @SuppressWarnings("unchecked")
    public Optional<List<ContentPart>> contentParts() {
        return content instanceof List ? Optional.of((List<ContentPart>) content) : Optional.empty();
    }

    /** True when the content is null (written as an absent {@code content} key). */
    public boolean hasNullContent() {
        return content == null;
    }

    /**
     * The text of the message: the string content, or the text parts concatenated, or {@code ""} when the
     * content is null.
     */
    public String text() {
        if (content instanceof String) {
            return (String) content;
        }
        if (content == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart part : contentParts().orElseThrow()) {
            part.text().ifPresent(sb::append);
        }
        return sb.toString();
    }

    /** Hidden reasoning ({@code reasoning_content}), e.g. the text a reasoning model generated in {@code <think>}. */
    public Optional<String> reasoningContent() {
        return Optional.ofNullable(reasoningContent);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<String> toolCallId() {
        return Optional.ofNullable(toolCallId);
    }

    public Optional<List<ToolCall>> toolCalls() {
        return Optional.ofNullable(toolCalls);
    }

    public Optional<FunctionCall> functionCall() {
        return Optional.ofNullable(functionCall);
    }

    public Optional<JsonObject> controlPlaneStep() {
        return Optional.ofNullable(controlPlaneStep);
    }

    public OptionalLong weight() {
        return weight == null ? OptionalLong.empty() : OptionalLong.of(weight);
    }

    /**
     * The provider's logprobs payload, unchanged: a provider object (e.g. {@code {"content":[{"token":...,
     * "logprob":...,"token_id":...}]}}, entries with or without {@code token}/{@code bytes}), a flat list
     * of numbers, or any other JSON value. Values read from JSON are {@link RawJsonValue}s and keep their
     * exact text.
     */
    public Optional<JsonValue> logprobs() {
        return Optional.ofNullable(logprobs);
    }

    /**
     * {@link #logprobs()} as numbers, when it is a flat list of numbers (the token-native shape); a JSON
     * {@code null} in the list is a missing value ({@link TokenLogprobs#isMissing}).
     */
    public Optional<TokenLogprobs> flatLogprobs() {
        TokenLogprobs f = flatLogprobs;
        if (f == null && logprobs != null) {
            if (logprobs instanceof RawJsonArray) {
                f = ((RawJsonArray) logprobs).flatView();
            } else if (flatLength(logprobs) >= 0) {
                JsonArray array = (JsonArray) logprobs;
                double[] values = new double[array.size()];
                for (int i = 0; i < values.length; i++) {
                    JsonValue v = array.get(i);
                    values[i] = v instanceof JsonNumber ? ((JsonNumber) v).doubleValue() : Double.NaN;
                }
                f = TokenLogprobs.wrap(values);
            }
            flatLogprobs = f;
        }
        return Optional.ofNullable(f);
    }

    /**
     * The exact token ids the engine generated for this message (completion ids, EOS included when the
     * engine emitted it). Empty when the provider exposed none; an empty {@link TokenIds} is different.
     */
    public Optional<TokenIds> tokenIds() {
        return Optional.ofNullable(tokenIds);
    }

    /** JSON members this version does not declare, in input order; written back after the declared ones. */
    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Message)) {
            return false;
        }
        Message m = (Message) o;
        return role.equals(m.role)
                && Objects.equals(content, m.content)
                && Objects.equals(reasoningContent, m.reasoningContent)
                && Objects.equals(name, m.name)
                && Objects.equals(toolCallId, m.toolCallId)
                && Objects.equals(toolCalls, m.toolCalls)
                && Objects.equals(functionCall, m.functionCall)
                && Objects.equals(controlPlaneStep, m.controlPlaneStep)
                && Objects.equals(weight, m.weight)
                && logprobsEqual(m)
                && Objects.equals(tokenIds, m.tokenIds)
                && additionalProperties.equals(m.additionalProperties);
    }

    /**
     * Two flat number lists are equal when their numbers are (as Python compares floats): JSON-P compares
     * numbers as BigDecimals, where {@code -0.0002} read from JSON and the double {@code -2.0E-4} differ in scale.
     */
    private boolean logprobsEqual(Message m) {
        if (Objects.equals(logprobs, m.logprobs)) {
            return true;
        }
        if (logprobs == null || m.logprobs == null) {
            return false;
        }
        Optional<TokenLogprobs> a = flatLogprobs();
        Optional<TokenLogprobs> b = m.flatLogprobs();
        if (a.isEmpty() || b.isEmpty() || a.get().size() != b.get().size()) {
            return false;
        }
        TokenLogprobs x = a.get();
        TokenLogprobs y = b.get();
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) != y.get(i) && !(x.isMissing(i) && y.isMissing(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content, reasoningContent, name, toolCallId, toolCalls, functionCall,
                weight, tokenIds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Message{role=").append(role);
        if (content instanceof String) {
            sb.append(", content=").append(Values.abbreviate((String) content));
        } else if (content != null) {
            sb.append(", content=").append(content);
        }
        if (reasoningContent != null) {
            sb.append(", reasoning_content=").append(Values.abbreviate(reasoningContent));
        }
        if (name != null) {
            sb.append(", name=").append(name);
        }
        if (toolCallId != null) {
            sb.append(", tool_call_id=").append(toolCallId);
        }
        if (toolCalls != null) {
            sb.append(", tool_calls=").append(toolCalls);
        }
        if (functionCall != null) {
            sb.append(", function_call=").append(functionCall);
        }
        if (controlPlaneStep != null) {
            sb.append(", control_plane_step=").append(Values.abbreviate(controlPlaneStep));
        }
        if (weight != null) {
            sb.append(", weight=").append(weight);
        }
        if (logprobs != null) {
            sb.append(", logprobs=").append(Values.abbreviate(logprobs));
        }
        if (tokenIds != null) {
            sb.append(", token_ids(").append(tokenIds.size()).append(")=").append(tokenIds);
        }
        if (!additionalProperties.isEmpty()) {
            sb.append(", additional=").append(additionalProperties.keySet());
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a {@link Message}. {@code content} defaults to {@code ""} (Python's default); passing
     * {@code null} to an optional field clears it.
     */
    public static final class Builder {
        private Role role;
        private Object content = "";
        private String reasoningContent;
        private String name;
        private String toolCallId;
        private List<ToolCall> toolCalls;
        private FunctionCall functionCall;
        private JsonObject controlPlaneStep;
        private Long weight;
        private JsonValue logprobs;
        private TokenLogprobs flatLogprobs;
        private TokenIds tokenIds;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder role(Role role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        /** Same as {@code role(Role.of(role))}; unknown roles are kept. */
        public Builder role(String role) {
            return role(Role.of(role));
        }

        /** String content; {@code null} makes the content null (omitted from JSON). */
        public Builder content(String content) {
            this.content = content;
            return this;
        }

        /** Multi-part content (text and image parts). */
        public Builder contentParts(List<ContentPart> parts) {
            this.content = Values.copy(parts, "contentParts");
            return this;
        }

        public Builder reasoningContent(String reasoningContent) {
            this.reasoningContent = reasoningContent;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder toolCallId(String toolCallId) {
            this.toolCallId = toolCallId;
            return this;
        }

        public Builder toolCalls(List<ToolCall> toolCalls) {
            this.toolCalls = toolCalls == null ? null : new ArrayList<>(toolCalls);
            return this;
        }

        public Builder addToolCall(ToolCall toolCall) {
            Objects.requireNonNull(toolCall, "toolCall");
            if (toolCalls == null) {
                toolCalls = new ArrayList<>();
            }
            toolCalls.add(toolCall);
            return this;
        }

        public Builder functionCall(FunctionCall functionCall) {
            this.functionCall = functionCall;
            return this;
        }

        public Builder controlPlaneStep(JsonObject controlPlaneStep) {
            this.controlPlaneStep = Values.nullToAbsent(controlPlaneStep);
            return this;
        }

        public Builder weight(Long weight) {
            this.weight = weight;
            return this;
        }

        public Builder weight(long weight) {
            this.weight = weight;
            return this;
        }

        /** The provider's logprobs payload, kept as given; {@code null} or JSON null clears it. */
        public Builder logprobs(JsonValue logprobs) {
            if (logprobs instanceof RawJsonObject) {
                // columns the body reader attached for the extractor: a message must not carry them
                ((RawJsonObject) logprobs).dropContentColumns();
            }
            this.logprobs = Values.nullToAbsent(logprobs);
            this.flatLogprobs = null;
            return this;
        }

        /**
         * Logprobs in the token-native flat shape, one per token id: written as a JSON list of numbers, the
         * shape Python eval-protocol checks against {@code token_ids}. The values are kept as the given
         * {@code double[]}-backed {@link TokenLogprobs} (8 bytes per token); {@link Message#logprobs()} is a
         * {@link JsonArray} view of them whose elements are made on access. A missing value
         * ({@link Double#NaN}, see {@link TokenLogprobs#isMissing}) is the JSON-P {@code null} element and is
         * written as {@code null}, as pydantic writes a NaN float.
         *
         * @throws IllegalArgumentException for infinite values, which JSON cannot carry
         */
        public Builder flatLogprobs(TokenLogprobs values) {
            if (values == null) {
                return logprobs(null);
            }
            this.logprobs = new FlatLogprobsArray(values);
            this.flatLogprobs = values;
            return this;
        }

        /** The engine's token ids; {@code null} clears them. */
        public Builder tokenIds(TokenIds tokenIds) {
            this.tokenIds = tokenIds;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "Message", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "Message", properties);
            return this;
        }

        /**
         * @throws IllegalStateException when {@code role} is not set
         * @throws InvalidDataException when token ids and flat logprobs have different lengths
         */
        public Message build() {
            return new Message(this);
        }
    }
}
