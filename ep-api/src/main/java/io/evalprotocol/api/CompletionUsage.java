package io.evalprotocol.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Token usage ({@code usage}), OpenAI's {@code CompletionUsage}: {@code completion_tokens, prompt_tokens,
 * total_tokens, completion_tokens_details, prompt_tokens_details}; provider extras are kept.
 */
public final class CompletionUsage {
    static final Set<String> FIELDS = Values.names("completion_tokens", "prompt_tokens", "total_tokens",
            "completion_tokens_details", "prompt_tokens_details");

    private final Long completionTokens;
    private final Long promptTokens;
    private final Long totalTokens;
    private final JsonObject completionTokensDetails;
    private final JsonObject promptTokensDetails;
    private final Map<String, JsonValue> additionalProperties;

    private CompletionUsage(Builder b) {
        this.completionTokens = b.completionTokens;
        this.promptTokens = b.promptTokens;
        this.totalTokens = b.totalTokens;
        this.completionTokensDetails = b.completionTokensDetails;
        this.promptTokensDetails = b.promptTokensDetails;
        this.additionalProperties = b.additionalProperties.freeze();
    }

    /** Usage with the three counts; {@code total = prompt + completion}. */
    public static CompletionUsage of(long promptTokens, long completionTokens) {
        return builder().promptTokens(promptTokens).completionTokens(completionTokens)
                .totalTokens(promptTokens + completionTokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().completionTokens(completionTokens).promptTokens(promptTokens)
                .totalTokens(totalTokens).completionTokensDetails(completionTokensDetails)
                .promptTokensDetails(promptTokensDetails);
        b.additionalProperties.share(additionalProperties);
        return b;
    }

    public OptionalLong completionTokens() {
        return completionTokens == null ? OptionalLong.empty() : OptionalLong.of(completionTokens);
    }

    public OptionalLong promptTokens() {
        return promptTokens == null ? OptionalLong.empty() : OptionalLong.of(promptTokens);
    }

    public OptionalLong totalTokens() {
        return totalTokens == null ? OptionalLong.empty() : OptionalLong.of(totalTokens);
    }

    public Optional<JsonObject> completionTokensDetails() {
        return Optional.ofNullable(completionTokensDetails);
    }

    public Optional<JsonObject> promptTokensDetails() {
        return Optional.ofNullable(promptTokensDetails);
    }

    public Map<String, JsonValue> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CompletionUsage)) {
            return false;
        }
        CompletionUsage u = (CompletionUsage) o;
        return Objects.equals(completionTokens, u.completionTokens) && Objects.equals(promptTokens, u.promptTokens)
                && Objects.equals(totalTokens, u.totalTokens)
                && Objects.equals(completionTokensDetails, u.completionTokensDetails)
                && Objects.equals(promptTokensDetails, u.promptTokensDetails)
                && additionalProperties.equals(u.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(completionTokens, promptTokens, totalTokens);
    }

    @Override
    public String toString() {
        return "CompletionUsage{completion=" + completionTokens + ", prompt=" + promptTokens + ", total="
                + totalTokens + '}';
    }

    /** Builds {@link CompletionUsage}. */
    public static final class Builder {
        private Long completionTokens;
        private Long promptTokens;
        private Long totalTokens;
        private JsonObject completionTokensDetails;
        private JsonObject promptTokensDetails;
        private final Props additionalProperties = new Props();

        private Builder() {
        }

        public Builder completionTokens(Long completionTokens) {
            this.completionTokens = completionTokens;
            return this;
        }

        public Builder completionTokens(long completionTokens) {
            this.completionTokens = completionTokens;
            return this;
        }

        public Builder promptTokens(Long promptTokens) {
            this.promptTokens = promptTokens;
            return this;
        }

        public Builder promptTokens(long promptTokens) {
            this.promptTokens = promptTokens;
            return this;
        }

        public Builder totalTokens(Long totalTokens) {
            this.totalTokens = totalTokens;
            return this;
        }

        public Builder totalTokens(long totalTokens) {
            this.totalTokens = totalTokens;
            return this;
        }

        public Builder completionTokensDetails(JsonObject details) {
            this.completionTokensDetails = Values.nullToAbsent(details);
            return this;
        }

        public Builder promptTokensDetails(JsonObject details) {
            this.promptTokensDetails = Values.nullToAbsent(details);
            return this;
        }

        public Builder putAdditionalProperty(String key, JsonValue value) {
            Values.putProperty(additionalProperties.edit(), FIELDS, "CompletionUsage", key, value);
            return this;
        }

        public Builder additionalProperties(Map<String, ? extends JsonValue> properties) {
            Values.putProperties(additionalProperties.edit(), FIELDS, "CompletionUsage", properties);
            return this;
        }

        public CompletionUsage build() {
            return new CompletionUsage(this);
        }
    }
}
