package io.evalprotocol.testkit.sim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI shapes: no token ids anywhere; logprob entries are {@code token, logprob, bytes, top_logprobs} with
 * partial-character tokens spelled {@code \xf0\x9f\x92}; the EOS token is never shown nor counted; stream chunks
 * carry {@code obfuscation} padding and, with {@code include_usage}, {@code "usage":null} until a final
 * usage-only chunk.
 */
final class OpenAiRenderer extends Renderer {

    private final String fingerprint;

    OpenAiRenderer(long providerSeed) {
        super(providerSeed);
        this.fingerprint = systemFingerprint();
    }

    private String chatId(Generator.Result g) {
        return "chatcmpl-" + rng(g, 1).base62(29);
    }

    private String callId(Generator.Result g, int choice) {
        return "call_" + rng(g, 100 + choice).base62(24);
    }

    @Override
    public byte[] chat(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str(chatId(g)).name("object").str("chat.completion").name("created").num(created(g))
                .name("model").str(r.model);
        o.name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("index").num(c.index);
            o.name("message").obj().name("role").str("assistant").name("content").str(c.content)
                    .name("refusal").nul().name("annotations").arr().endArr();
            if (c.isToolCall()) {
                o.name("tool_calls").arr().obj().name("id").str(callId(g, c.index)).name("type").str("function")
                        .name("function").obj().name("name").str(c.toolName).name("arguments").str(c.toolArgsCompact)
                        .end().end().endArr();
            }
            o.end();
            o.name("logprobs");
            if (!r.logprobs) {
                o.nul();
            } else {
                o.obj().name("content");
                if (c.isToolCall()) {
                    o.nul();
                } else {
                    o.arr();
                    for (int t = 0; t < c.visibleCount(); t++) {
                        entry(o, r, c, t);
                    }
                    o.endArr();
                }
                o.name("refusal").nul().end();
            }
            o.name("finish_reason").str(c.finishReason).end();
        }
        o.endArr();
        o.name("usage");
        usage(o, g);
        o.name("service_tier").str("default").name("system_fingerprint").str(fingerprint).end();
        return o.toByteArray();
    }

    private void usage(JsonOut o, Generator.Result g) {
        o.obj().name("prompt_tokens").num(g.promptTokens).name("completion_tokens").num(g.completionTokens)
                .name("total_tokens").num(g.promptTokens + g.completionTokens)
                .name("prompt_tokens_details").obj().name("cached_tokens").num(0).name("audio_tokens").num(0).end()
                .name("completion_tokens_details").obj().name("reasoning_tokens").num(0).name("audio_tokens").num(0)
                .name("accepted_prediction_tokens").num(0).name("rejected_prediction_tokens").num(0).end()
                .end();
    }

    private void entry(JsonOut o, GenRequest r, Choice c, int t) {
        byte[] b = bytesOf(c.ids[t]);
        o.obj().name("token").str(tok.escapedText(c.ids[t])).name("logprob").micros(c.lpMicros[t])
                .name("bytes").byteValues(b).name("top_logprobs").arr();
        if (r.topLogprobs > 0) {
            Choice.Alternatives alt = c.top(t, r.topLogprobs);
            for (int k = 0; k < alt.ids().length; k++) {
                byte[] ab = bytesOf(alt.ids()[k]);
                o.obj().name("token").str(tok.escapedText(alt.ids()[k])).name("logprob").micros(alt.lpMicros()[k])
                        .name("bytes").byteValues(ab).end();
            }
        }
        o.endArr().end();
    }

    @Override
    public byte[] completion(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str("cmpl-" + rng(g, 1).base62(29)).name("object").str("text_completion")
                .name("created").num(created(g)).name("model").str(r.model);
        o.name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("text").str(c.content).name("index").num(c.index).name("logprobs");
            if (r.legacyLogprobs < 0) {
                o.nul();
            } else {
                legacy(o, r, c, 0, c.visibleCount());
            }
            o.name("finish_reason").str(c.finishReason).end();
        }
        o.endArr();
        o.name("usage").obj().name("prompt_tokens").num(g.promptTokens).name("completion_tokens").num(g.completionTokens)
                .name("total_tokens").num(g.promptTokens + g.completionTokens).end();
        o.end();
        return o.toByteArray();
    }

    /** Legacy logprobs; text offsets count code points from the start of the prompt, as OpenAI's do. */
    private void legacy(JsonOut o, GenRequest r, Choice c, int from, int to) {
        int base = TokenText.codePoints(c.promptText);
        o.obj().name("tokens").arr();
        for (int t = from; t < to; t++) {
            o.str(TokenText.legacyBytesToken(bytesOf(c.ids[t])));
        }
        o.endArr().name("token_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.micros(c.lpMicros[t]);
        }
        o.endArr().name("top_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.obj();
            String sampled = TokenText.legacyBytesToken(bytesOf(c.ids[t]));
            o.key(sampled).micros(c.lpMicros[t]);
            if (r.legacyLogprobs > 0) {
                // the sampled token plus the N most likely others: N + 1 entries, fewer only if spellings collide
                Choice.Alternatives alt = c.top(t, r.legacyLogprobs + 1);
                List<String> seen = new ArrayList<>();
                seen.add(sampled);
                for (int k = 0; k < alt.ids().length && seen.size() <= r.legacyLogprobs; k++) {
                    String key = TokenText.legacyBytesToken(bytesOf(alt.ids()[k]));
                    if (!seen.contains(key)) {
                        seen.add(key);
                        o.key(key).micros(alt.lpMicros()[k]);
                    }
                }
            }
            o.end();
        }
        o.endArr().name("text_offset").arr();
        for (int t = from; t < to; t++) {
            o.num(base + c.offsets[t]);
        }
        o.endArr().end();
    }

    // ------------------------------------------------------------------ streaming

    @Override
    protected List<Ev> events(GenRequest r, Choice c, boolean chat) {
        List<Ev> evs = new ArrayList<>();
        if (chat) {
            evs.add(new Ev(c.index, FIRST, 0));
        }
        if (c.isToolCall()) {
            int pieces = tok.encode(c.toolArgsCompact).length;
            for (int p = 0; p < pieces; p++) {
                evs.add(new Ev(c.index, ARGS, p));
            }
        } else {
            for (int t = 0; t < c.visibleCount(); t++) {
                evs.add(new Ev(c.index, TOKEN, t));
            }
        }
        evs.add(new Ev(c.index, FINISH, 0));
        return evs;
    }

    @Override
    protected void chunk(JsonOut o, GenRequest r, Generator.Result g, Ev ev, boolean first, boolean last, boolean chat) {
        Choice c = g.choices.get(ev.choice());
        if (!chat) {
            o.obj().name("id").str("cmpl-" + rng(g, 1).base62(29)).name("object").str("text_completion")
                    .name("created").num(created(g)).name("choices").arr().obj();
            if (ev.kind() == TOKEN) {
                o.name("text").str(c.emitted[ev.t()]).name("index").num(c.index).name("logprobs");
                if (r.legacyLogprobs < 0) {
                    o.nul();
                } else {
                    legacy(o, r, c, ev.t(), ev.t() + 1);
                }
                o.name("finish_reason").nul();
            } else {
                o.name("text").str("").name("index").num(c.index).name("logprobs").nul()
                        .name("finish_reason").str(c.finishReason);
            }
            o.end().endArr().name("model").str(r.model);
            if (r.includeUsage) {
                o.name("usage").nul();
            }
            o.end();
            return;
        }
        o.obj().name("id").str(chatId(g)).name("object").str("chat.completion.chunk").name("created").num(created(g))
                .name("model").str(r.model).name("service_tier").str("default")
                .name("system_fingerprint").str(fingerprint);
        o.name("choices").arr().obj().name("index").num(c.index);
        switch (ev.kind()) {
            case FIRST:
                o.name("delta").obj().name("role").str("assistant");
                if (c.isToolCall()) {
                    o.name("content").nul().name("tool_calls").arr().obj().name("index").num(0)
                            .name("id").str(callId(g, c.index)).name("type").str("function")
                            .name("function").obj().name("name").str(c.toolName).name("arguments").str("").end()
                            .end().endArr();
                } else {
                    o.name("content").str("");
                }
                o.name("refusal").nul().end().name("logprobs").nul().name("finish_reason").nul();
                break;
            case ARGS: {
                int[] argIds = tok.encode(c.toolArgsCompact);
                String piece = TokenText.emit(tok, argIds, argIds.length)[ev.t()];
                o.name("delta").obj().name("tool_calls").arr().obj().name("index").num(0)
                        .name("function").obj().name("arguments").str(piece).end().end().endArr().end()
                        .name("logprobs").nul().name("finish_reason").nul();
                break;
            }
            case TOKEN:
                o.name("delta").obj().name("content").str(c.emitted[ev.t()]).end().name("logprobs");
                if (r.logprobs) {
                    o.obj().name("content").arr();
                    entry(o, r, c, ev.t());
                    o.endArr().name("refusal").nul().end();
                } else {
                    o.nul();
                }
                o.name("finish_reason").nul();
                break;
            default:
                o.name("delta").obj().end().name("logprobs").nul().name("finish_reason").str(c.finishReason);
        }
        o.end().endArr();
        if (r.includeUsage) {
            o.name("usage").nul();
        }
        o.name("obfuscation").str(obfuscation(g, ev));
        o.end();
    }

    private static String obfuscation(Generator.Result g, Ev ev) {
        Rng rng = new Rng(Rng.mix(g.seed, ev.choice() * 1_000_003L + ev.kind() * 65_537L + ev.t()));
        return rng.base62(1 + rng.nextInt(16));
    }

    @Override
    protected void usageChunk(ByteBuf buf, GenRequest r, Generator.Result g, boolean chat) {
        if (!r.includeUsage) {
            return;
        }
        beginEvent(buf);
        JsonOut o = new JsonOut(buf);
        if (chat) {
            o.obj().name("id").str(chatId(g)).name("object").str("chat.completion.chunk").name("created")
                    .num(created(g)).name("model").str(r.model).name("service_tier").str("default")
                    .name("system_fingerprint").str(fingerprint).name("choices").arr().endArr()
                    .name("usage");
            usage(o, g);
            o.name("obfuscation").str(obfuscation(g, new Ev(-1, -1, -1))).end();
        } else {
            o.obj().name("id").str("cmpl-" + rng(g, 1).base62(29)).name("object").str("text_completion")
                    .name("created").num(created(g)).name("choices").arr().endArr().name("model").str(r.model)
                    .name("usage").obj().name("prompt_tokens").num(g.promptTokens)
                    .name("completion_tokens").num(g.completionTokens)
                    .name("total_tokens").num(g.promptTokens + g.completionTokens).end().end();
        }
        endEvent(buf);
    }
}
