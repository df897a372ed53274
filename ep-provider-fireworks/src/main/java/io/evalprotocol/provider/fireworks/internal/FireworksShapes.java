package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.spi.ProviderShape;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Locale;

/** How the Fireworks extractors recognise Fireworks. Pure, never throws. */
final class FireworksShapes {
    private FireworksShapes() {}

    /** The hint names Fireworks ({@code fireworks}, or LiteLLM's {@code fireworks_ai}). */
    static boolean hinted(ProviderShape shape) {
        return shape.hintIs("fireworks") || shape.hintIs("fireworks_ai") || shape.hintIs("fireworks-ai");
    }

    /** A hint is present and names another provider: the user said so, we decline. */
    static boolean hintIsForeign(ProviderShape shape) {
        return shape.providerHint().isPresent() && !hinted(shape);
    }

    /** The endpoint is Fireworks' own API host; as good as the hint. */
    static boolean fireworksHost(ProviderShape shape) {
        URI uri = shape.baseUri().orElse(null);
        String host = uri == null ? null : uri.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("fireworks.ai") || host.endsWith(".fireworks.ai");
    }

    /**
     * Fields only Fireworks writes: {@code perf_metrics}, {@code raw_output}, {@code sampling_logprob} in
     * logprob entries, and model ids of the form {@code accounts/<account>/models/<name>}.
     */
    static boolean hasFireworksMarker(ProviderShape shape, JsonObject response) {
        if (shape.model().startsWith("accounts/") || response.containsKey("perf_metrics")) {
            return true;
        }
        JsonValue model = response.get("model");
        if (model instanceof JsonString && ((JsonString) model).getString().startsWith("accounts/")) {
            return true;
        }
        JsonArray choices = Wire.choicesOf(response);
        if (choices == null) {
            return false;
        }
        for (JsonValue c : choices) {
            JsonObject choice = c instanceof JsonObject ? (JsonObject) c : null;
            if (choice == null) {
                continue;
            }
            if (choice.get("raw_output") instanceof JsonObject) {
                return true;
            }
            JsonArray content = Wire.arrayOrNull(Wire.objectOrNull(choice, "logprobs"), "content");
            if (content != null && !content.isEmpty() && content.get(0) instanceof JsonObject
                    && ((JsonObject) content.get(0)).containsKey("sampling_logprob")) {
                return true;
            }
        }
        return false;
    }

    /** Whether any choice carries an id field this module reads (or the top level carries prompt ids). */
    static boolean hasIdFields(JsonObject response) {
        if (Wire.isArray(response, "prompt_token_ids")) {
            return true;
        }
        JsonArray choices = Wire.choicesOf(response);
        if (choices == null) {
            return false;
        }
        for (JsonValue c : choices) {
            JsonObject choice = c instanceof JsonObject ? (JsonObject) c : null;
            if (choice == null) {
                continue;
            }
            if (Wire.isArray(choice, "token_ids") || Wire.isArray(choice, "prompt_token_ids")
                    || choice.get("raw_output") instanceof JsonObject) {
                return true;
            }
            JsonObject logprobs = Wire.objectOrNull(choice, "logprobs");
            if (Wire.isArray(logprobs, "token_ids")) {
                return true;
            }
            JsonArray content = Wire.arrayOrNull(logprobs, "content");
            if (content != null && !content.isEmpty() && content.get(0) instanceof JsonObject
                    && ((JsonObject) content.get(0)).containsKey("token_id")) {
                return true;
            }
        }
        return false;
    }

    /** Whether any choice carries a {@code raw_output} object. */
    static boolean hasRawOutput(JsonObject response) {
        JsonArray choices = Wire.choicesOf(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                if (c instanceof JsonObject && ((JsonObject) c).get("raw_output") instanceof JsonObject) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code bytes} (0..255 each) are complete, valid UTF-8: true for a special token's text such as
     * {@code <|im_end|>}, false for half of a split emoji. Invalid entries count as not complete.
     */
    static boolean completeUtf8(JsonArray bytes) {
        int n = bytes.size();
        int i = 0;
        while (i < n) {
            int b = byteAt(bytes, i);
            int extra;
            if (b < 0) {
                return false;
            } else if (b < 0x80) {
                extra = 0;
            } else if (b >= 0xC2 && b <= 0xDF) {
                extra = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                extra = 2;
            } else if (b >= 0xF0 && b <= 0xF4) {
                extra = 3;
            } else {
                return false;
            }
            if (i + extra >= n) {
                return false; // truncated sequence: the rest is in the next entry
            }
            for (int k = 1; k <= extra; k++) {
                int c = byteAt(bytes, i + k);
                if (c < 0x80 || c > 0xBF) {
                    return false;
                }
            }
            int second = extra > 0 ? byteAt(bytes, i + 1) : 0;
            // overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8
            if (b == 0xE0 && second < 0xA0 || b == 0xED && second > 0x9F
                    || b == 0xF0 && second < 0x90 || b == 0xF4 && second > 0x8F) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }

    private static int byteAt(JsonArray bytes, int i) {
        JsonValue v = bytes.get(i);
        if (!(v instanceof jakarta.json.JsonNumber) || !((jakarta.json.JsonNumber) v).isIntegral()) {
            return -1;
        }
        long b = ((jakarta.json.JsonNumber) v).longValue();
        return b < 0 || b > 255 ? -1 : (int) b;
    }
}
