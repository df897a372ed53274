package io.evalprotocol.provider.vllm.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.api.TokenLogprobs;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.provider.vllm.VllmExtractors;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.LogprobColumns;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.ShapeProbes;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Arrays;

/**
 * vLLM with {@code return_tokens_as_token_ids}: every logprob {@code token} is the placeholder
 * {@code "token_id:N"} ({@code logprobs.content[].token} for chat, {@code logprobs.tokens[]} for
 * completions). Works on servers older than {@code return_token_ids} (0.10.2). Ids and logprobs come from
 * the same entries, so they align by construction; a token that is not a placeholder is an error, never
 * skipped. The {@code bytes} of these entries are the decoded text and are ignored.
 *
 * <p>Claims a response whose logprob tokens are placeholders (a marker only vLLM writes), with or without
 * the {@code vllm} hint. With the hint it also claims responses that show no logprob tokens yet (a stream's
 * role-only first chunk) and declines ones whose tokens are plain text.
 */
@AutoService(TokenIdExtractor.class)
public final class VllmLogprobTokenIdsExtractor implements TokenIdExtractor {
    static final String CHAT_IDS = "choices[].logprobs.content[].token";
    static final String CHAT_LP = "choices[].logprobs.content[].logprob";
    static final String LEGACY_IDS = "choices[].logprobs.tokens";
    /** The chat entries: each {@code token} is the placeholder, with its {@code logprob}. */
    private static final LogprobColumns.Spec CHAT_ENTRIES = LogprobColumns.Spec.of("choices[].logprobs.content")
            .withTokens();
    static final String LEGACY_LP = "choices[].logprobs.token_logprobs";

    public VllmLogprobTokenIdsExtractor() {}

    @Override
    public String id() {
        return VllmExtractors.LOGPROB_TOKEN_IDS;
    }

    @Override
    public int priority() {
        return VllmExtractors.LOGPROB_TOKEN_IDS_PRIORITY;
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
        Boolean placeholders = VllmShapes.tokensAreIds(response);
        if (placeholders != null) {
            return placeholders;
        }
        return shape.hintIs(VllmExtractors.PROVIDER) && ShapeProbes.choices(response) != null;
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent(VllmExtractors.RETURN_TOKENS_AS_TOKEN_IDS, JsonValue.TRUE);
        // chat takes a boolean; completions an int, where 0 means "the sampled token only"
        request.setIfAbsent("logprobs", request.shape().apiKind() == ApiKind.COMPLETIONS
                ? Zero.VALUE : JsonValue.TRUE);
    }

    /** Created on first use: only completions requests need it, and the JSON-P lookup is not free. */
    private static final class Zero {
        static final JsonNumber VALUE = JsonProvider.provider().createValue(0);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        JsonObject choice = w.choice(response);
        Chunk c = read(w, choice, 0);
        int[] prompt = w.ids(choice, "prompt_token_ids", VllmTokenIdsExtractor.PROMPT_CHOICE);
        String promptField = VllmTokenIdsExtractor.PROMPT_CHOICE;
        if (prompt == null) {
            prompt = w.ids(response, "prompt_token_ids", VllmTokenIdsExtractor.PROMPT_TOP);
            promptField = VllmTokenIdsExtractor.PROMPT_TOP;
        }
        return assemble(w, c == null ? null : c.ids, c == null ? null : c.logprobs, c == null ? null : c.idsField,
                c == null ? null : c.logprobsField, prompt, promptField,
                w.string(choice, "finish_reason", "choices[].finish_reason"), choice.get("stop_reason"));
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new Accumulator(ChoiceReader.of(id(), choiceIndex, context));
    }

    /**
     * Reads the placeholder ids and logprobs of one choice or chunk; {@code offset} is the number of entries
     * seen before (streams), so that errors name the entry's index in the whole completion.
     */
    private static Chunk read(ChoiceReader w, JsonObject choice, int offset) {
        JsonObject logprobs = w.object(choice, "logprobs", "choices[].logprobs");
        if (logprobs == null) {
            return null;
        }
        LogprobColumns content = w.contentColumns(logprobs, CHAT_ENTRIES, offset);
        if (content != null) {
            int[] ids = new int[content.size()];
            double[] values = new double[content.size()];
            content.copyLogprobs(values, 0);
            for (int i = 0; i < ids.length; i++) {
                String token = content.token(i);
                ids[i] = token != null ? placeholder(w, token, CHAT_IDS, offset + i)
                        : placeholder(w, content.entry(i).get("token"), CHAT_IDS, offset + i);
            }
            return new Chunk(ids, CHAT_IDS, values, CHAT_LP);
        }
        JsonArray tokens = w.array(logprobs, "tokens", LEGACY_IDS);
        if (tokens == null) {
            return null;
        }
        w.checkLimit(offset + tokens.size(), LEGACY_IDS);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = placeholder(w, tokens.get(i), LEGACY_IDS, offset + i);
        }
        JsonArray lp = w.array(logprobs, "token_logprobs", LEGACY_LP);
        return new Chunk(ids, LEGACY_IDS, lp == null ? null : w.logprobs(lp, LEGACY_LP), lp == null ? null : LEGACY_LP);
    }

    private static int placeholder(ChoiceReader w, JsonValue token, String path, int index) {
        return placeholder(w, token instanceof JsonString ? ((JsonString) token).getString() : null, path, index,
                token);
    }

    private static int placeholder(ChoiceReader w, String token, String path, int index) {
        return placeholder(w, token, path, index, null);
    }

    /** {@code value} is the token's JSON value when it is not a string (for the message), else unused. */
    private static int placeholder(ChoiceReader w, String s, String path, int index, JsonValue value) {
        int id = VllmShapes.parsePlaceholder(s);
        if (id < 0) {
            throw w.fail("`" + path + "` entry " + index + " is "
                    + (s == null ? ChoiceReader.kind(value) : "not a \"token_id:N\" placeholder")
                    + "; was the request sent with return_tokens_as_token_ids?");
        }
        return id;
    }

    private static ExtractedTokens assemble(ChoiceReader w, int[] ids, double[] logprobs, String idsField,
            String logprobsField, int[] prompt, String promptField, String finishReason, JsonValue stopReason) {
        ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
        if (prompt != null) {
            b.promptTokenIds(TokenIds.wrap(prompt), promptField);
        }
        if (ids == null) {
            return b.build();
        }
        b.completionTokenIds(TokenIds.wrap(ids), idsField);
        if (logprobs != null) {
            if (logprobs.length != ids.length) {
                throw TokenIdExtractionException.misaligned(
                        w.extractorId(), w.choiceIndex(), idsField, ids.length, logprobsField, logprobs.length);
            }
            b.logprobs(TokenLogprobs.wrap(logprobs), logprobsField);
        }
        return b.eos(VllmShapes.eos(finishReason, stopReason, ids.length)).build();
    }

    /** Ids and logprobs read from one choice or chunk. */
    private static final class Chunk {
        final int[] ids;
        final String idsField;
        final double[] logprobs;
        final String logprobsField;

        Chunk(int[] ids, String idsField, double[] logprobs, String logprobsField) {
            this.ids = ids;
            this.idsField = idsField;
            this.logprobs = logprobs;
            this.logprobsField = logprobsField;
        }
    }

    /** Streams: the placeholder entries of every chunk of this choice, in order. */
    private static final class Accumulator implements TokenIdAccumulator {
        private final ChoiceReader w;
        private final Buffers.Ints ids = new Buffers.Ints();
        private final Buffers.Doubles logprobs = new Buffers.Doubles();
        private String idsField;
        private String logprobsField;
        private boolean logprobsMissing;
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
            int[] p = choice == null ? null : w.ids(choice, "prompt_token_ids", VllmTokenIdsExtractor.PROMPT_CHOICE);
            String pField = VllmTokenIdsExtractor.PROMPT_CHOICE;
            if (p == null) {
                p = w.ids(chunk, "prompt_token_ids", VllmTokenIdsExtractor.PROMPT_TOP);
                pField = VllmTokenIdsExtractor.PROMPT_TOP;
            }
            if (p != null) {
                if (prompt == null) {
                    prompt = p;
                    promptField = pField;
                } else if (!Arrays.equals(p, prompt)) {
                    throw w.fail("a later stream chunk carries different prompt_token_ids than the first one");
                }
            }
            if (choice == null) {
                return;
            }
            Chunk c = read(w, choice, ids.size());
            if (c != null) {
                if (idsField != null && !idsField.equals(c.idsField)) {
                    throw w.fail("stream mixes " + idsField + " and " + c.idsField);
                }
                idsField = c.idsField;
                ids.addAll(c.ids);
                if (c.logprobs == null) {
                    logprobsMissing = true;
                } else {
                    logprobsField = c.logprobsField;
                    logprobs.addAll(c.logprobs);
                }
            }
            String finish = w.string(choice, "finish_reason", "choices[].finish_reason");
            if (finish != null) {
                finishReason = finish;
                stopReason = choice.get("stop_reason");
            }
        }

        @Override
        public ExtractedTokens finish() {
            double[] lp = logprobsField == null ? null : logprobs.toArray();
            if (lp != null && logprobsMissing) {
                throw TokenIdExtractionException.misaligned(w.extractorId(), w.choiceIndex(),
                        idsField, ids.size(), logprobsField, lp.length);
            }
            return assemble(w, idsField == null ? null : ids.toArray(), lp, idsField, logprobsField,
                    prompt, promptField, finishReason, stopReason);
        }
    }
}
