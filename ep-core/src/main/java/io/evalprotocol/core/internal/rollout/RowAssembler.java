package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.CompletionUsage;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.ExecutionMetadata;
import io.evalprotocol.api.FunctionCall;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Role;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.ToolCall;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.TokenTrace;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.IntJsonArray;
import io.evalprotocol.core.internal.wire.WireObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.evalprotocol.errors.InvalidDataException;
import io.evalprotocol.errors.InvalidResponseException;
import io.evalprotocol.errors.NoTokenIdExtractorException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the output row from a chat-completion response (a real one, or one assembled from a stream):
 * the assistant message of choice 0 appended to the request messages, the other choices in
 * {@code execution_metadata.extra.choices}, and the metadata eval-protocol's SingleTurnRolloutProcessor
 * writes, plus the token-id trace fields documented in {@code docs/rollout.md}.
 */
final class RowAssembler {
    /** Keys this SDK writes into {@code execution_metadata.extra}. */
    static final String EXTRACTOR = "token_ids_extractor";
    static final String SOURCE = "token_ids_source";
    static final String PROMPT_IDS = "prompt_token_ids";
    static final String PROMPT_IDS_SOURCE = "prompt_token_ids_source";
    static final String ALIGNMENT = "token_alignment";
    static final String UNAVAILABLE = "token_ids_unavailable";
    static final String CHOICES = "choices";

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonString PROMPT_IDS_FIELD = PROVIDER.createValue("prompt_token_ids");

    /** Where each choice's token ids come from. */
    interface TokenSource {
        /** The ids of choice {@code index}, or null when no extractor applies. */
        ExtractedTokens tokens(int index);
    }

    private final UnaryOperator<String> redactor;
    private final boolean idsOnly;

    RowAssembler() {
        this(UnaryOperator.identity());
    }

    /** @param redactor removes secrets from response text quoted in error messages */
    RowAssembler(UnaryOperator<String> redactor) {
        this(redactor, TokenTrace.FULL);
    }

    /** @param trace {@link TokenTrace#IDS_ONLY}: messages get the extractor's flat logprobs, not the payload */
    RowAssembler(UnaryOperator<String> redactor, TokenTrace trace) {
        this.redactor = redactor;
        this.idsOnly = trace == TokenTrace.IDS_ONLY;
    }

    /** {@code m} as eval-protocol writes it inside a row, as an exact-text value. */
    static JsonValue toJson(Message m) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(1024);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            ModelWriter.writeMessage(g, m);
            g.flush();
            return RawJsonSupport.access().trusted(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parts of a choice the row needs. */
    static final class Choice {
        final int index;
        final JsonObject json;
        final Message message;
        final ExtractedTokens tokens;

        Choice(int index, JsonObject json, Message message, ExtractedTokens tokens) {
            this.index = index;
            this.json = json;
            this.message = message;
            this.tokens = tokens;
        }
    }

    /** @param completionParams the row's {@link RecordedParams}; null leaves the input's */
    EvaluationRow assemble(EvaluationRow input, List<Message> requestMessages, JsonObject response,
            ExtractorPins.Decision decision, TokenSource tokens, boolean requireTokenIds, double durationSeconds,
            Instant now, String rolloutId, JsonObject completionParams) {
        if (decision.extractor == null && requireTokenIds) {
            throw new NoTokenIdExtractorException("requireTokenIds is set but " + decision.noneReason);
        }
        List<Choice> choices = choices(response, decision.extractor, tokens, requireTokenIds);
        Choice first = choices.get(0);

        List<Message> messages = new ArrayList<>(requestMessages.size() + 1);
        messages.addAll(requestMessages);
        messages.add(first.message);

        // members in two arrays (WireObject), not JSON-P's builder map: one of these per row
        WireObject.Builder extra = new WireObject.Builder();
        input.executionMetadata().extra().ifPresent(existing -> existing.forEach(extra::put));
        traceFields(extra, first, decision, response);
        if (choices.size() > 1) {
            JsonArrayBuilder others = PROVIDER.createArrayBuilder();
            for (Choice c : choices.subList(1, choices.size())) {
                JsonObjectBuilder o = PROVIDER.createObjectBuilder().add("index", c.index);
                JsonValue finish = c.json.get("finish_reason");
                if (finish != null && finish.getValueType() == JsonValue.ValueType.STRING) {
                    o.add("finish_reason", finish);
                }
                o.add("message", toJson(c.message));
                if (c.tokens != null) {
                    c.tokens.sourceField().ifPresent(s -> o.add(SOURCE, s));
                }
                JsonObject alignment = alignment(c);
                if (alignment != null) {
                    o.add(ALIGNMENT, alignment);
                }
                others.add(o);
            }
            extra.put(CHOICES, others.build());
        }

        ExecutionMetadata.Builder em = input.executionMetadata().toBuilder()
                .usage(usage(response.get("usage")))
                .finishReason(string(first.json.get("finish_reason")))
                .toolCallCount((long) first.message.toolCalls().map(List::size).orElse(0))
                .rolloutDurationSeconds(durationSeconds)
                .extra(extra.build());
        JsonValue rawOutput = first.json.get("raw_output");
        // Fireworks' raw_output repeats the logprobs payload (completion_logprobs): ids-only drops it too
        if (!idsOnly && rawOutput != null && rawOutput.getValueType() != JsonValue.ValueType.NULL) {
            em.rawOutput(rawOutput);
        }
        if (input.executionMetadata().rolloutId().isEmpty()) {
            em.rolloutId(rolloutId);
        }
        EvaluationRow.Builder out = input.toBuilder()
                .inputMetadata(RecordedParams.apply(input.inputMetadata(), completionParams))
                .messages(messages)
                .executionMetadata(em.build())
                .rolloutStatus(Status.finished());
        if (input.createdAt().isEmpty()) {
            out.createdAt(now);
        }
        return out.build();
    }

    private List<Choice> choices(JsonObject response, TokenIdExtractor extractor, TokenSource tokens,
            boolean requireTokenIds) {
        JsonValue cv = response.get("choices");
        if (!(cv instanceof JsonArray) || ((JsonArray) cv).isEmpty()) {
            throw new InvalidResponseException("the response has no choices: " + excerpt(response));
        }
        JsonArray array = (JsonArray) cv;
        List<Choice> out = new ArrayList<>(array.size());
        for (int pos = 0; pos < array.size(); pos++) {
            JsonValue v = array.get(pos);
            if (!(v instanceof JsonObject)) {
                throw new InvalidResponseException("choices[" + pos + "] is not an object: " + excerpt(response));
            }
            JsonObject c = (JsonObject) v;
            int index = c.get("index") instanceof JsonNumber ? ((JsonNumber) c.get("index")).intValue() : pos;
            ExtractedTokens t = tokens.tokens(index);
            if (requireTokenIds && extractor != null && (t == null || t.completionTokenIds().isEmpty())) {
                throw new TokenIdExtractionException(extractor.id(), index,
                        "the response carries no completion token ids, and requireTokenIds is set");
            }
            out.add(new Choice(index, c, message(c, index, t, idsOnly), t));
        }
        out.sort(Comparator.comparingInt(ch -> ch.index));
        return out;
    }

    private static Message message(JsonObject choice, int index, ExtractedTokens tokens, boolean idsOnly) {
        JsonValue mv = choice.get("message");
        if (!(mv instanceof JsonObject)) {
            throw new InvalidResponseException("choices[" + index + "] has no message object");
        }
        JsonObject m = (JsonObject) mv;
        Message.Builder b = Message.builder()
                .role(m.get("role") instanceof JsonString ? Role.of(((JsonString) m.get("role")).getString()) : Role.ASSISTANT)
                .content(content(m.get("content")));
        String reasoning = reasoning(m.get("reasoning_content"));
        if (reasoning == null) {
            reasoning = reasoning(m.get("reasoning")); // vLLM >= 0.11 renamed the field
        }
        b.reasoningContent(reasoning);
        JsonValue tc = m.get("tool_calls");
        if (tc instanceof JsonArray && !((JsonArray) tc).isEmpty()) {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonValue call : (JsonArray) tc) {
                calls.add(toolCall(call, index));
            }
            b.toolCalls(calls);
        }
        if (idsOnly) {
            // the payload is dropped; the values the extractor read, aligned with the ids, replace it
            if (tokens != null && tokens.logprobs().isPresent()) {
                try {
                    b.flatLogprobs(tokens.logprobs().get());
                } catch (IllegalArgumentException e) { // a number beyond double range, e.g. -1e999
                    throw new InvalidResponseException("choices[" + index + "]: " + e.getMessage(), e);
                }
            }
        } else {
            JsonValue logprobs = choice.get("logprobs");
            if (logprobs != null && logprobs.getValueType() != JsonValue.ValueType.NULL) {
                b.logprobs(logprobs);
            }
        }
        if (tokens != null) {
            tokens.completionTokenIds().ifPresent(b::tokenIds);
        }
        try {
            return b.build();
        } catch (InvalidDataException e) {
            throw new InvalidResponseException("choices[" + index + "]: " + e.getMessage(), e);
        }
    }

    /** {@code content or ""}, as the Python processor does; text parts are joined. */
    private static String content(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (v instanceof JsonString) {
            return ((JsonString) v).getString();
        }
        if (v instanceof JsonArray) {
            StringBuilder sb = new StringBuilder();
            for (JsonValue part : (JsonArray) v) {
                if (part instanceof JsonObject && ((JsonObject) part).get("text") instanceof JsonString) {
                    sb.append(((JsonObject) part).getString("text"));
                }
            }
            return sb.toString();
        }
        return v.toString();
    }

    /** Reasoning text; non-string values are kept as their JSON text (Python json.dumps()). */
    private static String reasoning(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString) {
            return ((JsonString) v).getString();
        }
        return new CompactJson().value(v).toString();
    }

    private static ToolCall toolCall(JsonValue v, int index) {
        if (!(v instanceof JsonObject)) {
            throw new InvalidResponseException("choices[" + index + "].message.tool_calls has a non-object entry");
        }
        JsonObject call = (JsonObject) v;
        JsonObject fn = call.get("function") instanceof JsonObject ? call.getJsonObject("function") : JsonValue.EMPTY_JSON_OBJECT;
        String name = fn.get("name") instanceof JsonString ? fn.getString("name") : "";
        JsonValue args = fn.get("arguments");
        String arguments = args instanceof JsonString ? ((JsonString) args).getString()
                : args == null || args.getValueType() == JsonValue.ValueType.NULL ? "" : new CompactJson().value(args).toString();
        ToolCall.Builder b = ToolCall.builder()
                .id(call.get("id") instanceof JsonString ? call.getString("id") : "")
                .function(FunctionCall.of(name, arguments));
        if (call.get("type") instanceof JsonString) {
            b.type(call.getString("type"));
        }
        return b.build();
    }

    private static void traceFields(WireObject.Builder extra, Choice first, ExtractorPins.Decision decision,
            JsonObject response) {
        ExtractedTokens t = first.tokens;
        if (decision.extractor == null) {
            extra.put(UNAVAILABLE, PROVIDER.createValue(
                    decision.noneReason == null ? "no token-id extractor applies" : decision.noneReason));
        } else {
            extra.put(EXTRACTOR, PROVIDER.createValue(decision.extractor.id()));
            if (t != null && t.sourceField().isPresent()) {
                extra.put(SOURCE, PROVIDER.createValue(t.sourceField().get()));
            }
        }
        if (t != null && t.promptTokenIds().isPresent()) {
            // held as ints and written as text only with the row: the extractor's ids are not written twice
            extra.put(PROMPT_IDS, promptIds(t.promptTokenIds().get(), response.get("prompt_token_ids")));
            if (t.promptSourceField().isPresent()) {
                extra.put(PROMPT_IDS_SOURCE, PROVIDER.createValue(t.promptSourceField().get()));
            }
        } else {
            JsonValue p = response.get("prompt_token_ids");
            if (p instanceof JsonArray) {
                extra.put(PROMPT_IDS, p);
                extra.put(PROMPT_IDS_SOURCE, PROMPT_IDS_FIELD);
            }
        }
        JsonObject alignment = alignment(first);
        if (alignment != null) {
            extra.put(ALIGNMENT, alignment);
        }
    }

    /**
     * The extractor's prompt ids as a JSON array: the response's own {@code prompt_token_ids} (the immutable
     * {@code int[]} the body reader made) when it holds exactly these ids, which is where extractors read them,
     * else a copy. Only the plain class: a stream chunk's subclass refers to the event's buffer.
     */
    static JsonArray promptIds(TokenIds ids, JsonValue own) {
        if (own != null && own.getClass() == IntJsonArray.class) {
            IntJsonArray a = (IntJsonArray) own;
            int n = ids.size();
            if (a.size() == n) {
                int i = 0;
                while (i < n && a.getInt(i) == ids.get(i)) {
                    i++;
                }
                if (i == n) {
                    return a;
                }
            }
        }
        return IntJsonArray.of(ids);
    }

    /**
     * The alignment verdict: how many ids, how many logprob entries (from the extractor's own channel, else
     * {@code logprobs.content}), whether the counts agree, and whether the ids end with EOS. Null without ids.
     */
    static JsonObject alignment(Choice c) {
        if (c.tokens == null || c.tokens.completionTokenIds().isEmpty()) {
            return null;
        }
        int ids = c.tokens.completionTokenIds().get().size();
        WireObject.Builder o = new WireObject.Builder();
        o.put("token_ids", PROVIDER.createValue(ids));
        int lp = 0;
        String field = null;
        if (c.tokens.logprobs().isPresent()) {
            lp = c.tokens.logprobs().get().size();
            field = c.tokens.logprobsField().orElse("logprobs");
        } else if (c.message.logprobs().isPresent() && c.message.logprobs().get() instanceof JsonObject) {
            JsonValue content = ((JsonObject) c.message.logprobs().get()).get("content");
            if (content instanceof JsonArray) {
                lp = ((JsonArray) content).size();
                field = "logprobs.content";
            }
        }
        if (field != null) {
            o.put("logprobs", PROVIDER.createValue(lp));
            o.put("logprobs_field", PROVIDER.createValue(field));
            o.put("aligned", lp == ids ? JsonValue.TRUE : JsonValue.FALSE);
        }
        o.put("eos", PROVIDER.createValue(c.tokens.eos().name()));
        return o.build();
    }

    private static CompletionUsage usage(JsonValue v) {
        if (!(v instanceof JsonObject)) {
            return null;
        }
        JsonObject u = (JsonObject) v;
        CompletionUsage.Builder b = CompletionUsage.builder();
        for (Map.Entry<String, JsonValue> e : u.entrySet()) {
            JsonValue x = e.getValue();
            switch (e.getKey()) {
                case "completion_tokens":
                    if (x instanceof JsonNumber) {
                        b.completionTokens(((JsonNumber) x).longValue());
                    }
                    break;
                case "prompt_tokens":
                    if (x instanceof JsonNumber) {
                        b.promptTokens(((JsonNumber) x).longValue());
                    }
                    break;
                case "total_tokens":
                    if (x instanceof JsonNumber) {
                        b.totalTokens(((JsonNumber) x).longValue());
                    }
                    break;
                case "completion_tokens_details":
                    if (x instanceof JsonObject) {
                        b.completionTokensDetails((JsonObject) x);
                    }
                    break;
                case "prompt_tokens_details":
                    if (x instanceof JsonObject) {
                        b.promptTokensDetails((JsonObject) x);
                    }
                    break;
                default:
                    if (x.getValueType() != JsonValue.ValueType.NULL) {
                        b.putAdditionalProperty(e.getKey(), x);
                    }
            }
        }
        return b.build();
    }

    private static String string(JsonValue v) {
        return v instanceof JsonString ? ((JsonString) v).getString() : null;
    }

    private String excerpt(JsonObject o) {
        String s = o.toString();
        // redacted before it is cut, so that a key across the cut is still found
        s = redactor.apply(s.length() > 300 + 512 ? s.substring(0, 300 + 512) : s);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
