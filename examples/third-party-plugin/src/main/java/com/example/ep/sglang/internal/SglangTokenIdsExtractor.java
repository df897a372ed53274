package com.example.ep.sglang.internal;

import com.example.ep.sglang.SglangExtractors;
import com.google.auto.service.AutoService;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.LogprobColumns;
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
    static final String CONTENT_LOGPROB = "choices[].logprobs.content[].logprob";
    static final String LEGACY_LOGPROBS = "choices[].logprobs.token_logprobs";
    /** Only each entry's logprob: SGLang's ids come from {@code token_ids}. */
    private static final LogprobColumns.Spec CONTENT = LogprobColumns.Spec.of("choices[].logprobs.content");

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
        Reader r = new Reader(ChoiceReader.of(id(), choiceIndex, context));
        r.add(r.in.choice(response));
        return r.result();
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        Reader r = new Reader(ChoiceReader.of(id(), choiceIndex, context));
        return new TokenIdAccumulator() {
            @Override
            public void accept(JsonObject chunk) {
                JsonObject choice = r.in.chunkChoice(chunk);
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

    /**
     * Reads one choice, from a body at once or from stream chunks in order. ep-api's {@link ChoiceReader} does
     * the typed reads (with errors naming this extractor, the choice and the field) and decodes id and logprob
     * arrays without boxing; this class only adds SGLang's rules. Not thread-safe; one per call.
     */
    private static final class Reader {
        final ChoiceReader in;
        // grown by doubling: a stream brings one or a few ids per chunk
        private int[] ids;
        private int idCount;
        private int[] prompt;
        private double[] logprobs;
        private int logprobCount;
        private String logprobsField;
        private String finishReason;
        private JsonValue matchedStop;

        Reader(ChoiceReader in) {
            this.in = in;
        }

        void add(JsonObject choice) {
            int[] more = in.ids(choice, "token_ids", IDS);
            if (more != null) {
                in.checkLimit(idCount + more.length, IDS);
                ids = append(ids, idCount, more);
                idCount += more.length;
            }
            int[] p = in.ids(choice, "prompt_token_ids", PROMPT);
            if (p != null) {
                if (prompt != null && !Arrays.equals(prompt, p)) {
                    throw in.fail("a later chunk carries different prompt_token_ids");
                }
                prompt = p;
            }
            addLogprobs(in.object(choice, "logprobs", "choices[].logprobs"));
            String finish = in.string(choice, "finish_reason", "choices[].finish_reason");
            if (finish != null) {
                finishReason = finish;
                matchedStop = choice.get("matched_stop");
            }
        }

        private void addLogprobs(JsonObject lp) {
            if (lp == null) {
                return;
            }
            double[] more;
            String field;
            // chat: one logprobs.content[] entry per id, read as columns (no object per entry)
            LogprobColumns content = in.contentColumns(lp, CONTENT, logprobCount);
            if (content != null) {
                field = CONTENT_LOGPROB;
                more = new double[content.size()];
                content.copyLogprobs(more, 0);
            } else {
                JsonArray values = in.array(lp, "token_logprobs", LEGACY_LOGPROBS);
                if (values == null) {
                    return;
                }
                field = LEGACY_LOGPROBS;
                in.checkLimit(logprobCount + values.size(), LEGACY_LOGPROBS);
                more = in.logprobs(values, LEGACY_LOGPROBS); // null -> NaN, -9999.0 kept as sent
            }
            if (logprobsField != null && !logprobsField.equals(field)) {
                throw in.fail("the stream mixes " + logprobsField + " and " + field);
            }
            logprobsField = field;
            logprobs = append(logprobs, logprobCount, more);
            logprobCount += more.length;
        }

        ExtractedTokens result() {
            ExtractedTokens.Builder b = ExtractedTokens.builder(in.extractorId());
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
                    throw TokenIdExtractionException.misaligned(in.extractorId(), in.choiceIndex(), IDS, idCount,
                            logprobsField, logprobCount);
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

        private static int[] append(int[] to, int count, int[] more) {
            int[] a = to == null ? new int[Math.max(16, more.length)] : to;
            if (count + more.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, count + more.length));
            }
            System.arraycopy(more, 0, a, count, more.length);
            return a;
        }

        private static double[] append(double[] to, int count, double[] more) {
            double[] a = to == null ? new double[Math.max(16, more.length)] : to;
            if (count + more.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, count + more.length));
            }
            System.arraycopy(more, 0, a, count, more.length);
            return a;
        }
    }
}
