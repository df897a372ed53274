package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code input_metadata} of an {@link EvaluationRow}: {@code row_id, completion_params, dataset_info,
 * session_data}, plus any other keys (Python allows extras here; they are kept in order).
 * {@code completion_params} defaults to {@code {}} and is always written.
 */
public final class InputMetadata {
    static final Set<String> FIELDS = Values.names("row_id", "completion_params", "dataset_info", "session_data");
    private static final InputMetadata EMPTY = builder().build();

    private final String rowId;
    private final JsonObject completionParams;
    private final JsonObject datasetInfo;
    private final JsonObject sessionData;
    private final Map<String, JsonValue> additionalProperties;

    private InputMetadata(Builder b) {
        this.rowId = b.rowId;
        this.completionParams = b.completionParams;
        this.datasetInfo = b.datasetInfo;
        this.sessionData = b.sessionData;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    /** No row id, empty completion params: Python's {@code InputMetadata()}. */
    public static InputMetadata empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().rowId(rowId).completionParams(completionParams).datasetInfo(datasetInfo)
                .sessionData(sessionData);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    /** The row's id; Python fills it from a stable hash of the row's content when absent. */
    public Optional<String> rowId() {
        return Optional.ofNullable(rowId);
    }

    /** The completion parameters used (model, temperature, ...); never null, possibly empty. */
    public JsonObject completionParams() {
        return completionParams;
    }

    public Optional<JsonObject> datasetInfo() {
        return Optional.ofNullable(datasetInfo);
    }

    public Optional<JsonObject> sessionData() {
        return Optional.ofNullable(sessionData);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InputMetadata)) {
            return false;
        }
        InputMetadata m = (InputMetadata) o;
        return Objects.equals(rowId, m.rowId) && completionParams.equals(m.completionParams)
                && Objects.equals(datasetInfo, m.datasetInfo) && Objects.equals(sessionData, m.sessionData)
                && additionalProperties.equals(m.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowId, completionParams, datasetInfo, sessionData, additionalProperties);
    }

    @Override
    public String toString() {
        return "InputMetadata{row_id=" + rowId + ", completion_params=" + Values.abbreviate(completionParams)
                + (datasetInfo == null ? "" : ", dataset_info=" + Values.abbreviate(datasetInfo))
                + (sessionData == null ? "" : ", session_data=" + Values.abbreviate(sessionData))
                + (additionalProperties.isEmpty() ? "" : ", additional=" + additionalProperties.keySet()) + '}';
    }

    /** Builds {@link InputMetadata}. */
    public static final class Builder {
        private String rowId;
        private JsonObject completionParams = JsonValue.EMPTY_JSON_OBJECT;
        private JsonObject datasetInfo;
        private JsonObject sessionData;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder rowId(String rowId) {
            this.rowId = rowId;
            return this;
        }

        /** {@code null} resets to {@code {}}. */
        public Builder completionParams(JsonObject completionParams) {
            this.completionParams = completionParams == null ? JsonValue.EMPTY_JSON_OBJECT : completionParams;
            return this;
        }

        public Builder datasetInfo(JsonObject datasetInfo) {
            this.datasetInfo = Values.nullToAbsent(datasetInfo);
            return this;
        }

        public Builder sessionData(JsonObject sessionData) {
            this.sessionData = Values.nullToAbsent(sessionData);
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "InputMetadata", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "InputMetadata", properties);
            return this;
        }

        public InputMetadata build() {
            return new InputMetadata(this);
        }
    }
}
