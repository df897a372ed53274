package io.evalprotocol.cli.internal;

import io.evalprotocol.api.CompletionUsage;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.TokenIds;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.function.Function;

/** Reads a finished {@link EvaluationRow} into the few numbers the summary shows. */
public final class RowOutcomes {
    private RowOutcomes() {}

    /** Keys ep-core's rollout writes into {@code execution_metadata.extra} (documented in docs/rollout.md). */
    static final String EXTRACTOR = "token_ids_extractor";
    static final String ALIGNMENT = "token_alignment";

    /**
     * @param extractorOf reads which token-id extractor produced the row's ids; null means
     *     {@link #recordedExtractor}
     */
    public static RowOutcome of(EvaluationRow row, Function<EvaluationRow, String> extractorOf) {
        String rowId = row.inputMetadata().rowId().orElse("(no row_id)");
        Status status = row.rolloutStatus();
        if (status.isError()) {
            return RowOutcome.failed(rowId, status.code().name(), status.message());
        }
        long completionTokens = row.executionMetadata().usage().flatMap(u -> boxed(u)).orElse(0L);
        Alignment alignment = alignment(row);
        String extractor = alignment == Alignment.NO_TOKEN_IDS ? null
                : (extractorOf == null ? recordedExtractor(row) : extractorOf.apply(row));
        return RowOutcome.ok(rowId, completionTokens, alignment, extractor);
    }

    /** {@code execution_metadata.extra.token_ids_extractor}, where ep-core records the extractor it used. */
    public static String recordedExtractor(EvaluationRow row) {
        Optional<JsonObject> extra = row.executionMetadata().extra();
        if (extra.isPresent() && extra.get().get(EXTRACTOR) instanceof JsonString) {
            return ((JsonString) extra.get().get(EXTRACTOR)).getString();
        }
        return null;
    }

    private static Optional<Long> boxed(CompletionUsage usage) {
        return usage.completionTokens().isPresent() ? Optional.of(usage.completionTokens().getAsLong())
                : Optional.empty();
    }

    /**
     * How the row's token ids line up with its per-token logprobs: ep-core's recorded verdict when present;
     * otherwise, on every assistant message that carries token ids, the number of ids against the number of
     * per-token logprobs (a flat list, OpenAI-style {@code content[]}, or legacy {@code token_logprobs[]}).
     */
    static Alignment alignment(EvaluationRow row) {
        Alignment recorded = recordedAlignment(row);
        return recorded != null ? recorded : countAlignment(row);
    }

    /**
     * ep-core's own verdict ({@code extra.token_alignment}), which compares with the logprobs of the
     * extractor's channel; null when the row has none.
     */
    private static Alignment recordedAlignment(EvaluationRow row) {
        Optional<JsonObject> extra = row.executionMetadata().extra();
        if (extra.isEmpty() || !(extra.get().get(ALIGNMENT) instanceof JsonObject)) {
            return null;
        }
        if (row.lastAssistantMessage().flatMap(Message::tokenIds).isEmpty()) {
            return null;
        }
        JsonValue aligned = extra.get().getJsonObject(ALIGNMENT).get("aligned");
        JsonValue.ValueType type = aligned == null ? JsonValue.ValueType.NULL : aligned.getValueType();
        if (type == JsonValue.ValueType.TRUE) {
            return Alignment.ALIGNED;
        }
        return type == JsonValue.ValueType.FALSE ? Alignment.MISALIGNED : Alignment.UNCHECKED;
    }

    private static Alignment countAlignment(EvaluationRow row) {
        boolean anyIds = false;
        boolean anyChecked = false;
        for (Message m : row.messages()) {
            if (!m.role().equals(Role.ASSISTANT) || m.tokenIds().isEmpty()) {
                continue;
            }
            anyIds = true;
            TokenIds ids = m.tokenIds().get();
            int logprobs = logprobCount(m);
            if (logprobs < 0) {
                continue;
            }
            anyChecked = true;
            if (logprobs != ids.size()) {
                return Alignment.MISALIGNED;
            }
        }
        if (!anyIds) {
            return Alignment.NO_TOKEN_IDS;
        }
        return anyChecked ? Alignment.ALIGNED : Alignment.UNCHECKED;
    }

    /** Per-token logprob entries of {@code m}, or -1 when it has none in a known shape. */
    static int logprobCount(Message m) {
        if (m.flatLogprobs().isPresent()) {
            return m.flatLogprobs().get().size();
        }
        Optional<JsonValue> logprobs = m.logprobs();
        if (logprobs.isEmpty() || !(logprobs.get() instanceof JsonObject)) {
            return -1;
        }
        JsonObject o = (JsonObject) logprobs.get();
        for (String field : new String[] {"content", "token_logprobs"}) {
            JsonValue v = o.get(field);
            if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
                return v.asJsonArray().size();
            }
        }
        return -1;
    }
}
