package io.evalprotocol.testkit;

import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ProviderShape;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider response for the compatibility kit: a non-streamed body, its streamed twin (SSE text), or
 * both, with the tokens each choice must yield. Both forms of one fixture must give the same result.
 *
 * <pre>{@code
 * ExtractorFixture.builder("vllm-chat-stream")
 *         .providerHint("vllm")
 *         .body(Fixtures.read(dir.resolve("vllm-chat.json")))
 *         .stream(Fixtures.read(dir.resolve("vllm-chat-stream.sse")))
 *         .expect(0, ExpectedTokens.ids(9707, 0, 151645).prompt(151644, 872, 198))
 *         .build();
 * }</pre>
 *
 * <p>A fixture in {@link TokenIdExtractorCompatibilityKit#foreignShapes()} needs no expectations: the
 * extractor must decline it.
 */
public final class ExtractorFixture {
    private final String name;
    private final String providerHint;
    private final String model;
    private final URI baseUri;
    private final ApiKind apiKind;
    private final JsonObject body;
    private final List<JsonObject> stream;
    private final Map<Integer, ExpectedTokens> expected;
    private final boolean claimed;
    private final boolean streamClaimed;

    private ExtractorFixture(Builder b) {
        this.name = b.name;
        this.providerHint = b.providerHint;
        this.body = b.body;
        this.stream = b.stream;
        this.model = b.model != null ? b.model : modelOf(b.body != null ? b.body : firstChunk(b.stream));
        this.baseUri = b.baseUri;
        this.apiKind = b.apiKind != null ? b.apiKind : apiKindOf(b.body != null ? b.body : firstChunk(b.stream));
        this.expected = Collections.unmodifiableMap(new LinkedHashMap<>(b.expected));
        this.claimed = b.claimed;
        this.streamClaimed = b.streamClaimed != null ? b.streamClaimed : b.claimed;
        if (body == null && stream == null) {
            throw new IllegalStateException("fixture " + name + " needs a body, a stream or both");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public Optional<JsonObject> body() {
        return Optional.ofNullable(body);
    }

    /** The parsed stream chunks, up to {@code [DONE]}; empty when the fixture has no stream. */
    public List<JsonObject> stream() {
        return stream == null ? List.of() : stream;
    }

    public boolean hasStream() {
        return stream != null;
    }

    /** Expected tokens per choice index. */
    public Map<Integer, ExpectedTokens> expected() {
        return expected;
    }

    /** Whether {@code supports()} must accept the body (true unless the builder said otherwise). */
    public boolean claimed() {
        return claimed;
    }

    /** Whether {@code supports()} must accept the stream's first chunk; as {@link #claimed()} unless set. */
    public boolean streamClaimed() {
        return streamClaimed;
    }

    public Optional<String> providerHint() {
        return Optional.ofNullable(providerHint);
    }

    /** The shape before any response: hint, model, endpoint. */
    public ProviderShape hintOnlyShape(boolean streaming) {
        return ProviderShape.builder()
                .providerHint(providerHint)
                .model(model)
                .baseUri(baseUri)
                .apiKind(apiKind)
                .streaming(streaming)
                .build();
    }

    /** The shape as ep-core probes it on the non-streamed body. */
    public ProviderShape bodyShape() {
        return hintOnlyShape(false).withFirstResponse(Objects.requireNonNull(body, "no body"));
    }

    /** The shape as ep-core probes it on a stream: with the first chunk that carries choices. */
    public ProviderShape streamShape() {
        return hintOnlyShape(true).withFirstResponse(firstChunk(Objects.requireNonNull(stream, "no stream")));
    }

    @Override
    public String toString() {
        return name;
    }

    static JsonObject firstChunk(List<JsonObject> chunks) {
        if (chunks == null || chunks.isEmpty()) {
            return null;
        }
        for (JsonObject c : chunks) {
            JsonValue choices = c.get("choices");
            if (choices instanceof JsonArray && !((JsonArray) choices).isEmpty()) {
                return c;
            }
        }
        return chunks.get(0);
    }

    private static String modelOf(JsonObject response) {
        JsonValue m = response == null ? null : response.get("model");
        return m instanceof JsonString ? ((JsonString) m).getString() : null;
    }

    private static ApiKind apiKindOf(JsonObject response) {
        JsonValue o = response == null ? null : response.get("object");
        return o instanceof JsonString && ((JsonString) o).getString().startsWith("text_completion")
                ? ApiKind.COMPLETIONS : ApiKind.CHAT_COMPLETIONS;
    }

    /** Builds an {@link ExtractorFixture}. */
    public static final class Builder {
        private final String name;
        private String providerHint;
        private String model;
        private URI baseUri;
        private ApiKind apiKind;
        private JsonObject body;
        private List<JsonObject> stream;
        private final Map<Integer, ExpectedTokens> expected = new LinkedHashMap<>();
        private boolean claimed = true;
        private Boolean streamClaimed;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The provider hint ep-core would pass (e.g. {@code "vllm"}); none by default. */
        public Builder providerHint(String hint) {
            this.providerHint = hint;
            return this;
        }

        /** The model name; by default the body's (or first chunk's) {@code model} field. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        /** The endpoint kind; by default completions when {@code object} is {@code text_completion}, else chat. */
        public Builder apiKind(ApiKind apiKind) {
            this.apiKind = apiKind;
            return this;
        }

        /** The non-streamed response body (JSON text). */
        public Builder body(String json) {
            return body(Fixtures.json(json));
        }

        public Builder body(JsonObject body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The streamed twin as SSE text ({@code data: {...}} events, optionally ending with {@code [DONE]}). */
        public Builder stream(String sse) {
            return stream(Fixtures.sse(sse));
        }

        public Builder stream(List<JsonObject> chunks) {
            this.stream = List.copyOf(chunks);
            return this;
        }

        /** What choice {@code choiceIndex} (its {@code index} field) must yield. */
        public Builder expect(int choiceIndex, ExpectedTokens tokens) {
            expected.put(choiceIndex, Objects.requireNonNull(tokens, "tokens"));
            return this;
        }

        /**
         * Whether {@code supports()} must accept the fixture; default true. Set false for a shape the
         * extractor reads when chosen explicitly but does not claim when probing.
         */
        public Builder claimed(boolean claimed) {
            this.claimed = claimed;
            return this;
        }

        /**
         * Whether {@code supports()} must accept the stream's first chunk (the one ep-core probes); by default
         * as {@link #claimed(boolean)}. Set false when that chunk shows nothing of the shape yet (e.g. a
         * role-only first chunk) and the shape is recognisable only from a hint or an explicit choice.
         */
        public Builder streamClaimed(boolean streamClaimed) {
            this.streamClaimed = streamClaimed;
            return this;
        }

        public ExtractorFixture build() {
            return new ExtractorFixture(this);
        }
    }
}
