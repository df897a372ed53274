package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One metric of an {@link EvaluateResult}: {@code is_score_valid, score, reason, data}. */
public final class MetricResult {
    static final Set<String> FIELDS = Values.names("is_score_valid", "score", "reason", "data");

    private final boolean scoreValid;
    private final double score;
    private final String reason;
    private final JsonObject data;
    private final Map<String, JsonValue> additionalProperties;

    private MetricResult(Builder b) {
        if (b.score == null) {
            throw new IllegalStateException("`score` is required, but was not set");
        }
        if (b.reason == null) {
            throw new IllegalStateException("`reason` is required, but was not set");
        }
        this.scoreValid = b.scoreValid;
        this.score = b.score;
        this.reason = b.reason;
        this.data = b.data;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static MetricResult of(double score, String reason) {
        return builder().score(score).reason(reason).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().scoreValid(scoreValid).score(score).reason(reason).data(data);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    /** {@code is_score_valid}; defaults to true. */
    public boolean isScoreValid() {
        return scoreValid;
    }

    /** The score; Python requires 0.0 to 1.0, which is not re-checked here. */
    public double score() {
        return score;
    }

    public String reason() {
        return reason;
    }

    /** Extra metric data for debugging; never null, possibly empty. */
    public JsonObject data() {
        return data;
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MetricResult)) {
            return false;
        }
        MetricResult m = (MetricResult) o;
        return scoreValid == m.scoreValid && Double.compare(score, m.score) == 0 && reason.equals(m.reason)
                && data.equals(m.data) && additionalProperties.equals(m.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scoreValid, score, reason);
    }

    @Override
    public String toString() {
        return "MetricResult{score=" + score + (scoreValid ? "" : " (invalid)") + ", reason="
                + Values.abbreviate(reason) + '}';
    }

    /** Builds a {@link MetricResult}; {@code score} and {@code reason} are required. */
    public static final class Builder {
        private boolean scoreValid = true;
        private Double score;
        private String reason;
        private JsonObject data = JsonValue.EMPTY_JSON_OBJECT;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder scoreValid(boolean scoreValid) {
            this.scoreValid = scoreValid;
            return this;
        }

        public Builder score(double score) {
            this.score = score;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        /** {@code null} resets to {@code {}}. */
        public Builder data(JsonObject data) {
            this.data = data == null ? JsonValue.EMPTY_JSON_OBJECT : data;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "MetricResult", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "MetricResult", properties);
            return this;
        }

        public MetricResult build() {
            return new MetricResult(this);
        }
    }
}
