package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.Message;
import io.evalprotocol.core.internal.wire.CompactJson;
import jakarta.json.JsonValue;

/** How the engine writes messages: the data model's own eval-protocol JSON. */
interface MessageCodec {
    /**
     * Appends {@code m} as a chat-completion request message: no {@code logprobs}, {@code token_ids},
     * {@code weight}, {@code control_plane_step} or {@code reasoning_content}.
     */
    void writeRequestMessage(CompactJson out, Message m);

    /** {@code m} as eval-protocol writes it, as an exact-text JSON value. */
    JsonValue toJson(Message m);
}
