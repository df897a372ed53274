package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An AIP-193 status, as eval-protocol uses it for {@code rollout_status} and {@code eval_metadata.status}:
 * {@code {"code": <int>, "message": <str>, "details": [<google.protobuf.Any-shaped objects>]}}.
 * {@code details} is always written, empty or not.
 */
public final class Status {
    static final Set<String> FIELDS = Values.names("code", "message", "details");

    /** {@code ErrorInfo} reason eval-protocol uses for a termination reason detail. */
    public static final String REASON_TERMINATION_REASON = "TERMINATION_REASON";
    /** {@code ErrorInfo} reason eval-protocol uses for free-form extra information. */
    public static final String REASON_EXTRA_INFO = "EXTRA_INFO";
    /** {@code ErrorInfo} domain eval-protocol uses. */
    public static final String DOMAIN = "evalprotocol.io";

    private final StatusCode code;
    private final String message;
    private final List<JsonObject> details;
    private final Map<String, JsonValue> additionalProperties;

    private Status(Builder b) {
        if (b.code == null) {
            throw new IllegalStateException("`code` is required, but was not set");
        }
        if (b.message == null) {
            throw new IllegalStateException("`message` is required, but was not set");
        }
        this.code = b.code;
        this.message = b.message;
        this.details = Values.copy(b.details, "details");
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static Status of(StatusCode code, String message) {
        return builder().code(code).message(message).build();
    }

    /** {@code RUNNING}, "Rollout is running": Python's default {@code rollout_status}. */
    public static Status rolloutRunning() {
        return Common.ROLLOUT_RUNNING;
    }

    /** {@code FINISHED}, "Rollout finished". */
    public static Status finished() {
        return Common.FINISHED;
    }

    /** The statuses every row gets, made once: a Status is immutable, and each row's builder asks for them. */
    private static final class Common {
        static final Status ROLLOUT_RUNNING = of(StatusCode.RUNNING, "Rollout is running");
        static final Status FINISHED = of(StatusCode.FINISHED, "Rollout finished");
    }

    public static Status finished(String message) {
        return of(StatusCode.FINISHED, message);
    }

    /** {@code RUNNING}, "Evaluation is running". */
    public static Status evalRunning() {
        return of(StatusCode.RUNNING, "Evaluation is running");
    }

    /** {@code FINISHED}, "Evaluation finished". */
    public static Status evalFinished() {
        return of(StatusCode.FINISHED, "Evaluation finished");
    }

    /** {@code INTERNAL} with this message, as Python's {@code Status.error}. */
    public static Status error(String message) {
        return of(StatusCode.INTERNAL, message);
    }

    /** An error with the given gRPC code, message and details (e.g. {@link #errorInfo} objects). */
    public static Status error(StatusCode code, String message, List<JsonObject> details) {
        return builder().code(code).message(message).details(details).build();
    }

    /**
     * An AIP-193 {@code ErrorInfo} detail: {@code {"@type":"type.googleapis.com/google.rpc.ErrorInfo",
     * "reason", "domain", "metadata"}}.
     */
    public static JsonObject errorInfo(String reason, String domain, JsonObject metadata) {
        return JsonP.provider().createObjectBuilder()
                .add("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .add("reason", Objects.requireNonNull(reason, "reason"))
                .add("domain", Objects.requireNonNull(domain, "domain"))
                .add("metadata", metadata == null ? JsonValue.EMPTY_JSON_OBJECT : metadata)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().code(code).message(message).details(details);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public StatusCode code() {
        return code;
    }

    public String message() {
        return message;
    }

    public List<JsonObject> details() {
        return details;
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    public boolean isRunning() {
        return code.equals(StatusCode.RUNNING);
    }

    public boolean isFinished() {
        return code.equals(StatusCode.FINISHED);
    }

    /**
     * True for the gRPC error codes 1 to 16. Broader than Python's {@code is_error()}, which only looks
     * for {@code INTERNAL}, because this SDK also reports e.g. {@code DEADLINE_EXCEEDED} and
     * {@code RESOURCE_EXHAUSTED} for rows that finally failed.
     */
    public boolean isError() {
        return code.value() >= 1 && code.value() <= 16;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Status)) {
            return false;
        }
        Status s = (Status) o;
        return code.equals(s.code) && message.equals(s.message) && details.equals(s.details)
                && additionalProperties.equals(s.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, message, details);
    }

    @Override
    public String toString() {
        return "Status{" + code + ", " + Values.abbreviate(message)
                + (details.isEmpty() ? "" : ", details=" + details) + '}';
    }

    /** Builds a {@link Status}; {@code details} defaults to empty. */
    public static final class Builder {
        private StatusCode code;
        private String message;
        private List<JsonObject> details = new ArrayList<>();
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder code(StatusCode code) {
            this.code = Objects.requireNonNull(code, "code");
            return this;
        }

        public Builder code(int code) {
            return code(StatusCode.of(code));
        }

        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        public Builder details(List<JsonObject> details) {
            this.details = new ArrayList<>(Objects.requireNonNull(details, "details"));
            return this;
        }

        public Builder addDetail(JsonObject detail) {
            details.add(Objects.requireNonNull(detail, "detail"));
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "Status", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "Status", properties);
            return this;
        }

        public Status build() {
            return new Status(this);
        }
    }
}
