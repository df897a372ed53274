package io.evalprotocol.provider.vllm.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.provider.vllm.VllmExtractors;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.LogprobColumns;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.PlainChunk;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;

/**
 * vLLM &ge; 0.10.2 with {@code return_token_ids}: {@code choices[i].token_ids} holds every generated id
 * (reasoning, tool-call markup and the EOS/stop token included), {@code prompt_token_ids} sits at the top
 * level for chat and on each choice for completions. {@code logprobs} is built from the same ids, so when
 * present it must align one to one.
 *
 * <p>Claims a response when the hint is {@code vllm}, or without a hint when the body carries vLLM-only
 * keys ({@link VllmShapes#hasVllmMarker}); in both cases the response must carry id fields.
 */
@AutoService(TokenIdExtractor.class)
public final class VllmTokenIdsExtractor implements TokenIdExtractor {
    static final String IDS = "choices[].token_ids";
    static final String PROMPT_TOP = "prompt_token_ids";
    static final String PROMPT_CHOICE = "choices[].prompt_token_ids";
    static final String LP_CONTENT = "choices[].logprobs.content[].logprob";
    static final String LP_LEGACY = "choices[].logprobs.token_logprobs";
    private static final LogprobColumns.Spec CONTENT_ENTRIES = LogprobColumns.Spec.of("choices[].logprobs.content");

    public VllmTokenIdsExtractor() {}

    @Override
    public String id() {
        return VllmExtractors.TOKEN_IDS;
    }

    @Override
    public int priority() {
        return VllmExtractors.TOKEN_IDS_PRIORITY;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        if (VllmShapes.hintIsForeign(shape)) {
            return false;
        }
        JsonObject response = shape.firstResponse().orElse(null);
        if (response == null) {
            return shape.hintIs(VllmExtractors.PROVIDER);
        }
        return VllmShapes.hasIdFields(response)
                && (shape.hintIs(VllmExtractors.PROVIDER) || VllmShapes.hasVllmMarker(response));
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent(VllmExtractors.RETURN_TOKEN_IDS, JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        JsonObject choice = w.choice(response);
        int[] ids = w.ids(choice, "token_ids", IDS);
        int[] prompt = w.ids(choice, "prompt_token_ids", PROMPT_CHOICE);
        String promptField = PROMPT_CHOICE;
        if (prompt == null) {
            prompt = w.ids(response, "prompt_token_ids", PROMPT_TOP);
            promptField = PROMPT_TOP;
        }
        Floats lp = logprobs(w, choice);
        return assemble(w, ids, prompt, promptField, lp == null ? null : lp.values, lp == null ? null : lp.field,
                w.string(choice, "finish_reason", "choices[].finish_reason"), choice.get("stop_reason"));
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new Accumulator(ChoiceReader.of(id(), choiceIndex, context));
    }

    /** Logprob values of one choice (or one chunk of it) and the field they came from; null without logprobs. */
    static Floats logprobs(ChoiceReader w, JsonObject choice) {
        JsonObject logprobs = w.object(choice, "logprobs", "choices[].logprobs");
        if (logprobs == null) {
            return null;
        }
        LogprobColumns content = w.contentColumns(logprobs, CONTENT_ENTRIES, 0);
        if (content != null) {
            double[] values = new double[content.size()];
            content.copyLogprobs(values, 0);
            return new Floats(values, LP_CONTENT);
        }
        JsonArray legacy = w.array(logprobs, "token_logprobs", LP_LEGACY);
        return legacy == null ? null : new Floats(w.logprobs(legacy, LP_LEGACY), LP_LEGACY);
    }

    static ExtractedTokens assemble(ChoiceReader w, int[] ids, int[] prompt, String promptField, double[] logprobs,
            String logprobsField, String finishReason, JsonValue stopReason) {
        ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
        if (prompt != null) {
            b.promptTokenIds(TokenIds.wrap(prompt), promptField);
        }
        if (ids == null) {
            return b.build();
        }
        b.completionTokenIds(TokenIds.wrap(ids), IDS);
        if (logprobs != null) {
            if (logprobs.length != ids.length) {
                throw TokenIdExtractionException.misaligned(
                        w.extractorId(), w.choiceIndex(), IDS, ids.length, logprobsField, logprobs.length);
            }
            b.logprobs(TokenLogprobs.wrap(logprobs), logprobsField);
        }
        return b.eos(VllmShapes.eos(finishReason, stopReason, ids.length)).build();
    }

    /** Logprob values and their field. */
    static final class Floats {
        final double[] values;
        final String field;

        Floats(double[] values, String field) {
            this.values = values;
            this.field = field;
        }
    }

    /**
     * Streams: {@code token_ids} of every chunk of this choice, in order, including chunks whose delta the
     * reasoning or tool parser left empty (since vLLM PR #29074 they still carry ids); prompt ids from the
     * first chunk that has them; usage-only chunks carry no choice and are skipped.
     */
    private static final class Accumulator implements TokenIdAccumulator {
        private final ChoiceReader w;
        private final Buffers.Ints ids = new Buffers.Ints();
        private final Buffers.Doubles logprobs = new Buffers.Doubles();
        private boolean sawIds;
        private String logprobsField;
        private int[] prompt;
        private String promptField;
        private String finishReason;
        private JsonValue stopReason;

        Accumulator(ChoiceReader w) {
            this.w = w;
        }

        @Override
        public void accept(JsonObject chunk) {
            JsonObject choice = w.chunkChoice(chunk);
            if (prompt == null) {
                // chat sends it top level on the first chunk; completions on each choice's first chunk
                prompt = choice == null ? null : w.ids(choice, "prompt_token_ids", PROMPT_CHOICE);
                promptField = PROMPT_CHOICE;
                if (prompt == null) {
                    prompt = w.ids(chunk, "prompt_token_ids", PROMPT_TOP);
                    promptField = PROMPT_TOP;
                }
            } else {
                checkSamePrompt(choice == null ? null : w.ids(choice, "prompt_token_ids", PROMPT_CHOICE));
                checkSamePrompt(w.ids(chunk, "prompt_token_ids", PROMPT_TOP));
            }
            if (choice == null) {
                return;
            }
            int[] delta = w.ids(choice, "token_ids", IDS);
            if (delta != null) {
                sawIds = true;
                w.checkLimit(ids.size() + delta.length, IDS);
                ids.addAll(delta);
            }
            Floats lp = logprobs(w, choice);
            if (lp != null) {
                if (logprobsField != null && !logprobsField.equals(lp.field)) {
                    throw w.fail("stream mixes " + logprobsField + " and " + lp.field);
                }
                logprobsField = lp.field;
                w.checkLimit(logprobs.size() + lp.values.length, lp.field);
                logprobs.addAll(lp.values);
            }
            String finish = w.string(choice, "finish_reason", "choices[].finish_reason");
            if (finish != null) {
                finishReason = finish;
                stopReason = choice.get("stop_reason");
            }
        }

        @Override
        public boolean readsPlainChunks() {
            return true;
        }

        /**
         * The same as {@link #accept} given the chunk as JSON-P: a plain chunk has one choice and no prompt ids,
         * so only its {@code token_ids}, {@code logprobs.content[]} logprobs and {@code finish_reason} count.
         */
        @Override
        public void acceptPlain(PlainChunk chunk) {
            if (chunk.choiceIndex() != w.choiceIndex()) {
                return;
            }
            int[] delta = chunk.tokenIds();
            if (delta != null) {
                w.checkLimit(delta.length, IDS); // as ChoiceReader.ids does for the array alone
                sawIds = true;
                w.checkLimit(ids.size() + delta.length, IDS);
                ids.addAll(delta);
            }
            if (chunk.hasLogprobs()) {
                int n = chunk.entryCount();
                w.checkLimit(n, CONTENT_ENTRIES.path()); // as ChoiceReader.contentColumns does for the array alone
                if (logprobsField != null && !logprobsField.equals(LP_CONTENT)) {
                    throw w.fail("stream mixes " + logprobsField + " and " + LP_CONTENT);
                }
                logprobsField = LP_CONTENT;
                w.checkLimit(logprobs.size() + n, LP_CONTENT);
                for (int e = 0; e < n; e++) {
                    logprobs.add(chunk.logprob(e));
                }
            }
            String finish = chunk.finishReason();
            if (finish != null) {
                finishReason = finish;
                // null or absent in a plain chunk, which VllmShapes.eos reads as it reads no stop_reason
                stopReason = null;
            }
        }

        private void checkSamePrompt(int[] again) {
            if (again != null && !Arrays.equals(again, prompt)) {
                throw w.fail("a later stream chunk carries different prompt_token_ids than the first one");
            }
        }

        @Override
        public ExtractedTokens finish() {
            return assemble(w, sawIds ? ids.toArray() : null, prompt, promptField,
                    logprobsField == null ? null : logprobs.toArray(), logprobsField, finishReason, stopReason);
        }
    }
}
