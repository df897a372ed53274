package io.evalprotocol.testkit.sim.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fireworks shapes: absent fields are omitted rather than null; logprob entries carry {@code token_id},
 * {@code sampling_logprob} and a code-point {@code text_offset}; a partial-character token shows
 * {@code token: ""} and the next one the completed text; the EOS entry has {@code token: ""} and the EOS
 * spelling as {@code bytes}; {@code raw_output} on request; usage on the final stream chunk.
 */
final class FireworksRenderer extends Renderer {

    FireworksRenderer(long providerSeed) {
        super(providerSeed);
    }

    private String id(Generator.Result g) {
        return uuid(rng(g, 1));
    }

    private String callId(Generator.Result g, int choice) {
        return "call_" + rng(g, 100 + choice).base62(24);
    }

    /** Under top-p/temperature processing confident tokens become certain, the rest sharpen (float precision). */
    private static double samplingLogprob(long micros) {
        double lp = micros / 1e6;
        if (lp > -0.1) {
            return 0.0;
        }
        return (double) (float) (lp * 0.78);
    }

    private void entry(JsonOut o, GenRequest r, Choice c, int t) {
        int id = c.ids[t];
        o.obj().name("token").str(c.emitted[t]).name("logprob").micros(c.lpMicros[t])
                .name("sampling_logprob").dbl(samplingLogprob(c.lpMicros[t]))
                .name("bytes").byteValues(bytesOf(id)).name("token_id").num(id).name("text_offset").num(c.offsets[t])
                .name("top_logprobs").arr();
        if (r.topLogprobs > 0) {
            Choice.Alternatives alt = c.top(t, r.topLogprobs);
            for (int k = 0; k < alt.ids().length; k++) {
                int aid = alt.ids()[k];
                o.obj().name("token").str(aid == id ? c.emitted[t] : ownText(aid)).name("logprob")
                        .micros(alt.lpMicros()[k]).name("token_id").num(aid).name("bytes").byteValues(bytesOf(aid))
                        .end();
            }
        }
        o.endArr().end();
    }

    private void contentLogprobs(JsonOut o, GenRequest r, Choice c, int from, int to) {
        o.obj().name("content").arr();
        for (int t = from; t < to; t++) {
            entry(o, r, c, t);
        }
        o.endArr().end();
    }

    private void usage(JsonOut o, Generator.Result g) {
        o.obj().name("prompt_tokens").num(g.promptTokens).name("total_tokens").num(g.promptTokens + g.completionTokens)
                .name("completion_tokens").num(g.completionTokens)
                .name("prompt_tokens_details").obj().name("cached_tokens").num(0).end().end();
    }

    private void perfMetrics(JsonOut o, Generator.Result g) {
        Rng rng = rng(g, 77);
        double ttft = 0.04 + rng.nextInt(80) / 1000.0;
        double total = ttft + g.completionTokens * (0.004 + rng.nextInt(4) / 1000.0);
        o.obj().name("prompt-tokens").num(g.promptTokens).name("cached-prompt-tokens").num(0)
                .name("server-time-to-first-token").dbl(Math.round(ttft * 1000) / 1000.0)
                .name("server-processing-time").dbl(Math.round(total * 1000) / 1000.0).end();
    }

    private void toolCalls(JsonOut o, Generator.Result g, Choice c, boolean delta) {
        o.arr().obj();
        if (delta) {
            o.name("index").num(0);
        }
        o.name("id").str(callId(g, c.index)).name("type").str("function").name("function").obj()
                .name("name").str(c.toolName).name("arguments").str(c.toolArgsSpaced).end().end().endArr();
    }

    @Override
    public byte[] chat(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str(id(g)).name("object").str("chat.completion").name("created").num(created(g))
                .name("model").str(r.model);
        if (r.returnTokenIds) {
            o.name("prompt_token_ids").ints(g.chatPromptIds);
        }
        o.name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("index").num(c.index).name("message").obj().name("role").str("assistant")
                    .name("content").str(c.content);
            if (c.isToolCall()) {
                o.name("tool_calls");
                toolCalls(o, g, c, false);
            }
            o.end().name("finish_reason").str(c.finishReason);
            if (r.logprobs) {
                o.name("logprobs");
                contentLogprobs(o, r, c, 0, c.count());
            }
            if (r.rawOutput) {
                o.name("raw_output").obj().name("prompt_fragments").arr();
                for (Object f : g.promptFragments) {
                    if (f instanceof Integer) {
                        o.num((Integer) f);
                    } else {
                        o.str((String) f);
                    }
                }
                o.endArr().name("prompt_token_ids").ints(g.chatPromptIds).name("completion").str(c.rawText)
                        .name("completion_token_ids").ints(c.ids);
                if (r.logprobs) {
                    o.name("completion_logprobs");
                    contentLogprobs(o, r, c, 0, c.count());
                }
                o.end();
            }
            if (r.returnTokenIds) {
                o.name("token_ids").ints(c.ids);
            }
            o.end();
        }
        o.endArr().name("usage");
        usage(o, g);
        if (r.perfMetrics) {
            o.name("perf_metrics");
            perfMetrics(o, g);
        }
        o.end();
        return o.toByteArray();
    }

    @Override
    public byte[] completion(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str(id(g)).name("object").str("text_completion").name("created").num(created(g))
                .name("model").str(r.model).name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("index").num(c.index).name("text").str(c.content);
            if (r.logprobs) {
                o.name("logprobs");
                contentLogprobs(o, r, c, 0, c.count());
            } else if (r.legacyLogprobs >= 0) {
                o.name("logprobs");
                legacy(o, r, c, 0, c.count());
            }
            o.name("finish_reason").str(c.finishReason);
            if (r.rawOutput) {
                o.name("raw_output").obj().name("prompt_fragments").arr().str(c.promptText).endArr()
                        .name("prompt_token_ids").ints(c.promptIds).name("completion").str(c.rawText)
                        .name("completion_token_ids").ints(c.ids).end();
            }
            if (r.returnTokenIds) {
                o.name("prompt_token_ids").ints(c.promptIds).name("token_ids").ints(c.ids);
            }
            o.end();
        }
        o.endArr().name("usage");
        usage(o, g);
        if (r.perfMetrics) {
            o.name("perf_metrics");
            perfMetrics(o, g);
        }
        o.end();
        return o.toByteArray();
    }

    /** Legacy format: the N most likely candidates per position (the sampled one only if it ranks). */
    private void legacy(JsonOut o, GenRequest r, Choice c, int from, int to) {
        o.obj().name("tokens").arr();
        for (int t = from; t < to; t++) {
            o.str(c.emitted[t]);
        }
        o.endArr().name("token_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.micros(c.lpMicros[t]);
        }
        o.endArr().name("top_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.obj();
            if (r.legacyLogprobs > 0) {
                Choice.Alternatives alt = c.top(t, r.legacyLogprobs);
                Map<String, Long> dict = new LinkedHashMap<>();
                for (int k = 0; k < alt.ids().length; k++) {
                    int aid = alt.ids()[k];
                    dict.putIfAbsent(aid == c.ids[t] ? c.emitted[t] : ownText(aid), alt.lpMicros()[k]);
                }
                for (Map.Entry<String, Long> e : dict.entrySet()) {
                    o.key(e.getKey()).micros(e.getValue());
                }
            }
            o.end();
        }
        o.endArr().name("text_offset").arr();
        for (int t = from; t < to; t++) {
            o.num(c.offsets[t]);
        }
        o.endArr().name("token_ids").ints(c.ids, from, to).end();
    }

    // ------------------------------------------------------------------ streaming

    @Override
    protected List<Ev> events(GenRequest r, Choice c, boolean chat) {
        List<Ev> evs = new ArrayList<>(c.count() + 1);
        if (chat) {
            evs.add(new Ev(c.index, FIRST, 0));
        }
        for (int t = 0; t < c.count(); t++) {
            evs.add(new Ev(c.index, c.eos && t == c.count() - 1 ? FINISH : TOKEN, t));
        }
        return evs;
    }

    @Override
    protected void chunk(JsonOut o, GenRequest r, Generator.Result g, Ev ev, boolean first, boolean last, boolean chat) {
        Choice c = g.choices.get(ev.choice());
        int t = ev.t();
        boolean lastOfChoice = ev.kind() != FIRST && t == c.count() - 1;
        o.obj().name("id").str(id(g)).name("object").str(chat ? "chat.completion.chunk" : "text_completion")
                .name("created").num(created(g)).name("model").str(r.model).name("choices").arr().obj()
                .name("index").num(c.index);
        if (ev.kind() == FIRST) {
            o.name("delta").obj().name("role").str("assistant").end().name("finish_reason").nul().end().endArr();
            if (first && r.returnTokenIds) {
                o.name("prompt_token_ids").ints(g.chatPromptIds);
            }
            o.end();
            return;
        }
        if (chat) {
            o.name("delta").obj();
            if (c.isToolCall()) {
                if (t == c.visibleCount() - 1) {
                    o.name("tool_calls");
                    toolCalls(o, g, c, true);
                }
            } else if (ev.kind() == TOKEN) {
                o.name("content").str(c.emitted[t]);
            }
            o.end();
        } else {
            o.name("text").str(c.emitted[t]);
        }
        o.name("finish_reason").str(lastOfChoice ? c.finishReason : null);
        if (r.logprobs) {
            o.name("logprobs");
            contentLogprobs(o, r, c, t, t + 1);
        } else if (!chat && r.legacyLogprobs >= 0) {
            o.name("logprobs");
            legacy(o, r, c, t, t + 1);
        }
        if (r.returnTokenIds) {
            if (!chat && t == 0) {
                o.name("prompt_token_ids").ints(c.promptIds);
            }
            o.name("token_ids").ints(c.ids, t, t + 1);
        }
        o.end().endArr();
        if (last) {
            o.name("usage");
            usage(o, g);
            if (r.perfMetrics) {
                o.name("perf_metrics");
                perfMetrics(o, g);
            }
        }
        o.end();
    }

    @Override
    protected void usageChunk(ByteBuf buf, GenRequest r, Generator.Result g, boolean chat) {
        // usage rides on the final chunk
    }
}
