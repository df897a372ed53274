package io.evalprotocol.provider.vllm.internal;

import io.evalprotocol.provider.vllm.VllmExtractors;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.ShapeProbes;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** How the vLLM extractors recognise vLLM responses and read what their ids mean. Pure, never throws. */
final class VllmShapes {
    static final String TOKEN_ID_PREFIX = "token_id:";

    private VllmShapes() {}

    /** Whether a hint is present and names another provider: the user said so, we decline. */
    static boolean hintIsForeign(ProviderShape shape) {
        return shape.providerHint().isPresent() && !shape.hintIs(VllmExtractors.PROVIDER);
    }

    /**
     * Keys only vLLM's OpenAI server writes: a non-streamed body is a full {@code model_dump()}, so
     * {@code kv_transfer_params} and {@code prompt_logprobs} are always present (often null), and every
     * choice carries {@code stop_reason}. Stream chunks drop unset fields, so their first chunk rarely
     * shows any of these; that is why the generic {@code openai.choice-token-ids} exists.
     */
    static boolean hasVllmMarker(JsonObject response) {
        if (response.containsKey("kv_transfer_params") || response.containsKey("prompt_logprobs")) {
            return true;
        }
        JsonArray choices = ShapeProbes.choices(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                if (c instanceof JsonObject && ((JsonObject) c).containsKey("stop_reason")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the response carries {@code return_token_ids} output (completion or prompt ids). */
    static boolean hasIdFields(JsonObject response) {
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

    /**
     * What the logprob tokens say: {@code TRUE} when the first token seen is a {@code "token_id:N"}
     * placeholder, {@code FALSE} when it is plain text, null when no choice carries logprob tokens yet.
     */
    static Boolean tokensAreIds(JsonObject response) {
        JsonArray choices = ShapeProbes.choices(response);
        if (choices == null) {
            return null;
        }
        for (JsonValue c : choices) {
            JsonObject logprobs = ShapeProbes.object(c instanceof JsonObject ? (JsonObject) c : null, "logprobs");
            if (logprobs == null) {
                continue;
            }
            String first = null;
            JsonArray content = ShapeProbes.array(logprobs, "content");
            if (content != null && !content.isEmpty() && content.get(0) instanceof JsonObject) {
                first = ShapeProbes.string((JsonObject) content.get(0), "token");
            } else {
                JsonArray tokens = ShapeProbes.array(logprobs, "tokens");
                if (tokens != null && !tokens.isEmpty() && tokens.get(0) instanceof JsonString) {
                    first = ((JsonString) tokens.get(0)).getString();
                }
            }
            if (first != null) {
                return first.startsWith(TOKEN_ID_PREFIX);
            }
        }
        return null;
    }

    /**
     * Whether the ids end with the EOS or stop token. vLLM keeps both in {@code token_ids}; a {@code null}
     * {@code stop_reason} means EOS, an integer a stop token id, a string a stop string (text was cut, no
     * special token), and {@code length} means the budget ran out.
     */
    static EosStatus eos(String finishReason, JsonValue stopReason, int idCount) {
        if (finishReason == null) {
            return EosStatus.UNKNOWN;
        }
        if (idCount == 0 || "length".equals(finishReason)) {
            return EosStatus.ABSENT;
        }
        if ("stop".equals(finishReason) || "tool_calls".equals(finishReason)) {
            if (stopReason == null || stopReason.getValueType() == JsonValue.ValueType.NULL
                    || stopReason instanceof JsonNumber) {
                return EosStatus.PRESENT;
            }
            return EosStatus.ABSENT;
        }
        return EosStatus.UNKNOWN;
    }

    /** Parses {@code "token_id:N"}; returns -1 when the string is not such a placeholder. */
    static int parsePlaceholder(String token) {
        if (token == null || !token.startsWith(TOKEN_ID_PREFIX) || token.length() == TOKEN_ID_PREFIX.length()
                || token.length() > TOKEN_ID_PREFIX.length() + 10) {
            return -1;
        }
        long v = 0;
        for (int i = TOKEN_ID_PREFIX.length(); i < token.length(); i++) {
            char ch = token.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
