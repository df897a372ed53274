package io.evalprotocol.spi;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import java.util.Objects;
import java.util.Optional;

/**
 * What an extractor read from one choice of a response: the completion token ids, the prompt ids when the
 * provider sent them, flat logprobs aligned with the completion ids when the same channel carries them,
 * and where each came from (for the trace, and so a trainer can tell which provider field it trusts).
 *
 * <p>{@link #completionTokenIds()} is empty when the choice exposes no ids at all (e.g. an OpenAI tool
 * call, whose tokens have no logprobs); that is different from an empty id list.
 */
public final class ExtractedTokens {
    private final String extractorId;
    private final TokenIds completionTokenIds;
    private final String sourceField;
    private final TokenIds promptTokenIds;
    private final String promptSourceField;
    private final TokenLogprobs logprobs;
    private final String logprobsField;
    private final EosStatus eos;

    private ExtractedTokens(Builder b) {
        this.extractorId = Objects.requireNonNull(b.extractorId, "extractorId");
        this.completionTokenIds = b.completionTokenIds;
        this.sourceField = b.sourceField;
        this.promptTokenIds = b.promptTokenIds;
        this.promptSourceField = b.promptSourceField;
        this.logprobs = b.logprobs;
        this.logprobsField = b.logprobsField;
        this.eos = b.eos;
        if (completionTokenIds != null && sourceField == null) {
            throw new IllegalStateException("`sourceField` is required when completion ids are set");
        }
        if (logprobs != null) {
            if (completionTokenIds == null) {
                throw new IllegalStateException("flat logprobs need completion ids to align with");
            }
            if (logprobs.size() != completionTokenIds.size()) {
                throw new IllegalStateException("flat logprobs (" + logprobs.size()
                        + ") must align with completion ids (" + completionTokenIds.size() + ")");
            }
            if (logprobsField == null) {
                throw new IllegalStateException("`logprobsField` is required when logprobs are set");
            }
        }
        if (promptTokenIds != null && promptSourceField == null) {
            throw new IllegalStateException("`promptSourceField` is required when prompt ids are set");
        }
    }

    public static Builder builder(String extractorId) {
        return new Builder(extractorId);
    }

    /** The choice exposes no token ids. */
    public static ExtractedTokens none(String extractorId) {
        return builder(extractorId).build();
    }

    public String extractorId() {
        return extractorId;
    }

    public Optional<TokenIds> completionTokenIds() {
        return Optional.ofNullable(completionTokenIds);
    }

    /** The response field the completion ids came from, e.g. {@code choices[].token_ids}. */
    public Optional<String> sourceField() {
        return Optional.ofNullable(sourceField);
    }

    public Optional<TokenIds> promptTokenIds() {
        return Optional.ofNullable(promptTokenIds);
    }

    public Optional<String> promptSourceField() {
        return Optional.ofNullable(promptSourceField);
    }

    /** Flat logprobs aligned index by index with {@link #completionTokenIds()}, when the same channel has them. */
    public Optional<TokenLogprobs> logprobs() {
        return Optional.ofNullable(logprobs);
    }

    /** Where the flat logprobs came from, e.g. {@code logprobs.content[].sampling_logprob}. */
    public Optional<String> logprobsField() {
        return Optional.ofNullable(logprobsField);
    }

    public EosStatus eos() {
        return eos;
    }

    public Builder toBuilder() {
        Builder b = new Builder(extractorId);
        b.completionTokenIds = completionTokenIds;
        b.sourceField = sourceField;
        b.promptTokenIds = promptTokenIds;
        b.promptSourceField = promptSourceField;
        b.logprobs = logprobs;
        b.logprobsField = logprobsField;
        b.eos = eos;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExtractedTokens)) {
            return false;
        }
        ExtractedTokens t = (ExtractedTokens) o;
        return extractorId.equals(t.extractorId)
                && Objects.equals(completionTokenIds, t.completionTokenIds)
                && Objects.equals(sourceField, t.sourceField)
                && Objects.equals(promptTokenIds, t.promptTokenIds)
                && Objects.equals(promptSourceField, t.promptSourceField)
                && Objects.equals(logprobs, t.logprobs)
                && Objects.equals(logprobsField, t.logprobsField)
                && eos == t.eos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(extractorId, completionTokenIds, sourceField, promptTokenIds, logprobs, eos);
    }

    @Override
    public String toString() {
        return "ExtractedTokens{extractor=" + extractorId
                + ", completion=" + completionTokenIds + " from " + sourceField
                + ", prompt=" + promptTokenIds + (promptSourceField == null ? "" : " from " + promptSourceField)
                + ", logprobs=" + (logprobs == null ? "none" : logprobs.size() + " from " + logprobsField)
                + ", eos=" + eos + '}';
    }

    /** Builds {@link ExtractedTokens}; {@code build()} checks that logprobs align with the ids. */
    public static final class Builder {
        private final String extractorId;
        private TokenIds completionTokenIds;
        private String sourceField;
        private TokenIds promptTokenIds;
        private String promptSourceField;
        private TokenLogprobs logprobs;
        private String logprobsField;
        private EosStatus eos = EosStatus.UNKNOWN;

        private Builder(String extractorId) {
            this.extractorId = Objects.requireNonNull(extractorId, "extractorId");
        }

        public Builder completionTokenIds(TokenIds ids, String sourceField) {
            this.completionTokenIds = Objects.requireNonNull(ids, "ids");
            this.sourceField = Objects.requireNonNull(sourceField, "sourceField");
            return this;
        }

        public Builder promptTokenIds(TokenIds ids, String sourceField) {
            this.promptTokenIds = ids;
            this.promptSourceField = ids == null ? null : Objects.requireNonNull(sourceField, "sourceField");
            return this;
        }

        public Builder logprobs(TokenLogprobs logprobs, String field) {
            this.logprobs = logprobs;
            this.logprobsField = logprobs == null ? null : Objects.requireNonNull(field, "field");
            return this;
        }

        public Builder eos(EosStatus eos) {
            this.eos = Objects.requireNonNull(eos, "eos");
            return this;
        }

        public ExtractedTokens build() {
            return new ExtractedTokens(this);
        }
    }
}
