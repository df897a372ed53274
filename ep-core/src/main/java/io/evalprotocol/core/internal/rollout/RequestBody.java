package io.evalprotocol.core.internal.rollout;

import io.evalprotocol.api.Message;
import io.evalprotocol.core.CompletionParams;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.evalprotocol.core.internal.json.JsonSupport;
import io.evalprotocol.core.internal.json.ModelWriter;
import io.evalprotocol.errors.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.Map;

/**
 * Writes the chat-completion request: {@code model}, {@code messages} (as request messages), the row's
 * tools (else the client's), the completion parameters, {@code stream}/{@code stream_options}, the extra
 * body, and last the flags of the one extractor chosen for the endpoint, which never override the user's.
 */
final class RequestBody {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private RequestBody() {}

    static byte[] build(String model, List<Message> messages, List<JsonObject> rowTools, CompletionParams p,
            ProviderShape shape, TokenIdExtractor extractor) {
        BodyFields f = new BodyFields(shape);
        List<JsonObject> tools = rowTools != null ? rowTools : p.tools().orElse(null);
        if (tools != null) {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            tools.forEach(a::add);
            f.put("tools", a.build());
        }
        p.temperature().ifPresent(v -> f.put("temperature", PROVIDER.createValue(v)));
        p.topP().ifPresent(v -> f.put("top_p", PROVIDER.createValue(v)));
        p.maxTokens().ifPresent(v -> f.put("max_tokens", PROVIDER.createValue(v)));
        p.n().ifPresent(v -> f.put("n", PROVIDER.createValue(v)));
        p.stop().ifPresent(v -> {
            JsonArrayBuilder a = PROVIDER.createArrayBuilder();
            v.forEach(a::add);
            f.put("stop", a.build());
        });
        p.seed().ifPresent(v -> f.put("seed", PROVIDER.createValue(v)));
        p.logprobs().ifPresent(v -> f.put("logprobs", v ? JsonValue.TRUE : JsonValue.FALSE));
        p.topLogprobs().ifPresent(v -> f.put("top_logprobs", PROVIDER.createValue(v)));
        p.toolChoice().ifPresent(v -> f.put("tool_choice", v));
        if (p.stream()) {
            f.put("stream", JsonValue.TRUE);
            // Usage arrives in a final chunk only when asked for; every OpenAI-compatible server accepts this.
            f.put("stream_options", PROVIDER.createObjectBuilder().add("include_usage", true).build());
        }
        for (Map.Entry<String, JsonValue> e : p.extraBody().entrySet()) {
            f.put(e.getKey(), e.getValue());
        }
        if (extractor != null) {
            try {
                extractor.contribute(f);
            } catch (RuntimeException e) {
                throw new TokenIdExtractionException(extractor.id(), 0, "contribute() failed: " + e, e);
            }
        }

        // Written with the data model's own writer: request messages as Python eval-protocol sends them.
        try (ByteArrayBuilder out = new ByteArrayBuilder(4096);
                JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeFieldName("messages");
            g.writeStartArray();
            for (Message m : messages) {
                ModelWriter.writeRequestMessage(g, m);
            }
            g.writeEndArray();
            for (Map.Entry<String, JsonValue> e : f.fields().entrySet()) {
                g.writeFieldName(e.getKey());
                ModelWriter.writeJsonValue(g, e.getValue());
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
            throw new InvalidDataException("cannot write the request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
