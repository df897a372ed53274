package io.evalprotocol.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The base reward of one step of a trajectory ({@code step_outputs[]} of an {@link EvaluateResult}):
 * {@code step_index, base_reward, terminated, control_plane_info, metrics, reason}.
 */
public final class StepOutput {
    static final Set<String> FIELDS = Values.names("step_index", "base_reward", "terminated",
            "control_plane_info", "metrics", "reason");

    private final JsonValue stepIndex;
    private final double baseReward;
    private final boolean terminated;
    private final JsonObject controlPlaneInfo;
    private final JsonObject metrics;
    private final String reason;
    private final Map<String, JsonValue> additionalProperties;

    private StepOutput(Builder b) {
        if (b.stepIndex == null) {
            throw new IllegalStateException("`step_index` is required, but was not set");
        }
        if (b.baseReward == null) {
            throw new IllegalStateException("`base_reward` is required, but was not set");
        }
        this.stepIndex = b.stepIndex;
        this.baseReward = b.baseReward;
        this.terminated = b.terminated;
        this.controlPlaneInfo = b.controlPlaneInfo;
        this.metrics = b.metrics;
        this.reason = b.reason;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.stepIndex = stepIndex;
        b.baseReward = baseReward;
        b.terminated = terminated;
        b.controlPlaneInfo = controlPlaneInfo;
        b.metrics = metrics;
        b.reason = reason;
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    /** The user-defined step index: a {@link JsonNumber} (integer) or a {@link JsonString}. */
    public JsonValue stepIndex() {
        return stepIndex;
    }

    public double baseReward() {
        return baseReward;
    }

    public boolean terminated() {
        return terminated;
    }

    public Optional<JsonObject> controlPlaneInfo() {
        return Optional.ofNullable(controlPlaneInfo);
    }

    /** Never null, possibly empty. */
    public JsonObject metrics() {
        return metrics;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StepOutput)) {
            return false;
        }
        StepOutput s = (StepOutput) o;
        return stepIndex.equals(s.stepIndex) && Double.compare(baseReward, s.baseReward) == 0
                && terminated == s.terminated && Objects.equals(controlPlaneInfo, s.controlPlaneInfo)
                && metrics.equals(s.metrics) && Objects.equals(reason, s.reason)
                && additionalProperties.equals(s.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stepIndex, baseReward, terminated, reason);
    }

    @Override
    public String toString() {
        return "StepOutput{step_index=" + stepIndex + ", base_reward=" + baseReward
                + (terminated ? ", terminated" : "") + '}';
    }

    /** Builds a {@link StepOutput}; {@code step_index} and {@code base_reward} are required. */
    public static final class Builder {
        private JsonValue stepIndex;
        private Double baseReward;
        private boolean terminated;
        private JsonObject controlPlaneInfo;
        private JsonObject metrics = JsonValue.EMPTY_JSON_OBJECT;
        private String reason;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder stepIndex(long stepIndex) {
            this.stepIndex = JsonP.provider().createValue(stepIndex);
            return this;
        }

        public Builder stepIndex(String stepIndex) {
            this.stepIndex = JsonP.provider().createValue(Objects.requireNonNull(stepIndex, "stepIndex"));
            return this;
        }

        /**
         * @throws IllegalArgumentException unless {@code stepIndex} is a number or a string
         */
        public Builder stepIndex(JsonValue stepIndex) {
            Objects.requireNonNull(stepIndex, "stepIndex");
            if (!(stepIndex instanceof JsonNumber) && !(stepIndex instanceof JsonString)) {
                throw new IllegalArgumentException("step_index must be a number or a string, got "
                        + stepIndex.getValueType());
            }
            this.stepIndex = stepIndex;
            return this;
        }

        public Builder baseReward(double baseReward) {
            this.baseReward = baseReward;
            return this;
        }

        public Builder terminated(boolean terminated) {
            this.terminated = terminated;
            return this;
        }

        public Builder controlPlaneInfo(JsonObject controlPlaneInfo) {
            this.controlPlaneInfo = Values.nullToAbsent(controlPlaneInfo);
            return this;
        }

        /** {@code null} resets to {@code {}}. */
        public Builder metrics(JsonObject metrics) {
            this.metrics = metrics == null ? JsonValue.EMPTY_JSON_OBJECT : metrics;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "StepOutput", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "StepOutput", properties);
            return this;
        }

        public StepOutput build() {
            return new StepOutput(this);
        }
    }
}
