package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.PlainChunk;
import io.evalprotocol.spi.TokenIdAccumulator;
import jakarta.json.JsonObject;
import java.util.Arrays;

/** Reading one Fireworks choice, shared by both extractors. */
final class FireworksReader {
    static final String IDS = "choices[].token_ids";
    static final String LOGPROBS = "choices[].logprobs";
    static final String RAW_IDS = "choices[].raw_output.completion_token_ids";
    static final String RAW_LOGPROBS = "choices[].raw_output.completion_logprobs";
    static final String PROMPT_CHOICE = "choices[].prompt_token_ids";
    static final String PROMPT_TOP = "prompt_token_ids";
    static final String PROMPT_RAW = "choices[].raw_output.prompt_token_ids";

    private FireworksReader() {}

    /**
     * The ids of one choice of a body. With {@code rawFirst}, {@code raw_output.completion_token_ids} (the
     * full raw completion, paired with {@code raw_output.completion_logprobs}) wins when present.
     */
    static ExtractedTokens read(ChoiceReader w, JsonObject response, JsonObject choice, boolean rawFirst) {
        JsonObject raw = w.object(choice, "raw_output", "choices[].raw_output");
        ExtractedTokens.Builder b = ExtractedTokens.builder(w.extractorId());
        prompt(w, b, response, choice, raw);
        String finish = w.string(choice, "finish_reason", "choices[].finish_reason");
        if (rawFirst && raw != null) {
            int[] rawIds = w.ids(raw, "completion_token_ids", RAW_IDS);
            if (rawIds != null) {
                OpenAiCompatibleChannel channel = OpenAiCompatibleChannel.of(w, OpenAiCompatibleChannel.Source.ANY, RAW_IDS, RAW_LOGPROBS);
                channel.addIds(rawIds);
                channel.addLogprobs(w.object(raw, "completion_logprobs", RAW_LOGPROBS));
                channel.finishReason(finish);
                return channel.assemble(b);
            }
        }
        OpenAiCompatibleChannel channel = OpenAiCompatibleChannel.of(w, OpenAiCompatibleChannel.Source.ANY, IDS, LOGPROBS);
        channel.addChoice(choice);
        return channel.assemble(b);
    }

    /**
     * Prompt ids: per choice (completions), top level (chat), or in {@code raw_output}; Fireworks documents
     * them as the same list, so two that differ are an error rather than a silent pick.
     */
    private static void prompt(ChoiceReader w, ExtractedTokens.Builder b, JsonObject response, JsonObject choice,
            JsonObject raw) {
        int[] chosen = null;
        String chosenField = null;
        String[] fields = {PROMPT_CHOICE, PROMPT_TOP, PROMPT_RAW};
        int[][] found = {
            w.ids(choice, "prompt_token_ids", PROMPT_CHOICE),
            w.ids(response, "prompt_token_ids", PROMPT_TOP),
            raw == null ? null : w.ids(raw, "prompt_token_ids", PROMPT_RAW)
        };
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null) {
                continue;
            }
            if (chosen == null) {
                chosen = found[i];
                chosenField = fields[i];
            } else if (!Arrays.equals(chosen, found[i])) {
                throw w.fail("`" + chosenField + "` (" + chosen.length + " ids) and `" + fields[i] + "` ("
                        + found[i].length + " ids) disagree");
            }
        }
        if (chosen != null) {
            b.promptTokenIds(TokenIds.wrap(chosen), chosenField);
        }
    }

    /**
     * Streams: every chunk of this choice in order, empty-delta chunks included; prompt ids from the first
     * chunk that has them (top level for chat, per choice for completions); {@code raw_output} is not
     * relied on in streams.
     */
    static final class Accumulator implements TokenIdAccumulator {
        private final ChoiceReader w;
        private final OpenAiCompatibleChannel channel;
        private int[] prompt;
        private String promptField;

        Accumulator(ChoiceReader w) {
            this.w = w;
            this.channel = OpenAiCompatibleChannel.of(w, OpenAiCompatibleChannel.Source.ANY, IDS, LOGPROBS);
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
