package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A function the model asked to call: {@code {"arguments": "<JSON text>", "name": ...}} (OpenAI's
 * {@code FunctionCall}; also the {@code function} member of a {@link ToolCall}). {@code arguments} is the
 * JSON text exactly as the model generated it, which need not be valid JSON.
 */
public final class FunctionCall {
    static final Set<String> FIELDS = Values.names("arguments", "name");

    private final String arguments;
    private final String name;
    private final Map<String, JsonValue> additionalProperties;

    private FunctionCall(Builder b) {
        if (b.arguments == null) {
            throw new IllegalStateException("`arguments` is required, but was not set");
        }
        if (b.name == null) {
            throw new IllegalStateException("`name` is required, but was not set");
        }
        this.arguments = b.arguments;
        this.name = b.name;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static FunctionCall of(String name, String arguments) {
        return builder().name(name).arguments(arguments).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().arguments(arguments).name(name);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public String arguments() {
        return arguments;
    }

    public String name() {
        return name;
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FunctionCall)) {
            return false;
        }
        FunctionCall f = (FunctionCall) o;
        return arguments.equals(f.arguments) && name.equals(f.name)
                && additionalProperties.equals(f.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arguments, name, additionalProperties);
    }

    @Override
    public String toString() {
        return "FunctionCall{name=" + name + ", arguments=" + Values.abbreviate(arguments) + '}';
    }

    /** Builds a {@link FunctionCall}. */
    public static final class Builder {
        private String arguments;
        private String name;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder arguments(String arguments) {
            this.arguments = arguments;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "FunctionCall", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "FunctionCall", properties);
            return this;
        }

        public FunctionCall build() {
            return new FunctionCall(this);
        }
    }
}
