package io.evalprotocol.testkit.sim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated chat template (ChatML with o200k ids), documented so that prompt token ids can be checked:
 *
 * <pre>
 * [&lt;|im_start|&gt;tools&lt;|im_sep|&gt;{tools JSON}&lt;|im_end|&gt;]        only when the request has tools
 * &lt;|im_start|&gt;{role}&lt;|im_sep|&gt;{text}&lt;|im_end|&gt;                  per message
 * &lt;|im_start|&gt;assistant&lt;|im_sep|&gt;                                 generation prompt
 * </pre>
 *
 * {@code {text}} is the message content (text parts concatenated, an image part as {@code [image]}); an assistant
 * message's tool calls follow its content as {@code \n<tool_call>...</tool_call>} markup. Each text piece is
 * tokenized on its own with o200k_base (ordinary text); the markers are single special ids.
 */
public final class ChatTemplate {
    /** Prompt ids plus the raw_output {@code prompt_fragments} (special ids and text runs). */
    public record Rendered(int[] ids, List<Object> fragments) {
    }

    private ChatTemplate() {
    }

    public static Rendered render(GenRequest r, SimTokenizer tok) {
        IntBuf ids = new IntBuf(256);
        List<Object> fragments = new ArrayList<>();
        if (r.toolsJson != null) {
            segment("tools", r.toolsJson, ids, fragments, tok);
        }
        for (GenRequest.ChatMessage m : r.messages) {
            String text = m.text();
            if (!m.toolCallMarkup().isEmpty()) {
                StringBuilder sb = new StringBuilder(text);
                for (String call : m.toolCallMarkup()) {
                    sb.append('\n').append(call);
                }
                text = sb.toString();
            }
            segment(m.role(), text, ids, fragments, tok);
        }
        ids.add(SimTokenizer.IM_START);
        fragments.add(SimTokenizer.IM_START);
        ids.addAll(tok.encode("assistant"));
        fragments.add("assistant");
        ids.add(SimTokenizer.IM_SEP);
        fragments.add(SimTokenizer.IM_SEP);
        return new Rendered(ids.toArray(), fragments);
    }

    private static void segment(String role, String text, IntBuf ids, List<Object> fragments, SimTokenizer tok) {
        ids.add(SimTokenizer.IM_START);
        fragments.add(SimTokenizer.IM_START);
        ids.addAll(tok.encode(role));
        fragments.add(role);
        ids.add(SimTokenizer.IM_SEP);
        fragments.add(SimTokenizer.IM_SEP);
        if (!text.isEmpty()) {
            ids.addAll(tok.encode(text));
            fragments.add(text);
        }
        ids.add(SimTokenizer.IM_END);
        fragments.add(SimTokenizer.IM_END);
    }
}
