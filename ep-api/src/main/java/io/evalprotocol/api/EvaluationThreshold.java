package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/** The pass threshold of an evaluation ({@code passed_threshold}): {@code success, standard_error}. */
public final class EvaluationThreshold {
    static final Set<String> FIELDS = Values.names("success", "standard_error");

    private final double success;
    private final Double standardError;
    private final Map<String, JsonValue> additionalProperties;

    private EvaluationThreshold(Builder b) {
        if (b.success == null) {
            throw new IllegalStateException("`success` is required, but was not set");
        }
        this.success = b.success;
        this.standardError = b.standardError;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static EvaluationThreshold of(double success) {
        return builder().success(success).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().success(success).standardError(standardError);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    /** Minimum success rate, 0.0 to 1.0. */
    public double success() {
        return success;
    }

    /** Maximum standard error, when set. */
    public OptionalDouble standardError() {
        return standardError == null ? OptionalDouble.empty() : OptionalDouble.of(standardError);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EvaluationThreshold)) {
            return false;
        }
        EvaluationThreshold t = (EvaluationThreshold) o;
        return Double.compare(success, t.success) == 0 && Objects.equals(standardError, t.standardError)
                && additionalProperties.equals(t.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(success, standardError);
    }

    @Override
    public String toString() {
        return "EvaluationThreshold{success=" + success
                + (standardError == null ? "" : ", standard_error=" + standardError) + '}';
    }

    /** Builds an {@link EvaluationThreshold}; {@code success} is required. */
    public static final class Builder {
        private Double success;
        private Double standardError;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder success(double success) {
            this.success = success;
            return this;
        }

        public Builder standardError(Double standardError) {
            this.standardError = standardError;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "EvaluationThreshold", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "EvaluationThreshold", properties);
            return this;
        }

        public EvaluationThreshold build() {
            return new EvaluationThreshold(this);
        }
    }
}
