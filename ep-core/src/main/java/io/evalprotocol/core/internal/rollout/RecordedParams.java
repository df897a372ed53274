package io.evalprotocol.core.internal.rollout;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The {@code input_metadata.completion_params} a rollout records on every row it returns, finished or failed.
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
 * <p>Left out on purpose: the API key, the headers and the base URL (never recorded), the flags a token-id
 * extractor adds to the request (the row names the extractor in {@code execution_metadata.extra}), and
 * {@code stream_options}, which the SDK adds to every streamed request. A row's own {@code tools} replace
 * {@code tools} in the request, as in Python; the record keeps the client's, and the row shows its own.
 *
 * <p>The record <em>replaces</em> whatever {@code completion_params} the input row had, as Python's
 * {@code evaluation_test} does before the rollout ({@code row.input_metadata.completion_params =
 * completion_params}): the row was produced with these parameters, and a merge would claim keys that were not
 * sent.
 */
final class RecordedParams {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private RecordedParams() {}

    /** The record for requests to {@code model} with {@code params}, as an exact-text JSON value. */
    static JsonObject of(String model, CompletionParams params) {
        Objects.requireNonNull(params, "params");
        JsonObjectBuilder o = PROVIDER.createObjectBuilder();
        if (model != null) {
            o.add("model", model);
        }
        params.temperature().ifPresent(v -> o.add("temperature", v));
        params.topP().ifPresent(v -> o.add("top_p", v));
        params.maxTokens().ifPresent(v -> o.add("max_tokens", v));
        params.n().ifPresent(v -> o.add("n", v));
        params.stop().ifPresent(v -> {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            o.add("stop", a);
        });
        params.seed().ifPresent(v -> o.add("seed", v));
        params.logprobs().ifPresent(v -> o.add("logprobs", v));
        params.topLogprobs().ifPresent(v -> o.add("top_logprobs", v));
        params.tools().ifPresent(v -> {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            o.add("tools", a);
        });
        params.toolChoice().ifPresent(v -> o.add("tool_choice", v));
        if (params.stream()) {
            o.add("stream", true);
        }
        if (!params.extraBody().isEmpty()) {
            JsonObjectBuilder extra = PROVIDER.createObjectBuilder();
            params.extraBody().forEach(extra::add);
            o.add("extra_body", extra);
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
