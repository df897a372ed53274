package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.ContentPart;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.ToolCall;
import io.evalprotocol.api.TokenIds;
import io.evalprotocol.core.internal.wire.CompactJson;
import jakarta.json.JsonValue;
import java.util.List;

/** INTERIM: replaced by the data model's ModelWriter once it is on main. */
final class InterimMessageCodec implements MessageCodec {
    @Override
    public void writeRequestMessage(CompactJson out, Message m) {
        write(out, m, true);
    }

    @Override
    public JsonValue toJson(Message m) {
        CompactJson out = new CompactJson();
        write(out, m, false);
        return out.toRawValue();
    }

    private static void write(CompactJson out, Message m, boolean request) {
        out.startObject().key("role").string(m.role().value());
        out.comma().key("content");
        if (m.content().isPresent()) {
            out.string(m.content().get());
        } else if (m.contentParts().isPresent()) {
            out.startArray();
            List<ContentPart> parts = m.contentParts().get();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.comma();
                }
                out.raw(parts.get(i).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            out.endArray();
        } else {
            out.nullValue();
        }
        if (!request && m.reasoningContent().isPresent()) {
            out.comma().key("reasoning_content").string(m.reasoningContent().get());
        }
        m.name().ifPresent(n -> out.comma().key("name").string(n));
        m.toolCallId().ifPresent(n -> out.comma().key("tool_call_id").string(n));
        if (m.toolCalls().isPresent()) {
            out.comma().key("tool_calls").startArray();
            List<ToolCall> calls = m.toolCalls().get();
            for (int i = 0; i < calls.size(); i++) {
                ToolCall c = calls.get(i);
                if (i > 0) {
                    out.comma();
                }
                out.startObject().key("id").string(c.id()).comma().key("function").startObject()
                        .key("arguments").string(c.function().arguments()).comma()
                        .key("name").string(c.function().name()).endObject()
                        .comma().key("type").string(c.type()).endObject();
            }
            out.endArray();
        }
        if (!request) {
            m.logprobs().ifPresent(l -> out.comma().key("logprobs").value(l));
            if (m.tokenIds().isPresent()) {
                TokenIds ids = m.tokenIds().get();
                out.comma().key("token_ids").startArray();
                for (int i = 0; i < ids.size(); i++) {
                    if (i > 0) {
                        out.comma();
                    }
                    out.number(ids.get(i));
                }
                out.endArray();
            }
        }
        out.endObject();
    }
}
