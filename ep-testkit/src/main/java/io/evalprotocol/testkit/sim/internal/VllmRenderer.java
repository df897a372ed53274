package io.evalprotocol.testkit.sim.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * vLLM (v0.10.2–0.11) shapes. Non-streaming bodies are a full pydantic dump (every field present, unused ones
 * null); stream chunks are dumped with {@code exclude_unset}. {@code token_ids} and {@code logprobs.content}
 * cover every generated token, the EOS id included; logprob {@code token}/{@code bytes} come from the decoded
 * text ({@code "\ufffd"} for a partial character), or are {@code "token_id:N"} placeholders when
 * {@code return_tokens_as_token_ids} is set.
 */
final class VllmRenderer extends Renderer {

    VllmRenderer(long providerSeed) {
        super(providerSeed);
    }

    private String chatId(Generator.Result g) {
        return "chatcmpl-" + rng(g, 1).hex(32);
    }

    private String cmplId(Generator.Result g) {
        return "cmpl-" + rng(g, 1).hex(32);
    }

    private String callId(Generator.Result g, int choice) {
        return "chatcmpl-tool-" + rng(g, 100 + choice).hex(32);
    }

    /** The token string vLLM shows: placeholder, special token spelling, or the decoded (replaced) text. */
    private String token(GenRequest r, int id) {
        if (r.tokensAsIds) {
            return placeholder(id);
        }
        return tok.replacedText(id);
    }

    private void entry(JsonOut o, GenRequest r, Choice c, int t) {
        int id = c.ids[t];
        String decoded = tok.replacedText(id);
        o.obj().name("token").str(token(r, id)).name("logprob").micros(c.lpMicros[t])
                .name("bytes").byteValues(decoded.getBytes(StandardCharsets.UTF_8)).name("top_logprobs").arr();
        if (r.topLogprobs > 0) {
            Choice.Alternatives alt = c.top(t, r.topLogprobs);
            for (int k = 0; k < alt.ids().length; k++) {
                String at = token(r, alt.ids()[k]);
                // vLLM quirk: in top_logprobs the bytes are those of the shown string, placeholder included
                o.obj().name("token").str(at).name("logprob").micros(alt.lpMicros()[k])
                        .name("bytes").byteValues(at.getBytes(StandardCharsets.UTF_8)).end();
            }
        }
        o.endArr().end();
    }

    private void message(JsonOut o, Generator.Result g, Choice c) {
        o.obj().name("role").str("assistant").name("content");
        if (c.isToolCall()) {
            o.str(c.toolForced ? "" : null);
        } else {
            o.str(c.content);
        }
        o.name("refusal").nul().name("annotations").nul().name("audio").nul().name("function_call").nul()
                .name("tool_calls").arr();
        if (c.isToolCall()) {
            toolCall(o, g, c, false);
        }
        o.endArr().name("reasoning_content").nul().end();
    }

    private void toolCall(JsonOut o, Generator.Result g, Choice c, boolean delta) {
        o.obj();
        if (delta) {
            o.name("index").num(0);
        }
        o.name("id").str(callId(g, c.index)).name("type").str("function")
                .name("function").obj().name("name").str(c.toolName).name("arguments").str(c.toolArgsSpaced).end()
                .end();
    }

    @Override
    public byte[] chat(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str(chatId(g)).name("object").str("chat.completion").name("created").num(created(g))
                .name("model").str(r.model).name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("index").num(c.index).name("message");
            message(o, g, c);
            o.name("logprobs");
            if (r.logprobs) {
                o.obj().name("content").arr();
                for (int t = 0; t < c.count(); t++) {
                    entry(o, r, c, t);
                }
                o.endArr().end();
            } else {
                o.nul();
            }
            o.name("finish_reason").str(c.finishReason).name("stop_reason").str(c.stopString).name("token_ids");
            if (r.returnTokenIds) {
                o.ints(c.ids);
            } else {
                o.nul();
            }
            o.end();
        }
        o.endArr().name("service_tier").nul().name("system_fingerprint").nul().name("usage");
        usage(o, g, true);
        o.name("prompt_logprobs").nul().name("prompt_token_ids");
        if (r.returnTokenIds) {
            o.ints(g.chatPromptIds);
        } else {
            o.nul();
        }
        o.name("kv_transfer_params").nul().end();
        return o.toByteArray();
    }

    private static void usage(JsonOut o, Generator.Result g, boolean withDetails) {
        o.obj().name("prompt_tokens").num(g.promptTokens).name("total_tokens").num(g.promptTokens + g.completionTokens)
                .name("completion_tokens").num(g.completionTokens);
        if (withDetails) {
            o.name("prompt_tokens_details").nul();
        }
        o.end();
    }

    @Override
    public byte[] completion(GenRequest r, Generator.Result g) {
        JsonOut o = new JsonOut(new ByteBuf(2048));
        o.obj().name("id").str(cmplId(g)).name("object").str("text_completion").name("created").num(created(g))
                .name("model").str(r.model).name("choices").arr();
        for (Choice c : g.choices) {
            o.obj().name("index").num(c.index).name("text").str(c.content).name("logprobs");
            if (r.legacyLogprobs >= 0) {
                legacy(o, r, c, 0, c.count(), 0);
            } else {
                o.nul();
            }
            o.name("finish_reason").str(c.finishReason).name("stop_reason").str(c.stopString).name("token_ids");
            if (r.returnTokenIds) {
                o.ints(c.ids);
            } else {
                o.nul();
            }
            o.name("prompt_logprobs").nul().name("prompt_token_ids");
            if (r.returnTokenIds) {
                o.ints(c.promptIds);
            } else {
                o.nul();
            }
            o.end();
        }
        o.endArr().name("service_tier").nul().name("system_fingerprint").nul().name("usage");
        usage(o, g, true);
        o.name("kv_transfer_params").nul().end();
        return o.toByteArray();
    }

    /** Offsets accumulate the lengths of the shown token strings (so placeholders make them meaningless). */
    private int legacy(JsonOut o, GenRequest r, Choice c, int from, int to, int offset) {
        o.obj().name("text_offset").arr();
        int off = offset;
        for (int t = from; t < to; t++) {
            o.num(off);
            off += TokenText.codePoints(token(r, c.ids[t]));
        }
        o.endArr().name("token_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.micros(c.lpMicros[t]);
        }
        o.endArr().name("tokens").arr();
        for (int t = from; t < to; t++) {
            o.str(token(r, c.ids[t]));
        }
        o.endArr().name("top_logprobs").arr();
        for (int t = from; t < to; t++) {
            o.obj();
            String sampled = token(r, c.ids[t]);
            o.key(sampled).micros(c.lpMicros[t]);
            if (r.legacyLogprobs > 0) {
                // the sampled token plus the N most likely others: N + 1 entries, fewer only if spellings collide
                Choice.Alternatives alt = c.top(t, r.legacyLogprobs + 1);
                List<String> seen = new ArrayList<>();
                seen.add(sampled);
                for (int k = 0; k < alt.ids().length && seen.size() <= r.legacyLogprobs; k++) {
                    String key = token(r, alt.ids()[k]);
                    if (!seen.contains(key)) {
                        seen.add(key);
                        o.key(key).micros(alt.lpMicros()[k]);
                    }
                }
            }
            o.end();
        }
        o.endArr().end();
        return off;
    }

    // ------------------------------------------------------------------ streaming

    @Override
    protected List<Ev> events(GenRequest r, Choice c, boolean chat) {
        List<Ev> evs = new ArrayList<>(c.count() + 1);
        if (chat) {
            evs.add(new Ev(c.index, FIRST, 0));
        }
        for (int t = 0; t < c.count(); t++) {
            evs.add(new Ev(c.index, TOKEN, t));
        }
        return evs;
    }

    @Override
    protected void chunk(JsonOut o, GenRequest r, Generator.Result g, Ev ev, boolean first, boolean last, boolean chat) {
        Choice c = g.choices.get(ev.choice());
        int t = ev.t();
        boolean lastOfChoice = ev.kind() == TOKEN && t == c.count() - 1;
        if (!chat) {
            o.obj().name("id").str(cmplId(g)).name("object").str("text_completion").name("created").num(created(g))
                    .name("model").str(r.model).name("choices").arr().obj()
                    .name("index").num(c.index).name("text").str(c.emitted[t]).name("logprobs");
            if (r.legacyLogprobs >= 0) {
                int offset = 0;
                for (int k = 0; k < t; k++) {
                    offset += TokenText.codePoints(token(r, c.ids[k]));
                }
                legacy(o, r, c, t, t + 1, offset);
            } else {
                o.nul();
            }
            o.name("finish_reason").str(lastOfChoice ? c.finishReason : null)
                    .name("stop_reason").str(lastOfChoice ? c.stopString : null);
            if (r.returnTokenIds) {
                o.name("token_ids").ints(c.ids, t, t + 1);
                if (t == 0) {
                    o.name("prompt_token_ids").ints(c.promptIds);
                }
            }
            o.end().endArr().end();
            return;
        }
        o.obj().name("id").str(chatId(g)).name("object").str("chat.completion.chunk").name("created").num(created(g))
                .name("model").str(r.model).name("choices").arr().obj().name("index").num(c.index);
        if (ev.kind() == FIRST) {
            o.name("delta").obj().name("role").str("assistant").name("content").str("").end()
                    .name("logprobs").nul().name("finish_reason").nul().end().endArr();
            if (first && r.returnTokenIds) {
                o.name("prompt_token_ids").ints(g.chatPromptIds);
            }
            o.end();
            return;
        }
        o.name("delta").obj();
        if (c.isToolCall()) {
            // the tool parser swallows the markup; the parsed call goes out with the last markup token
            if (t == c.visibleCount() - 1) {
                o.name("tool_calls").arr();
                toolCall(o, g, c, true);
                o.endArr();
            } else if (t == c.count() - 1) {
                o.name("content").str("");
            }
        } else {
            o.name("content").str(c.emitted[t]);
        }
        o.end().name("logprobs");
        if (r.logprobs) {
            o.obj().name("content").arr();
            entry(o, r, c, t);
            o.endArr().end();
        } else {
            o.nul();
        }
        o.name("finish_reason").str(lastOfChoice ? c.finishReason : null);
        if (lastOfChoice) {
            o.name("stop_reason").str(c.stopString);
        }
        if (r.returnTokenIds) {
            o.name("token_ids").ints(c.ids, t, t + 1);
        }
        o.end().endArr().end();
    }

    @Override
    protected void usageChunk(ByteBuf buf, GenRequest r, Generator.Result g, boolean chat) {
        if (!r.includeUsage) {
            return;
        }
        beginEvent(buf);
        JsonOut o = new JsonOut(buf);
        o.obj().name("id").str(chat ? chatId(g) : cmplId(g)).name("object")
                .str(chat ? "chat.completion.chunk" : "text_completion").name("created").num(created(g))
                .name("model").str(r.model).name("choices").arr().endArr().name("usage");
        usage(o, g, false);
        o.end();
        endEvent(buf);
    }
}
