package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code execution_metadata} of an {@link EvaluationRow}: ids of the invocation, experiment, rollout and
 * run; token usage and cost; durations; the integration's free-form {@code extra}; the response's
 * {@code finish_reason}, {@code tool_call_count} and (Fireworks, non-streaming) {@code raw_output}.
 *
 * <p>Python generates the three ids with a human-readable id generator when absent; this class does not
 * invent values (the rollout processor sets them).
 */
public final class ExecutionMetadata {
    static final Set<String> FIELDS = Values.names("invocation_id", "experiment_id", "rollout_id", "run_id",
            "usage", "cost_metrics", "duration_seconds", "rollout_duration_seconds", "eval_duration_seconds",
            "experiment_duration_seconds", "extra", "finish_reason", "tool_call_count", "raw_output");
    private static final ExecutionMetadata EMPTY = builder().build();

    private final String invocationId;
    private final String experimentId;
    private final String rolloutId;
    private final String runId;
    private final CompletionUsage usage;
    private final CostMetrics costMetrics;
    private final Double durationSeconds;
    private final Double rolloutDurationSeconds;
    private final Double evalDurationSeconds;
    private final Double experimentDurationSeconds;
    private final JsonObject extra;
    private final FinishReason finishReason;
    private final Long toolCallCount;
    private final JsonValue rawOutput;
    private final Map<String, JsonValue> additionalProperties;

    private ExecutionMetadata(Builder b) {
        this.invocationId = b.invocationId;
        this.experimentId = b.experimentId;
        this.rolloutId = b.rolloutId;
        this.runId = b.runId;
        this.usage = b.usage;
        this.costMetrics = b.costMetrics;
        this.durationSeconds = b.durationSeconds;
        this.rolloutDurationSeconds = b.rolloutDurationSeconds;
        this.evalDurationSeconds = b.evalDurationSeconds;
        this.experimentDurationSeconds = b.experimentDurationSeconds;
        this.extra = b.extra;
        this.finishReason = b.finishReason;
        this.toolCallCount = b.toolCallCount;
        this.rawOutput = b.rawOutput;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    /** All fields absent (written as {@code {}}). */
    public static ExecutionMetadata empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.invocationId = invocationId;
        b.experimentId = experimentId;
        b.rolloutId = rolloutId;
        b.runId = runId;
        b.usage = usage;
        b.costMetrics = costMetrics;
        b.durationSeconds = durationSeconds;
        b.rolloutDurationSeconds = rolloutDurationSeconds;
        b.evalDurationSeconds = evalDurationSeconds;
        b.experimentDurationSeconds = experimentDurationSeconds;
        b.extra = extra;
        b.finishReason = finishReason;
        b.toolCallCount = toolCallCount;
        b.rawOutput = rawOutput;
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public Optional<String> invocationId() {
        return Optional.ofNullable(invocationId);
    }

    public Optional<String> experimentId() {
        return Optional.ofNullable(experimentId);
    }

    public Optional<String> rolloutId() {
        return Optional.ofNullable(rolloutId);
    }

    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    public Optional<CompletionUsage> usage() {
        return Optional.ofNullable(usage);
    }

    public Optional<CostMetrics> costMetrics() {
        return Optional.ofNullable(costMetrics);
    }

    /** Deprecated in Python in favour of {@link #rolloutDurationSeconds()}; kept for old rows. */
    public OptionalDouble durationSeconds() {
        return opt(durationSeconds);
    }

    public OptionalDouble rolloutDurationSeconds() {
        return opt(rolloutDurationSeconds);
    }

    public OptionalDouble evalDurationSeconds() {
        return opt(evalDurationSeconds);
    }

    public OptionalDouble experimentDurationSeconds() {
        return opt(experimentDurationSeconds);
    }

    /** Integration-specific metadata (e.g. {@code prompt_token_ids}, step rewards). */
    public Optional<JsonObject> extra() {
        return Optional.ofNullable(extra);
    }

    public Optional<FinishReason> finishReason() {
        return Optional.ofNullable(finishReason);
    }

    public OptionalLong toolCallCount() {
        return toolCallCount == null ? OptionalLong.empty() : OptionalLong.of(toolCallCount);
    }

    /** The provider's raw output (Fireworks {@code raw_output}), unchanged. */
    public Optional<JsonValue> rawOutput() {
        return Optional.ofNullable(rawOutput);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    private static OptionalDouble opt(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExecutionMetadata)) {
            return false;
        }
        ExecutionMetadata m = (ExecutionMetadata) o;
        return Objects.equals(invocationId, m.invocationId) && Objects.equals(experimentId, m.experimentId)
                && Objects.equals(rolloutId, m.rolloutId) && Objects.equals(runId, m.runId)
                && Objects.equals(usage, m.usage) && Objects.equals(costMetrics, m.costMetrics)
                && Objects.equals(durationSeconds, m.durationSeconds)
                && Objects.equals(rolloutDurationSeconds, m.rolloutDurationSeconds)
                && Objects.equals(evalDurationSeconds, m.evalDurationSeconds)
                && Objects.equals(experimentDurationSeconds, m.experimentDurationSeconds)
                && Objects.equals(extra, m.extra) && Objects.equals(finishReason, m.finishReason)
                && Objects.equals(toolCallCount, m.toolCallCount) && Objects.equals(rawOutput, m.rawOutput)
                && additionalProperties.equals(m.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(invocationId, experimentId, rolloutId, runId, usage, finishReason, toolCallCount);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExecutionMetadata{");
        append(sb, "invocation_id", invocationId);
        append(sb, "experiment_id", experimentId);
        append(sb, "rollout_id", rolloutId);
        append(sb, "run_id", runId);
        append(sb, "usage", usage);
        append(sb, "cost_metrics", costMetrics);
        append(sb, "duration_seconds", durationSeconds);
        append(sb, "rollout_duration_seconds", rolloutDurationSeconds);
        append(sb, "eval_duration_seconds", evalDurationSeconds);
        append(sb, "experiment_duration_seconds", experimentDurationSeconds);
        append(sb, "extra", extra == null ? null : Values.abbreviate(extra));
        append(sb, "finish_reason", finishReason);
        append(sb, "tool_call_count", toolCallCount);
        append(sb, "raw_output", rawOutput == null ? null : Values.abbreviate(rawOutput));
        if (!additionalProperties.isEmpty()) {
            append(sb, "additional", additionalProperties.keySet());
        }
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            if (sb.charAt(sb.length() - 1) != '{') {
                sb.append(", ");
            }
            sb.append(name).append('=').append(value);
        }
    }

    /** Builds {@link ExecutionMetadata}; every field is optional. */
    public static final class Builder {
        private String invocationId;
        private String experimentId;
        private String rolloutId;
        private String runId;
        private CompletionUsage usage;
        private CostMetrics costMetrics;
        private Double durationSeconds;
        private Double rolloutDurationSeconds;
        private Double evalDurationSeconds;
        private Double experimentDurationSeconds;
        private JsonObject extra;
        private FinishReason finishReason;
        private Long toolCallCount;
        private JsonValue rawOutput;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder invocationId(String invocationId) {
            this.invocationId = invocationId;
            return this;
        }

        public Builder experimentId(String experimentId) {
            this.experimentId = experimentId;
            return this;
        }

        public Builder rolloutId(String rolloutId) {
            this.rolloutId = rolloutId;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public Builder usage(CompletionUsage usage) {
            this.usage = usage;
            return this;
        }

        public Builder costMetrics(CostMetrics costMetrics) {
            this.costMetrics = costMetrics;
            return this;
        }

        public Builder durationSeconds(Double durationSeconds) {
            this.durationSeconds = durationSeconds;
            return this;
        }

        public Builder rolloutDurationSeconds(Double rolloutDurationSeconds) {
            this.rolloutDurationSeconds = rolloutDurationSeconds;
            return this;
        }

        public Builder evalDurationSeconds(Double evalDurationSeconds) {
            this.evalDurationSeconds = evalDurationSeconds;
            return this;
        }

        public Builder experimentDurationSeconds(Double experimentDurationSeconds) {
            this.experimentDurationSeconds = experimentDurationSeconds;
            return this;
        }

        public Builder extra(JsonObject extra) {
            this.extra = Values.nullToAbsent(extra);
            return this;
        }

        public Builder finishReason(FinishReason finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason == null ? null : FinishReason.of(finishReason);
            return this;
        }

        public Builder toolCallCount(Long toolCallCount) {
            this.toolCallCount = toolCallCount;
            return this;
        }

        public Builder toolCallCount(long toolCallCount) {
            this.toolCallCount = toolCallCount;
            return this;
        }

        public Builder rawOutput(JsonValue rawOutput) {
            this.rawOutput = Values.nullToAbsent(rawOutput);
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "ExecutionMetadata", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "ExecutionMetadata", properties);
            return this;
        }

        public ExecutionMetadata build() {
            return new ExecutionMetadata(this);
        }
    }
}
