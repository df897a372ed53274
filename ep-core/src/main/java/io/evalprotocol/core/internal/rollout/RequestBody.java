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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the chat-completion request: {@code model}, {@code messages} (as request messages), the row's
 * tools (else the client's), the completion parameters, {@code stream}/{@code stream_options}, the extra
 * body, and last the flags of the one extractor chosen for the endpoint, which never override the user's.
 *
 * <p>One instance per client. Everything after {@code messages} depends only on the client's parameters
 * and the extractor's flags, so it is not rebuilt for every row: the parameter fields are built once, the
 * extractor still amends a fresh copy of them for every request, and the JSON text of that field list is
 * reused as long as the list holds the very same values (compared by identity, so that two values that are
 * equal but would be written differently can never be confused).
 */
final class RequestBody {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final CompletionParams params;
    /** The fields of a request whose row has no tools of its own, before the extractor's flags. */
    private final Map<String, JsonValue> clientFields;
    /** The last field list written after {@code messages}, and its text. */
    private volatile Tail last;

    RequestBody(CompletionParams params) {
        this.params = Objects.requireNonNull(params, "params");
        this.clientFields = fields(null, params);
    }

    /** The field list after {@code messages} and its JSON text: {@code ,"a":1,"b":true}} (or just {@code }}). */
    private static final class Tail {
        final String[] names;
        final JsonValue[] values;
        final byte[] json;

        Tail(Map<String, JsonValue> fields, byte[] json) {
            this.names = fields.keySet().toArray(new String[0]);
            this.values = fields.values().toArray(new JsonValue[0]);
            this.json = json;
        }

        boolean writes(Map<String, JsonValue> fields) {
            if (fields.size() != names.length) {
                return false;
            }
            int i = 0;
            for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
                if (e.getValue() != values[i] || !e.getKey().equals(names[i])) {
                    return false;
                }
                i++;
            }
            return true;
        }
    }

    byte[] build(String model, List<Message> messages, List<JsonObject> rowTools, ProviderShape shape,
            TokenIdExtractor extractor) {
        BodyFields f = new BodyFields(shape);
        Map<String, JsonValue> base = rowTools != null ? fields(rowTools, params) : clientFields;
        for (Map.Entry<String, JsonValue> e : base.entrySet()) {
            f.put(e.getKey(), e.getValue());
        }
        contribute(extractor, f);
        try {
            Tail tail = last;
            if (tail == null || !tail.writes(f.fields())) {
                tail = new Tail(f.fields(), tailJson(f.fields()));
                last = tail;
            }
            // Written with the data model's own writer: request messages as Python eval-protocol sends them.
            try (ByteArrayBuilder out = new ByteArrayBuilder(sizeHint(messages) + tail.json.length)) {
                try (JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
                    // the object is closed by the tail, written after the generator is done
                    g.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
                    g.writeStartObject();
                    g.writeStringField("model", model);
                    g.writeFieldName("messages");
                    g.writeStartArray();
                    for (Message m : messages) {
                        ModelWriter.writeRequestMessage(g, m);
                    }
                    g.writeEndArray();
                }
                out.write(tail.json);
                return out.toByteArray();
            }
        } catch (com.fasterxml.jackson.core.JsonGenerationException e) {
            throw new InvalidDataException("cannot write the request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fields {@code extractor} adds to, or changes in, a request whose row has no tools of its own: what
     * {@link RecordedParams} records beside the client's parameters. Empty without an extractor.
     *
     * @throws TokenIdExtractionException when the extractor's {@code contribute()} fails
     */
    Map<String, JsonValue> contribution(ProviderShape shape, TokenIdExtractor extractor) {
        if (extractor == null) {
            return Map.of();
        }
        BodyFields f = new BodyFields(shape);
        clientFields.forEach(f::put);
        contribute(extractor, f);
        Map<String, JsonValue> changed = new LinkedHashMap<>();
        f.fields().forEach((name, value) -> {
            if (!value.equals(clientFields.get(name))) {
                changed.put(name, value);
            }
        });
        return changed;
    }

    private static void contribute(TokenIdExtractor extractor, BodyFields f) {
        if (extractor != null) {
            try {
                extractor.contribute(f);
            } catch (RuntimeException e) {
                throw new TokenIdExtractionException(extractor.id(), 0, "contribute() failed: " + e, e);
            }
        }
    }

    /** The fields after {@code messages}, as the compact generator writes them inside the request object. */
    private static byte[] tailJson(Map<String, JsonValue> fields) throws IOException {
        if (fields.isEmpty()) {
            return new byte[] {'}'};
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = JsonSupport.factory().createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
                    g.writeFieldName(e.getKey());
                    ModelWriter.writeJsonValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            byte[] json = out.toByteArray();
            // `{"a":1}` becomes `,"a":1}`: the generator separates fields with a bare comma and nothing else
            json[0] = ',';
            return json;
        }
    }

    /** A first guess at the request size, so that short requests are not written into a large buffer. */
    private static int sizeHint(List<Message> messages) {
        long n = 64;
        for (Iterator<Message> it = messages.iterator(); it.hasNext() && n < 64 * 1024;) {
            n += 32 + it.next().content().map(String::length).orElse(256);
        }
        return (int) Math.min(n, 64 * 1024);
    }

    private static Map<String, JsonValue> fields(List<JsonObject> rowTools, CompletionParams p) {
        Map<String, JsonValue> f = new LinkedHashMap<>();
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
        return f;
    }
}
