package com.example.ep.sglang.internal;

import com.example.ep.sglang.SglangExtractors;
import com.google.auto.service.AutoService;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;

/**
 * SGLang (after sgl-project/sglang PR #30917) with {@code return_token_ids}: {@code choices[i].token_ids} are
 * the engine's output ids and {@code choices[i].prompt_token_ids} the prompt's, per choice for chat and
 * completions. {@code logprobs} (when requested) has one entry per id.
 *
 * <p>Claims a response when the hint is {@code sglang}, or without a hint when a choice carries SGLang's
 * {@code matched_stop} key and ids. Before the first response it claims only the {@code sglang} hint, and not
 * for streamed chat: SGLang rejects {@code return_token_ids} there (PR #37365 would add it), so the request
 * must go out without the flag.
 */
@AutoService(TokenIdExtractor.class)
public final class SglangTokenIdsExtractor implements TokenIdExtractor {
    static final String IDS = "choices[].token_ids";
    static final String PROMPT = "choices[].prompt_token_ids";

    /** ServiceLoader needs a public no-argument constructor. */
    public SglangTokenIdsExtractor() {}

    @Override
    public String id() {
        return SglangExtractors.TOKEN_IDS;
    }

    @Override
    public int priority() {
        return SglangExtractors.TOKEN_IDS_PRIORITY;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        // pure and cheap: only instanceof checks, never a throwing getter on untrusted JSON
        boolean hinted = shape.hintIs(SglangExtractors.PROVIDER);
        if (shape.providerHint().isPresent() && !hinted) {
            return false;
        }
        JsonObject response = shape.firstResponse().orElse(null);
        if (response == null) {
            return hinted && !(shape.streaming() && shape.apiKind() == ApiKind.CHAT_COMPLETIONS);
        }
        JsonValue choices = response.get("choices");
        if (!(choices instanceof JsonArray)) {
            return false;
        }
        boolean ids = false;
        boolean marker = false;
        for (JsonValue c : (JsonArray) choices) {
            if (c instanceof JsonObject) {
                JsonObject choice = (JsonObject) c;
                ids |= choice.get("token_ids") instanceof JsonArray || choice.get("prompt_token_ids") instanceof JsonArray;
                marker |= choice.containsKey("matched_stop");
            }
        }
        return ids && (hinted || marker);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        // only the chosen extractor contributes, and only with values the user did not set
        request.setIfAbsent("return_token_ids", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        Reader r = new Reader(choiceIndex, context.maxTokenIds());
        JsonObject choice = r.choice(response.get("choices"), true);
        r.add(choice);
        return r.result();
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        Reader r = new Reader(choiceIndex, context.maxTokenIds());
        return new TokenIdAccumulator() {
            @Override
            public void accept(JsonObject chunk) {
                JsonObject choice = r.choice(chunk.get("choices"), false);
                if (choice != null) { // usage-only chunks and other choices' chunks carry nothing for us
                    r.add(choice);
                }
            }

            @Override
            public ExtractedTokens finish() {
                return r.result();
            }
        };
    }

    /** Reads one choice, from a body at once or from stream chunks in order. Not thread-safe; one per call. */
    private final class Reader {
        private final int choiceIndex;
        private final int maxTokenIds;
        // grown by doubling: a stream brings one or a few ids per chunk
        private int[] ids;
        private int idCount;
        private int[] prompt;
        private double[] logprobs;
        private int logprobCount;
        private String logprobsField;
        private String finishReason;
        private JsonValue matchedStop;

        Reader(int choiceIndex, int maxTokenIds) {
            this.choiceIndex = choiceIndex;
            this.maxTokenIds = maxTokenIds;
        }

        TokenIdExtractionException fail(String message) {
            return new TokenIdExtractionException(id(), choiceIndex, message);
        }

        /** The choice whose {@code index} is ours; null (streams) or an error (bodies) when there is none. */
        JsonObject choice(JsonValue choices, boolean required) {
            if (choices == null || choices.getValueType() == JsonValue.ValueType.NULL) {
                if (required) {
                    throw fail("the response has no `choices` array");
                }
                return null;
            }
            if (!(choices instanceof JsonArray)) {
                throw fail("`choices` is not an array");
            }
            for (JsonValue c : (JsonArray) choices) {
                if (!(c instanceof JsonObject)) {
                    throw fail("a choice is not an object");
                }
                JsonValue index = ((JsonObject) c).get("index");
                if (!(index instanceof JsonNumber) || !((JsonNumber) index).isIntegral()) {
                    throw fail("a choice has no integer `index`");
                }
                if (((JsonNumber) index).longValue() == choiceIndex) {
                    return (JsonObject) c;
                }
            }
            if (required) {
                throw fail("the response has no choice with index " + choiceIndex);
            }
            return null;
        }

        void add(JsonObject choice) {
            int[] more = ints(choice.get("token_ids"), IDS);
            if (more != null) {
                if ((long) idCount + more.length > maxTokenIds) {
                    throw fail("`" + IDS + "` has more than the limit of " + maxTokenIds + " ids");
                }
                ids = ids == null ? new int[Math.max(16, more.length)] : ids;
                if (idCount + more.length > ids.length) {
                    ids = Arrays.copyOf(ids, Math.max(ids.length * 2, idCount + more.length));
                }
                System.arraycopy(more, 0, ids, idCount, more.length);
                idCount += more.length;
            }
            int[] p = ints(choice.get("prompt_token_ids"), PROMPT);
            if (p != null) {
                if (prompt != null && !Arrays.equals(prompt, p)) {
                    throw fail("a later chunk carries different prompt_token_ids");
                }
                prompt = p;
            }
            addLogprobs(choice.get("logprobs"));
            JsonValue finish = choice.get("finish_reason");
            if (finish instanceof JsonString) {
                finishReason = ((JsonString) finish).getString();
                matchedStop = choice.get("matched_stop");
            }
        }

        private void addLogprobs(JsonValue value) {
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return;
            }
            if (!(value instanceof JsonObject)) {
                throw fail("`choices[].logprobs` is not an object");
            }
            JsonObject lp = (JsonObject) value;
            double[] more;
            String field;
            JsonValue content = lp.get("content");
            if (content instanceof JsonArray) {
                field = "choices[].logprobs.content[].logprob";
                JsonArray entries = (JsonArray) content;
                more = new double[entries.size()];
                for (int i = 0; i < more.length; i++) {
                    if (!(entries.get(i) instanceof JsonObject)) {
                        throw fail("`choices[].logprobs.content` entry " + i + " is not an object");
                    }
                    more[i] = number(((JsonObject) entries.get(i)).get("logprob"), field, i);
                }
            } else if (lp.get("token_logprobs") instanceof JsonArray) {
                field = "choices[].logprobs.token_logprobs";
                JsonArray values = (JsonArray) lp.get("token_logprobs");
                more = new double[values.size()];
                for (int i = 0; i < more.length; i++) {
                    more[i] = number(values.get(i), field, i);
                }
            } else {
                return;
            }
            if (logprobsField != null && !logprobsField.equals(field)) {
                throw fail("the stream mixes " + logprobsField + " and " + field);
            }
            logprobsField = field;
            logprobs = logprobs == null ? new double[Math.max(16, more.length)] : logprobs;
            if (logprobCount + more.length > logprobs.length) {
                logprobs = Arrays.copyOf(logprobs, Math.max(logprobs.length * 2, logprobCount + more.length));
            }
            System.arraycopy(more, 0, logprobs, logprobCount, more.length);
            logprobCount += more.length;
        }

        ExtractedTokens result() {
            ExtractedTokens.Builder b = ExtractedTokens.builder(id());
            if (prompt != null) {
                b.promptTokenIds(TokenIds.wrap(prompt), PROMPT);
            }
            if (ids == null) {
                return b.build(); // the server sent no ids: the field stays unset, never guessed
            }
            int[] all = Arrays.copyOf(ids, idCount);
            b.completionTokenIds(TokenIds.wrap(all), IDS);
            if (logprobs != null) {
                if (logprobCount != idCount) {
                    throw TokenIdExtractionException.misaligned(id(), choiceIndex, IDS, idCount, logprobsField,
                            logprobCount);
                }
                b.logprobs(TokenLogprobs.wrap(Arrays.copyOf(logprobs, logprobCount)), logprobsField);
            }
            return b.eos(eos(all)).build();
        }

        /** SGLang names the stop token in {@code matched_stop} (an id) or the stop string (a string). */
        private EosStatus eos(int[] ids) {
            if (ids.length == 0 || "length".equals(finishReason)) {
                return EosStatus.ABSENT;
            }
            if (matchedStop instanceof JsonNumber) {
                return ((JsonNumber) matchedStop).longValue() == ids[ids.length - 1]
                        ? EosStatus.PRESENT : EosStatus.UNKNOWN;
            }
            return matchedStop instanceof JsonString ? EosStatus.ABSENT : EosStatus.UNKNOWN;
        }

        /** Decodes an id array in one pass, without boxing; null when absent or JSON null. */
        private int[] ints(JsonValue value, String field) {
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (!(value instanceof JsonArray)) {
                throw fail("`" + field + "` is not an array");
            }
            JsonArray a = (JsonArray) value;
            if (a.size() > maxTokenIds) {
                throw fail("`" + field + "` has " + a.size() + " ids, more than the limit of " + maxTokenIds);
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonValue v = a.get(i);
                long id = v instanceof JsonNumber && ((JsonNumber) v).isIntegral()
                        ? ((JsonNumber) v).longValue() : -1;
                if (id < 0 || id > Integer.MAX_VALUE) {
                    throw fail("`" + field + "` entry " + i + " is not a token id");
                }
                out[i] = (int) id;
            }
            return out;
        }

        private double number(JsonValue v, String field, int i) {
            if (v instanceof JsonNumber) {
                return ((JsonNumber) v).doubleValue(); // -9999.0 ("not in the top k") kept as sent
            }
            if (v != null && v.getValueType() == JsonValue.ValueType.NULL) {
                return Double.NaN; // TokenLogprobs' "missing"
            }
            throw fail("`" + field + "` entry " + i + " is not a number");
        }
    }
}
