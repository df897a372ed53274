package io.evalprotocol.provider.openai.internal;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.PlainChunk;
import io.evalprotocol.spi.ShapeProbes;
import io.evalprotocol.spi.TokenIdAccumulator;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;

/** Reading one choice of an OpenAI-compatible response for the three EXACT shapes. */
final class GenericReader {
    static final String IDS = "choices[].token_ids";
    static final String LOGPROBS = "choices[].logprobs";
    static final String PROMPT_CHOICE = "choices[].prompt_token_ids";
    static final String PROMPT_TOP = "prompt_token_ids";

    private GenericReader() {}

    static ExtractedTokens read(ChoiceReader w, OpenAiCompatibleChannel.Source source, JsonObject response) {
        JsonObject choice = w.choice(response);
        ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
        int[] perChoice = w.ids(choice, "prompt_token_ids", PROMPT_CHOICE);
        int[] top = w.ids(response, "prompt_token_ids", PROMPT_TOP);
        if (perChoice != null && top != null && !Arrays.equals(perChoice, top)) {
            throw w.fail("`" + PROMPT_CHOICE + "` and `" + PROMPT_TOP + "` disagree");
        }
        if (perChoice != null || top != null) {
            b.promptTokenIds(TokenIds.wrap(perChoice != null ? perChoice : top),
                    perChoice != null ? PROMPT_CHOICE : PROMPT_TOP);
        }
        OpenAiCompatibleChannel channel = OpenAiCompatibleChannel.of(w, source, IDS, LOGPROBS);
        channel.addChoice(choice);
        return channel.assemble(b);
    }

    // ---- probes for supports(): pure, never throw ------------------------------------------------------

    /** Any choice carries {@code token_ids}, or prompt ids are present (a stream's first chunk). */
    static boolean hasChoiceTokenIds(JsonObject response) {
        if (ShapeProbes.isArray(response, "prompt_token_ids")) {
            return true;
        }
        JsonArray choices = ShapeProbes.choices(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                if (c instanceof JsonObject
                        && (ShapeProbes.isArray((JsonObject) c, "token_ids") || ShapeProbes.isArray((JsonObject) c, "prompt_token_ids"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Any choice's first {@code logprobs.content[]} entry carries {@code token_id}. */
    static boolean hasContentTokenId(JsonObject response) {
        JsonArray choices = ShapeProbes.choices(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                JsonArray content = ShapeProbes.array(
                        ShapeProbes.object(c instanceof JsonObject ? (JsonObject) c : null, "logprobs"), "content");
                if (ShapeProbes.firstEntryHas(content, "token_id")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Any choice carries legacy {@code logprobs.token_ids} or a streamed {@code delta.token_id}. */
    static boolean hasLegacyTokenIds(JsonObject response) {
        JsonArray choices = ShapeProbes.choices(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                JsonObject choice = c instanceof JsonObject ? (JsonObject) c : null;
                if (ShapeProbes.isArray(ShapeProbes.object(choice, "logprobs"), "token_ids")
                        || ShapeProbes.object(choice, "delta") != null
                        && ShapeProbes.object(choice, "delta").get("token_id") instanceof JsonNumber) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Streams: every chunk of this choice in order; prompt ids from the first chunk that has them. */
    static final class Accumulator implements TokenIdAccumulator {
        private final ChoiceReader w;
        private final OpenAiCompatibleChannel channel;
        private int[] prompt;
        private String promptField;

        Accumulator(ChoiceReader w, OpenAiCompatibleChannel.Source source) {
            this.w = w;
            this.channel = OpenAiCompatibleChannel.of(w, source, IDS, LOGPROBS);
        }

        @Override
        public void accept(JsonObject chunk) {
            JsonObject choice = w.chunkChoice(chunk);
            notePrompt(choice == null ? null : w.ids(choice, "prompt_token_ids", PROMPT_CHOICE), PROMPT_CHOICE);
            notePrompt(w.ids(chunk, "prompt_token_ids", PROMPT_TOP), PROMPT_TOP);
            if (choice != null) {
                channel.addChoice(choice);
            }
        }

        @Override
        public boolean readsPlainChunks() {
            return true;
        }

        @Override
        public void acceptPlain(PlainChunk chunk) {
            // a plain chunk has one choice and no prompt ids
            if (chunk.choiceIndex() == w.choiceIndex()) {
                channel.addPlain(chunk);
            }
        }

        private void notePrompt(int[] ids, String field) {
            if (ids == null) {
                return;
            }
            if (prompt == null) {
                prompt = ids;
                promptField = field;
            } else if (!Arrays.equals(prompt, ids)) {
                throw w.fail("a later stream chunk carries different prompt_token_ids than the first one");
            }
        }

        @Override
        public ExtractedTokens finish() {
            ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
            if (prompt != null) {
                b.promptTokenIds(TokenIds.wrap(prompt), promptField);
            }
            return channel.assemble(b);
        }
    }
}
