package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One evaluation unit, as Python eval-protocol's {@code EvaluationRow}: the conversation
 * ({@code messages}), {@code tools}, {@code input_metadata}, {@code rollout_status}, {@code ground_truth},
 * {@code evaluation_result}, {@code execution_metadata}, {@code created_at}, {@code eval_metadata} and
 * {@code pid}, in that JSON order, followed by any unknown keys in input order.
 *
 * <p>Defaults follow Python where they are constants: empty {@code messages}, {@code input_metadata}
 * {@code {"completion_params":{}}}, {@code rollout_status} "Rollout is running". Where Python generates a
 * value (the execution ids, {@code created_at}) this class leaves it unset; the rollout processor fills it.
 *
 * <p>Immutable and thread-safe; derive changed rows with {@link #toBuilder()}.
 */
public final class EvaluationRow {
    static final Set<String> FIELDS = Values.names("messages", "tools", "input_metadata", "rollout_status",
            "ground_truth", "evaluation_result", "execution_metadata", "created_at", "eval_metadata", "pid");

    private final List<Message> messages;
    private final List<JsonObject> tools;
    private final InputMetadata inputMetadata;
    private final Status rolloutStatus;
    private final JsonValue groundTruth;
    private final EvaluateResult evaluationResult;
    private final ExecutionMetadata executionMetadata;
    private final Instant createdAt;
    private final EvalMetadata evalMetadata;
    private final Long pid;
    private final Map<String, JsonValue> additionalProperties;

    private EvaluationRow(Builder b) {
        this.messages = Values.copy(b.messages, "messages");
        this.tools = Values.copyOrNull(b.tools, "tools");
        this.inputMetadata = b.inputMetadata;
        this.rolloutStatus = b.rolloutStatus;
        this.groundTruth = b.groundTruth;
        this.evaluationResult = b.evaluationResult;
        this.executionMetadata = b.executionMetadata;
        this.createdAt = b.createdAt;
        this.evalMetadata = b.evalMetadata;
        this.pid = b.pid;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A row holding just these messages, everything else at its default. */
    public static EvaluationRow of(List<Message> messages) {
        return builder().messages(messages).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.tools = tools == null ? null : new ArrayList<>(tools);
        b.inputMetadata = inputMetadata;
        b.rolloutStatus = rolloutStatus;
        b.groundTruth = groundTruth;
        b.evaluationResult = evaluationResult;
        b.executionMetadata = executionMetadata;
        b.createdAt = createdAt;
        b.evalMetadata = evalMetadata;
        b.pid = pid;
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    /** The conversation (trajectory); never null. */
    public List<Message> messages() {
        return messages;
    }

    /** Tools offered to the model, as OpenAI tool definitions. */
    public Optional<List<JsonObject>> tools() {
        return Optional.ofNullable(tools);
    }

    public InputMetadata inputMetadata() {
        return inputMetadata;
    }

    public Status rolloutStatus() {
        return rolloutStatus;
    }

    /** Any JSON value serving as the reference answer. */
    public Optional<JsonValue> groundTruth() {
        return Optional.ofNullable(groundTruth);
    }

    public Optional<EvaluateResult> evaluationResult() {
        return Optional.ofNullable(evaluationResult);
    }

    public ExecutionMetadata executionMetadata() {
        return executionMetadata;
    }

    /** When the row was created, to the microsecond (Python's precision). */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    public Optional<EvalMetadata> evalMetadata() {
        return Optional.ofNullable(evalMetadata);
    }

    /** Process id of the writer; eval-protocol's watcher uses it to detect stopped evaluations. */
    public OptionalLong pid() {
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** Unknown top-level keys, in input order; written back after the declared ones. */
    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    /** The last message with role {@code assistant}. */
    public Optional<Message> lastAssistantMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals(Role.ASSISTANT)) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EvaluationRow)) {
            return false;
        }
        EvaluationRow r = (EvaluationRow) o;
        return messages.equals(r.messages) && Objects.equals(tools, r.tools)
                && inputMetadata.equals(r.inputMetadata) && rolloutStatus.equals(r.rolloutStatus)
                && Objects.equals(groundTruth, r.groundTruth) && Objects.equals(evaluationResult, r.evaluationResult)
                && executionMetadata.equals(r.executionMetadata) && Objects.equals(createdAt, r.createdAt)
                && Objects.equals(evalMetadata, r.evalMetadata) && Objects.equals(pid, r.pid)
                && additionalProperties.equals(r.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messages, inputMetadata, rolloutStatus, executionMetadata, createdAt, pid);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EvaluationRow{");
        inputMetadata.rowId().ifPresent(id -> sb.append("row_id=").append(id).append(", "));
        sb.append("messages=").append(messages.size()).append(", rollout_status=").append(rolloutStatus);
        executionMetadata.rolloutId().ifPresent(id -> sb.append(", rollout_id=").append(id));
        if (evaluationResult != null) {
            sb.append(", score=").append(evaluationResult.score());
        }
        if (createdAt != null) {
            sb.append(", created_at=").append(createdAt);
        }
        if (!additionalProperties.isEmpty()) {
            sb.append(", additional=").append(additionalProperties.keySet());
        }
        return sb.append('}').toString();
    }

    /** Builds an {@link EvaluationRow}; see the class documentation for the defaults. */
    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private List<JsonObject> tools;
        private InputMetadata inputMetadata = InputMetadata.empty();
        private Status rolloutStatus = Status.rolloutRunning();
        private JsonValue groundTruth;
        private EvaluateResult evaluationResult;
        private ExecutionMetadata executionMetadata = ExecutionMetadata.empty();
        private Instant createdAt;
        private EvalMetadata evalMetadata;
        private Long pid;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder messages(List<Message> messages) {
            Objects.requireNonNull(messages, "messages");
            this.messages.clear();
            messages.forEach(this::addMessage);
            return this;
        }

        public Builder addMessage(Message message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Replaces the message at {@code index}, e.g. to attach token ids to an assistant turn. */
        public Builder setMessage(int index, Message message) {
            messages.set(index, Objects.requireNonNull(message, "message"));
            return this;
        }

        public Builder tools(List<JsonObject> tools) {
            this.tools = tools == null ? null : new ArrayList<>(tools);
            return this;
        }

        /** {@code null} resets to {@link InputMetadata#empty()}. */
        public Builder inputMetadata(InputMetadata inputMetadata) {
            this.inputMetadata = inputMetadata == null ? InputMetadata.empty() : inputMetadata;
            return this;
        }

        /** {@code null} resets to {@link Status#rolloutRunning()}. */
        public Builder rolloutStatus(Status rolloutStatus) {
            this.rolloutStatus = rolloutStatus == null ? Status.rolloutRunning() : rolloutStatus;
            return this;
        }

        public Builder groundTruth(JsonValue groundTruth) {
            this.groundTruth = Values.nullToAbsent(groundTruth);
            return this;
        }

        public Builder evaluationResult(EvaluateResult evaluationResult) {
            this.evaluationResult = evaluationResult;
            return this;
        }

        /** {@code null} resets to {@link ExecutionMetadata#empty()}. */
        public Builder executionMetadata(ExecutionMetadata executionMetadata) {
            this.executionMetadata = executionMetadata == null ? ExecutionMetadata.empty() : executionMetadata;
            return this;
        }

        /** Truncated to microseconds, the precision Python keeps. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt == null ? null : createdAt.truncatedTo(ChronoUnit.MICROS);
            return this;
        }

        public Builder evalMetadata(EvalMetadata evalMetadata) {
            this.evalMetadata = evalMetadata;
            return this;
        }

        public Builder pid(Long pid) {
            this.pid = pid;
            return this;
        }

        public Builder pid(long pid) {
            this.pid = pid;
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "EvaluationRow", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "EvaluationRow", properties);
            return this;
        }

        public EvaluationRow build() {
            return new EvaluationRow(this);
        }
    }
}
