package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The top-level fields of a chat-completion request other than {@code model} and {@code messages}, in
 * the order they are written; what a token-id extractor sees and amends through {@link ExtractorRequest}.
 */
final class BodyFields implements ExtractorRequest {
    private final ProviderShape shape;
    private final Map<String, JsonValue> fields = new LinkedHashMap<>();

    BodyFields(ProviderShape shape) {
        this.shape = shape;
    }

    @Override
    public ProviderShape shape() {
        return shape;
    }

    /** {@code model} and {@code messages} are written by the engine and not visible here. */
    @Override
    public Optional<JsonValue> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    @Override
    public ExtractorRequest set(String field, JsonValue value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (field.equals("model") || field.equals("messages")) {
            throw new IllegalArgumentException("'" + field + "' is written by the rollout engine");
        }
        fields.put(field, value);
        return this;
    }

    void put(String field, JsonValue value) {
        fields.put(field, value);
    }

    Map<String, JsonValue> fields() {
        return fields;
    }
}
