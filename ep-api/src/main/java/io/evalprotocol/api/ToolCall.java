package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tool call on an assistant message: {@code {"id", "function": {"arguments", "name"}, "type": "function"}}
 * (OpenAI's {@code ChatCompletionMessageToolCall}).
 */
public final class ToolCall {
    static final Set<String> FIELDS = Values.names("id", "function", "type");

    public static final String TYPE_FUNCTION = "function";

    private final String id;
    private final FunctionCall function;
    private final String type;
    private final Map<String, JsonValue> additionalProperties;

    private ToolCall(Builder b) {
        if (b.id == null) {
            throw new IllegalStateException("`id` is required, but was not set");
        }
        if (b.function == null) {
            throw new IllegalStateException("`function` is required, but was not set");
        }
        this.id = b.id;
        this.function = b.function;
        this.type = b.type;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    /** A {@code function} tool call. */
    public static ToolCall function(String id, String name, String arguments) {
        return builder().id(id).function(FunctionCall.of(name, arguments)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().id(id).function(function).type(type);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public String id() {
        return id;
    }

    public FunctionCall function() {
        return function;
    }

    /** {@code "function"} unless a provider says otherwise. */
    public String type() {
        return type;
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ToolCall)) {
            return false;
        }
        ToolCall t = (ToolCall) o;
        return id.equals(t.id) && function.equals(t.function) && type.equals(t.type)
                && additionalProperties.equals(t.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, function, type, additionalProperties);
    }

    @Override
    public String toString() {
        return "ToolCall{id=" + id + ", " + function + (TYPE_FUNCTION.equals(type) ? "" : ", type=" + type) + '}';
    }

    /** Builds a {@link ToolCall}; {@code type} defaults to {@code "function"}. */
    public static final class Builder {
        private String id;
        private FunctionCall function;
        private String type = TYPE_FUNCTION;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder function(FunctionCall function) {
            this.function = function;
            return this;
        }

        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "ToolCall", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "ToolCall", properties);
            return this;
        }

        public ToolCall build() {
            return new ToolCall(this);
        }
    }
}
