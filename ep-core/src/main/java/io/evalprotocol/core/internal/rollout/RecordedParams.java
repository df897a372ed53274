package io.evalprotocol.core.internal.rollout;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code input_metadata.completion_params} a rollout records on every row it returns, finished or failed:
 * the parameters its request was sent with.
 *
 * <p>Python eval-protocol records there the dict its rollout processor was configured with, the keyword
 * arguments of the LiteLLM call: {@code model} first, then the OpenAI parameter names, with provider-specific
 * fields nested under {@code extra_body} (LiteLLM sends them at the top level of the request, as ep-core does
 * with {@link CompletionParams#extraBody()}). This record follows that shape, so that Python code can read it
 * and replay it ({@code litellm.completion(**completion_params)}):
 * {@code model, temperature, top_p, max_tokens, n, stop, seed, logprobs, top_logprobs, tools, tool_choice,
 * stream, extra_body}, each only when set ({@code stream} only when true, {@code extra_body} only when not
 * empty).
 *
 * <p>The flags the token-id extractor adds to the request ({@link TokenIdExtractor#contribute}, e.g. vLLM's
 * {@code return_token_ids} or {@code logprobs}) are part of the record, so that a replay asks for the token ids
 * too: a flag with one of the names above takes its place at the top level, any other goes under
 * {@code extra_body}, and a flag that replaced an extra body field replaces it there. Flattening
 * {@code extra_body} into the top level therefore gives the request's fields, less {@code messages},
 * {@code stream_options} (which the SDK adds to every streamed request) and a row's own {@code tools} (which
 * replace {@code tools} in that request, as in Python; the record keeps the client's, the row shows its own).
 * Never recorded: the API key, the headers and the base URL.
 *
 * <p>The record <em>replaces</em> whatever {@code completion_params} the input row had, as Python's
 * {@code evaluation_test} does before the rollout ({@code row.input_metadata.completion_params =
 * completion_params}): the row was produced with these parameters, and a merge would claim keys that were not
 * sent.
 */
final class RecordedParams {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    /** The top-level names, in the order they are recorded: those {@link CompletionParams} has a setter for. */
    private static final List<String> NAMED = List.of("temperature", "top_p", "max_tokens", "n", "stop", "seed",
            "logprobs", "top_logprobs", "tools", "tool_choice", "stream");

    private RecordedParams() {}

    /** The record for requests to {@code model} with {@code params} and no extractor flags, as exact JSON text. */
    static JsonObject of(String model, CompletionParams params) {
        return of(model, params, Map.of());
    }

    /**
     * The record for requests to {@code model} with {@code params} and the fields a token-id extractor set
     * ({@link RequestBody#contribution}), as an exact-text JSON value.
     *
     * @param contributed the fields the extractor added or changed, in request order
     */
    static JsonObject of(String model, CompletionParams params, Map<String, JsonValue> contributed) {
        Objects.requireNonNull(params, "params");
        Map<String, JsonValue> named = new LinkedHashMap<>();
        params.temperature().ifPresent(v -> named.put("temperature", PROVIDER.createValue(v)));
        params.topP().ifPresent(v -> named.put("top_p", PROVIDER.createValue(v)));
        params.maxTokens().ifPresent(v -> named.put("max_tokens", PROVIDER.createValue(v)));
        params.n().ifPresent(v -> named.put("n", PROVIDER.createValue(v)));
        params.stop().ifPresent(v -> {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            named.put("stop", a.build());
        });
        params.seed().ifPresent(v -> named.put("seed", PROVIDER.createValue(v)));
        params.logprobs().ifPresent(v -> named.put("logprobs", v ? JsonValue.TRUE : JsonValue.FALSE));
        params.topLogprobs().ifPresent(v -> named.put("top_logprobs", PROVIDER.createValue(v)));
        params.tools().ifPresent(v -> {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            named.put("tools", a.build());
        });
        params.toolChoice().ifPresent(v -> named.put("tool_choice", v));
        if (params.stream()) {
            named.put("stream", JsonValue.TRUE);
        }
        Map<String, JsonValue> extra = new LinkedHashMap<>(params.extraBody());
        contributed.forEach((name, value) -> {
            // an extra body field keeps its place, so that the replay sends the flag where the client's value was
            if (NAMED.contains(name) && !extra.containsKey(name)) {
                named.put(name, value);
            } else {
                extra.put(name, value);
            }
        });

        JsonObjectBuilder o = PROVIDER.createObjectBuilder();
        if (model != null) {
            o.add("model", model);
        }
        for (String name : NAMED) {
            JsonValue v = named.get(name);
            if (v != null) {
                o.add(name, v);
            }
        }
        if (!extra.isEmpty()) {
            JsonObjectBuilder e = PROVIDER.createObjectBuilder();
            extra.forEach(e::add);
            o.add("extra_body", e);
        }
        return exactText(o.build());
    }

    /** {@code metadata} with {@code params} as its completion params; the same instance when it has them. */
    static InputMetadata apply(InputMetadata metadata, JsonObject params) {
        if (params == null || metadata.completionParams() == params) {
            return metadata;
        }
        return metadata.toBuilder().completionParams(params).build();
    }

    /** Written once in the row writer's own format, so every row copies these bytes as they are. */
    private static JsonObject exactText(JsonObject o) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            ModelWriter.writeJsonValue(g, o);
            g.flush();
            return (JsonObject) RawJsonSupport.access().trusted(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
