package io.evalprotocol.provider.fireworks.internal;

import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.ShapeProbes;
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
        JsonArray choices = ShapeProbes.choices(response);
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
            JsonArray content = ShapeProbes.array(ShapeProbes.object(choice, "logprobs"), "content");
            if (ShapeProbes.firstEntryHas(content, "sampling_logprob")) {
                return true;
            }
        }
        return false;
    }

    /** Whether any choice carries an id field this module reads (or the top level carries prompt ids). */
    static boolean hasIdFields(JsonObject response) {
        if (ShapeProbes.isArray(response, "prompt_token_ids")) {
            return true;
        }
        JsonArray choices = ShapeProbes.choices(response);
        if (choices == null) {
            return false;
        }
        for (JsonValue c : choices) {
            JsonObject choice = c instanceof JsonObject ? (JsonObject) c : null;
            if (choice == null) {
                continue;
            }
            if (ShapeProbes.isArray(choice, "token_ids") || ShapeProbes.isArray(choice, "prompt_token_ids")
                    || choice.get("raw_output") instanceof JsonObject) {
                return true;
            }
            JsonObject logprobs = ShapeProbes.object(choice, "logprobs");
            if (ShapeProbes.isArray(logprobs, "token_ids")) {
                return true;
            }
            JsonArray content = ShapeProbes.array(logprobs, "content");
            if (ShapeProbes.firstEntryHas(content, "token_id")) {
                return true;
            }
        }
        return false;
    }

    /** Whether any choice carries a {@code raw_output} object. */
    static boolean hasRawOutput(JsonObject response) {
        JsonArray choices = ShapeProbes.choices(response);
        if (choices != null) {
            for (JsonValue c : choices) {
                if (c instanceof JsonObject && ((JsonObject) c).get("raw_output") instanceof JsonObject) {
                    return true;
                }
            }
        }
        return false;
    }
}
