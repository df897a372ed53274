package io.evalprotocol.testkit.sim.internal;

import io.evalprotocol.testkit.sim.Flavour;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a validated request into choices: prompt ids (chat template or completions prompt), a reply per
 * choice, its o200k token ids, EOS, finish reason and sampled logprobs. Everything is a pure function of the
 * request and the seeds, so the streamed and non-streamed renderings of the same request agree token for token.
 */
public final class Generator {
    /** Single-token common words and punctuation: the pool top_logprobs alternatives are drawn from. */
    static final int[] POOL;

    static {
        String[] words = {" the", " a", " an", " and", " or", " but", " so", " of", " to", " in", " on", " at",
            " for", " with", " is", " are", " was", " be", " it", " this", " that", " we", " you", " I", " can",
            " will", " would", " should", " could", " have", " has", " not", " more", " most", " some", " all",
            " one", " two", " three", " first", " then", " next", " also", " just", " each", " which", " what",
            " how", " why", " when", " there", " here", " about", " from", " by", " as", " if", " than", " very",
            " well", " good", " great", " simple", " step", " answer", " result", " total", " number", " value",
            " example", " case", " point", " time", " way", " part", " problem", " question", " help", " sure",
            ".", ",", ":", ";", "!", "?", "\n", "\n\n", " (", ")", " -", " \"", "'s", " +", " =", " ×", " /",
            "The", "This", "That", "So", "First", "Then", "Next", "Finally", "Sure", "Yes", "No", "Hello", "Hi",
            "It", "We", "You", "In", "To", "For", " 1", " 2", " 3", " 4", " 5", " 10", " 12", " 20", " 24",
            " 48", " 72", " 100", "1", "2", "3", " **", "**", " Answer", "Answer", " Let", "Let", " us", "'s",
            " work", " solve", " compute", " add", " adding", " multiply", " divide", " subtract", " start",
            " need", " find", " know", " think", " look", " check", " make", " take", " give", " get", " use",
            " its", " their", " our", " your", " my", " his", " her", " these", " those", " other", " same"};
        SimTokenizer tok = SimTokenizer.get();
        Set<Integer> ids = new LinkedHashSet<>();
        for (String w : words) {
            int[] e = tok.encode(w);
            if (e.length == 1) {
                ids.add(e[0]);
            }
        }
        POOL = ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Everything a renderer needs. */
    public static final class Result {
        public final List<Choice> choices;
        /** Chat: the templated prompt; completions: null (per choice). */
        public final int[] chatPromptIds;
        public final List<Object> promptFragments;
        public final int promptTokens;
        public final int completionTokens;
        /** Seeds ids, {@code created}, obfuscation and tool-call ids. */
        public final long seed;

        Result(List<Choice> choices, int[] chatPromptIds, List<Object> fragments, int promptTokens, long seed) {
            this.choices = choices;
            this.chatPromptIds = chatPromptIds;
            this.promptFragments = fragments;
            this.promptTokens = promptTokens;
            int c = 0;
            for (Choice ch : choices) {
                c += ch.count();
            }
            this.completionTokens = c;
            this.seed = seed;
        }
    }

    private final SimTokenizer tok;
    private final long providerSeed;
    private final double mistakeRate;

    public Generator(long providerSeed, double mistakeRate) {
        this.tok = SimTokenizer.get();
        this.providerSeed = providerSeed;
        this.mistakeRate = mistakeRate;
    }

    public Result generate(GenRequest r, Flavour flavour) {
        boolean eosVisible = flavour != Flavour.OPENAI;
        boolean greedy = r.temperature == 0;
        double mistakes = greedy ? 0 : mistakeRate;
        if (r.api == GenRequest.Api.CHAT) {
            ChatTemplate.Rendered prompt = ChatTemplate.render(r, tok);
            long base = baseSeed(r, Rng.hash(prompt.ids()));
            GenRequest.ToolDef tool = ToolCalls.choose(r);
            String question = ToolCalls.lastUserText(r.messages);
            GenRequest.ChatMessage last = r.messages.get(r.messages.size() - 1);
            List<Choice> choices = new ArrayList<>(r.n);
            for (int i = 0; i < r.n; i++) {
                Choice c = new Choice();
                c.index = i;
                c.seed = greedy ? Rng.mix(base, 0) : Rng.mix(base, i + 1L);
                c.eosId = SimTokenizer.IM_END;
                String text;
                if (tool != null) {
                    c.toolName = tool.name();
                    c.toolArgsCompact = ToolCalls.arguments(tool, question, false);
                    c.toolArgsSpaced = ToolCalls.arguments(tool, question, true);
                    c.toolForced = !"auto".equals(r.toolChoice);
                    text = ToolCalls.markup(tool.name(), c.toolArgsSpaced);
                } else if ("tool".equals(last.role())) {
                    text = ReplyWriter.toolResultReply(calledToolName(r), last.text(), c.seed);
                } else {
                    text = ReplyWriter.chatReply(question, c.seed, mistakes);
                }
                finish(c, text, r, eosVisible);
                choices.add(c);
            }
            return new Result(choices, prompt.ids(), prompt.fragments(), prompt.ids().length, base);
        }
        long h = 17;
        int promptTokens = 0;
        for (int[] p : r.promptIds) {
            h = Rng.mix(h, Rng.hash(p));
            promptTokens += p.length;
        }
        long base = baseSeed(r, h);
        List<Choice> choices = new ArrayList<>(r.promptIds.size() * r.n);
        for (int p = 0; p < r.promptIds.size(); p++) {
            for (int i = 0; i < r.n; i++) {
                Choice c = new Choice();
                c.index = p * r.n + i;
                c.promptIndex = p;
                c.promptIds = r.promptIds.get(p);
                c.promptText = r.promptTexts.get(p);
                c.seed = greedy ? Rng.mix(base, p, 0) : Rng.mix(base, p, i + 1L);
                c.eosId = SimTokenizer.ENDOFTEXT;
                finish(c, ReplyWriter.continuation(c.promptText, c.seed, mistakes), r, eosVisible);
                choices.add(c);
            }
        }
        return new Result(choices, null, null, promptTokens, base);
    }

    private long baseSeed(GenRequest r, long promptHash) {
        long s = Rng.mix(providerSeed, r.model.hashCode(), promptHash);
        return r.hasSeed ? Rng.mix(s, r.seed) : s;
    }

    private static String calledToolName(GenRequest r) {
        for (int i = r.messages.size() - 1; i >= 0; i--) {
            GenRequest.ChatMessage m = r.messages.get(i);
            if (m.name() != null && "tool".equals(m.role())) {
                return m.name();
            }
            if (!m.toolCallMarkup().isEmpty()) {
                String markup = m.toolCallMarkup().get(0);
                int at = markup.indexOf("\"name\": \"") + 9;
                int end = markup.indexOf('"', at);
                if (at >= 9 && end > at) {
                    return markup.substring(at, end);
                }
            }
        }
        return "tool";
    }

    /** Tokenizes the reply and applies stop strings, max_tokens, EOS and the sampled logprobs. */
    private void finish(Choice c, String text, GenRequest r, boolean eosVisible) {
        String stopHit = null;
        if (!c.isToolCall()) {
            int cut = -1;
            for (String s : r.stop) {
                int at = text.indexOf(s);
                if (at >= 0 && (cut < 0 || at < cut)) {
                    cut = at;
                    stopHit = s;
                }
            }
            if (cut >= 0) {
                text = text.substring(0, cut);
            }
        }
        int[] visible = tok.encode(text);
        int limit = r.maxTokens < 0 ? Integer.MAX_VALUE : r.maxTokens;
        int[] ids;
        if (visible.length > limit || (eosVisible && stopHit == null && visible.length == limit)) {
            ids = java.util.Arrays.copyOf(visible, Math.min(limit, visible.length));
            c.finishReason = "length";
            c.eos = false;
        } else if (stopHit != null) {
            ids = visible;
            c.finishReason = "stop";
            c.stopString = stopHit;
        } else if (eosVisible) {
            ids = java.util.Arrays.copyOf(visible, visible.length + 1);
            ids[visible.length] = c.eosId;
            c.eos = true;
            c.finishReason = c.isToolCall() ? "tool_calls" : "stop";
        } else {
            ids = visible;
            c.finishReason = c.isToolCall() ? "tool_calls" : "stop";
        }
        c.ids = ids;
        c.emitted = TokenText.emit(tok, ids, ids.length);
        c.offsets = new int[ids.length];
        StringBuilder content = new StringBuilder(text.length());
        int cp = 0;
        for (int t = 0; t < ids.length; t++) {
            c.offsets[t] = cp;
            content.append(c.emitted[t]);
            cp += TokenText.codePoints(c.emitted[t]);
        }
        c.rawText = content.toString();
        if (c.isToolCall() && "length".equals(c.finishReason)) {
            // a call cut by max_tokens cannot be parsed: it comes back as plain text, like the real servers do
            c.toolName = null;
        }
        c.content = c.isToolCall() ? null : c.rawText;
        c.lpMicros = new long[ids.length];
        for (int t = 0; t < ids.length; t++) {
            c.lpMicros[t] = sampledLogprob(c.seed, t, SimTokenizer.isSpecial(ids[t]));
        }
    }

    /** Mostly confident tokens, some hesitation, a few surprises; never above -0.0001. */
    static long sampledLogprob(long seed, int t, boolean special) {
        long h = Rng.mix(seed, t, 0x1bL);
        double u = (h >>> 11) * 0x1.0p-53;
        double v = ((Rng.mix(h) >>> 11) * 0x1.0p-53);
        double lp;
        if (special || u < 0.6) {
            lp = 0.0001 + v * 0.05;
        } else if (u < 0.9) {
            lp = 0.05 + v * 0.95;
        } else {
            lp = 1 + v * 3;
        }
        return -Math.round(lp * 1e6);
    }
}
