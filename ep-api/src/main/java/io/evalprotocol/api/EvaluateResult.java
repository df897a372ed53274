package io.evalprotocol.api;

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
import java.util.Set;

/**
 * The result of an evaluator ({@code evaluation_result}): {@code score, is_score_valid, reason, metrics,
 * step_outputs, error, trajectory_info, final_control_plane_info, agg_score, standard_error}.
 * {@code is_score_valid} (default true) and {@code metrics} (default empty) are always written.
 */
public final class EvaluateResult {
    static final Set<String> FIELDS = Values.names("score", "is_score_valid", "reason", "metrics",
            "step_outputs", "error", "trajectory_info", "final_control_plane_info", "agg_score", "standard_error");

    private final double score;
    private final boolean scoreValid;
    private final String reason;
    private final Map<String, MetricResult> metrics;
    private final List<StepOutput> stepOutputs;
    private final String error;
    private final JsonObject trajectoryInfo;
    private final JsonObject finalControlPlaneInfo;
    private final Double aggScore;
    private final Double standardError;
    private final Map<String, JsonValue> additionalProperties;

    private EvaluateResult(Builder b) {
        if (b.score == null) {
            throw new IllegalStateException("`score` is required, but was not set");
        }
        this.score = b.score;
        this.scoreValid = b.scoreValid;
        this.reason = b.reason;
        this.metrics = b.metrics.isEmpty() ? Collections.emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.metrics));
        this.stepOutputs = Values.copyOrNull(b.stepOutputs, "stepOutputs");
        this.error = b.error;
        this.trajectoryInfo = b.trajectoryInfo;
        this.finalControlPlaneInfo = b.finalControlPlaneInfo;
        this.aggScore = b.aggScore;
        this.standardError = b.standardError;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static EvaluateResult of(double score, String reason) {
        return builder().score(score).reason(reason).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.score = score;
        b.scoreValid = scoreValid;
        b.reason = reason;
        b.metrics.putAll(metrics);
        b.stepOutputs = stepOutputs == null ? null : new ArrayList<>(stepOutputs);
        b.error = error;
        b.trajectoryInfo = trajectoryInfo;
        b.finalControlPlaneInfo = finalControlPlaneInfo;
        b.aggScore = aggScore;
        b.standardError = standardError;
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public double score() {
        return score;
    }

    public boolean isScoreValid() {
        return scoreValid;
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Metrics by name, in input order. */
    public Map<String, MetricResult> metrics() {
        return metrics;
    }

    public Optional<List<StepOutput>> stepOutputs() {
        return Optional.ofNullable(stepOutputs);
    }

    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public Optional<JsonObject> trajectoryInfo() {
        return Optional.ofNullable(trajectoryInfo);
    }

    public Optional<JsonObject> finalControlPlaneInfo() {
        return Optional.ofNullable(finalControlPlaneInfo);
    }

    public OptionalDouble aggScore() {
        return aggScore == null ? OptionalDouble.empty() : OptionalDouble.of(aggScore);
    }

    public OptionalDouble standardError() {
        return standardError == null ? OptionalDouble.empty() : OptionalDouble.of(standardError);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EvaluateResult)) {
            return false;
        }
        EvaluateResult r = (EvaluateResult) o;
        return Double.compare(score, r.score) == 0 && scoreValid == r.scoreValid && Objects.equals(reason, r.reason)
                && metrics.equals(r.metrics) && Objects.equals(stepOutputs, r.stepOutputs)
                && Objects.equals(error, r.error) && Objects.equals(trajectoryInfo, r.trajectoryInfo)
                && Objects.equals(finalControlPlaneInfo, r.finalControlPlaneInfo)
                && Objects.equals(aggScore, r.aggScore) && Objects.equals(standardError, r.standardError)
                && additionalProperties.equals(r.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(score, scoreValid, reason, metrics, error);
    }

    @Override
    public String toString() {
        return "EvaluateResult{score=" + score + (scoreValid ? "" : " (invalid)")
                + (reason == null ? "" : ", reason=" + Values.abbreviate(reason))
                + (metrics.isEmpty() ? "" : ", metrics=" + metrics.keySet())
                + (stepOutputs == null ? "" : ", step_outputs(" + stepOutputs.size() + ")")
                + (error == null ? "" : ", error=" + Values.abbreviate(error)) + '}';
    }

    /** Builds an {@link EvaluateResult}; {@code score} is required. */
    public static final class Builder {
        private Double score;
        private boolean scoreValid = true;
        private String reason;
        private final Map<String, MetricResult> metrics = new LinkedHashMap<>();
        private List<StepOutput> stepOutputs;
        private String error;
        private JsonObject trajectoryInfo;
        private JsonObject finalControlPlaneInfo;
        private Double aggScore;
        private Double standardError;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder score(double score) {
            this.score = score;
            return this;
        }

        public Builder scoreValid(boolean scoreValid) {
            this.scoreValid = scoreValid;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder metrics(Map<String, MetricResult> metrics) {
            Objects.requireNonNull(metrics, "metrics");
            this.metrics.clear();
            metrics.forEach(this::putMetric);
            return this;
        }

        public Builder putMetric(String name, MetricResult metric) {
            this.metrics.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(metric, "metric"));
            return this;
        }

        public Builder stepOutputs(List<StepOutput> stepOutputs) {
            this.stepOutputs = stepOutputs == null ? null : new ArrayList<>(stepOutputs);
            return this;
        }

        public Builder addStepOutput(StepOutput stepOutput) {
            Objects.requireNonNull(stepOutput, "stepOutput");
            if (stepOutputs == null) {
                stepOutputs = new ArrayList<>();
            }
            stepOutputs.add(stepOutput);
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder trajectoryInfo(JsonObject trajectoryInfo) {
            this.trajectoryInfo = Values.nullToAbsent(trajectoryInfo);
            return this;
        }

        public Builder finalControlPlaneInfo(JsonObject finalControlPlaneInfo) {
            this.finalControlPlaneInfo = Values.nullToAbsent(finalControlPlaneInfo);
            return this;
        }

        public Builder aggScore(Double aggScore) {
            this.aggScore = aggScore;
            return this;
        }

        public Builder standardError(Double standardError) {
            this.standardError = standardError;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "EvaluateResult", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "EvaluateResult", properties);
            return this;
        }

        public EvaluateResult build() {
            return new EvaluateResult(this);
        }
    }
}
