package io.evalprotocol.api;

import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Metadata about the evaluation that was run ({@code eval_metadata}): {@code name, description, version,
 * status, num_runs, aggregation_method, passed_threshold, passed}.
 */
public final class EvalMetadata {
    static final Set<String> FIELDS = Values.names("name", "description", "version", "status", "num_runs",
            "aggregation_method", "passed_threshold", "passed");

    private final String name;
    private final String description;
    private final String version;
    private final Status status;
    private final long numRuns;
    private final String aggregationMethod;
    private final EvaluationThreshold passedThreshold;
    private final Boolean passed;
    private final Map<String, JsonValue> additionalProperties;

    private EvalMetadata(Builder b) {
        if (b.name == null) {
            throw new IllegalStateException("`name` is required, but was not set");
        }
        if (b.numRuns == null) {
            throw new IllegalStateException("`num_runs` is required, but was not set");
        }
        if (b.aggregationMethod == null) {
            throw new IllegalStateException("`aggregation_method` is required, but was not set");
        }
        this.name = b.name;
        this.description = b.description;
        this.version = b.version;
        this.status = b.status;
        this.numRuns = b.numRuns;
        this.aggregationMethod = b.aggregationMethod;
        this.passedThreshold = b.passedThreshold;
        this.passed = b.passed;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().name(name).description(description).version(version).status(status)
                .numRuns(numRuns).aggregationMethod(aggregationMethod).passedThreshold(passedThreshold)
                .passed(passed);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public String name() {
        return name;
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** A PEP 440 version string; Python always fills it, Java leaves it to the caller. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    public Optional<Status> status() {
        return Optional.ofNullable(status);
    }

    public long numRuns() {
        return numRuns;
    }

    public String aggregationMethod() {
        return aggregationMethod;
    }

    public Optional<EvaluationThreshold> passedThreshold() {
        return Optional.ofNullable(passedThreshold);
    }

    public Optional<Boolean> passed() {
        return Optional.ofNullable(passed);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EvalMetadata)) {
            return false;
        }
        EvalMetadata m = (EvalMetadata) o;
        return name.equals(m.name) && Objects.equals(description, m.description)
                && Objects.equals(version, m.version) && Objects.equals(status, m.status) && numRuns == m.numRuns
                && aggregationMethod.equals(m.aggregationMethod)
                && Objects.equals(passedThreshold, m.passedThreshold) && Objects.equals(passed, m.passed)
                && additionalProperties.equals(m.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, status, numRuns, aggregationMethod, passed);
    }

    @Override
    public String toString() {
        return "EvalMetadata{name=" + name + (version == null ? "" : ", version=" + version)
                + (status == null ? "" : ", status=" + status) + ", num_runs=" + numRuns
                + ", aggregation_method=" + aggregationMethod
                + (passedThreshold == null ? "" : ", passed_threshold=" + passedThreshold)
                + (passed == null ? "" : ", passed=" + passed) + '}';
    }

    /** Builds {@link EvalMetadata}; {@code name}, {@code num_runs} and {@code aggregation_method} are required. */
    public static final class Builder {
        private String name;
        private String description;
        private String version;
        private Status status;
        private Long numRuns;
        private String aggregationMethod;
        private EvaluationThreshold passedThreshold;
        private Boolean passed;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder status(Status status) {
            this.status = status;
            return this;
        }

        public Builder numRuns(long numRuns) {
            this.numRuns = numRuns;
            return this;
        }

        public Builder aggregationMethod(String aggregationMethod) {
            this.aggregationMethod = aggregationMethod;
            return this;
        }

        public Builder passedThreshold(EvaluationThreshold passedThreshold) {
            this.passedThreshold = passedThreshold;
            return this;
        }

        public Builder passed(Boolean passed) {
            this.passed = passed;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "EvalMetadata", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "EvalMetadata", properties);
            return this;
        }

        public EvalMetadata build() {
            return new EvalMetadata(this);
        }
    }
}
