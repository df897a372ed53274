package io.evalprotocol.spi;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a provider when an extractor is chosen: the user's hint, the endpoint, the model,
 * whether the call streams and, once it arrived, the first response (or first stream chunk).
 *
 * <p>Extractors look at it in {@link TokenIdExtractor#supports(ProviderShape)}. Immutable.
 */
public final class ProviderShape {
    private final String providerHint;
    private final URI baseUri;
    private final String model;
    private final ApiKind apiKind;
    private final boolean streaming;
    private final JsonObject firstResponse;

    private ProviderShape(Builder b) {
        this.providerHint = b.providerHint == null ? null : b.providerHint.toLowerCase(Locale.ROOT);
        this.baseUri = b.baseUri;
        this.model = b.model == null ? "" : b.model;
        this.apiKind = b.apiKind;
        this.streaming = b.streaming;
        this.firstResponse = b.firstResponse;
    }

    /** {@code base} with {@code firstResponse}: the base's fields are normalized already. */
    private ProviderShape(ProviderShape base, JsonObject firstResponse) {
        this.providerHint = base.providerHint;
        this.baseUri = base.baseUri;
        this.model = base.model;
        this.apiKind = base.apiKind;
        this.streaming = base.streaming;
        this.firstResponse = firstResponse;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .providerHint(providerHint)
                .baseUri(baseUri)
                .model(model)
                .apiKind(apiKind)
                .streaming(streaming)
                .firstResponse(firstResponse);
    }

    /** The same shape with the first response (or first stream chunk) now known. */
    public ProviderShape withFirstResponse(JsonObject response) {
        // the engine calls this for every response: a copy, not a builder that normalizes the hint again
        return new ProviderShape(this, Objects.requireNonNull(response, "response"));
    }

    /** The user's provider hint, lower-cased (e.g. {@code "vllm"}, {@code "fireworks"}), when given. */
    public Optional<String> providerHint() {
        return Optional.ofNullable(providerHint);
    }

    /** True when the hint equals {@code name} (case-insensitive). */
    public boolean hintIs(String name) {
        return providerHint != null && providerHint.equalsIgnoreCase(name);
    }

    /** The endpoint's base URI (e.g. {@code http://127.0.0.1:8000/v1}), when known. */
    public Optional<URI> baseUri() {
        return Optional.ofNullable(baseUri);
    }

    /** The model name; empty string when unknown. */
    public String model() {
        return model;
    }

    public ApiKind apiKind() {
        return apiKind;
    }

    public boolean streaming() {
        return streaming;
    }

    /** The first response body, or for streams the first chunk that carries choices; empty before it arrived. */
    public Optional<JsonObject> firstResponse() {
        return Optional.ofNullable(firstResponse);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("provider=").append(providerHint == null ? "?" : providerHint);
        sb.append(", model=").append(model.isEmpty() ? "?" : model);
        sb.append(", baseUri=").append(baseUri == null ? "?" : baseUri);
        sb.append(", api=").append(apiKind);
        sb.append(", streaming=").append(streaming);
        sb.append(", firstResponse=").append(firstResponse == null ? "not yet" : "seen");
        return sb.append('}').toString();
    }

    /** Builds a {@link ProviderShape}. */
    public static final class Builder {
        private String providerHint;
        private URI baseUri;
        private String model;
        private ApiKind apiKind = ApiKind.CHAT_COMPLETIONS;
        private boolean streaming;
        private JsonObject firstResponse;

        private Builder() {}

        public Builder providerHint(String providerHint) {
            this.providerHint = providerHint == null || providerHint.isBlank() ? null : providerHint.trim();
            return this;
        }

        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKind(ApiKind apiKind) {
            this.apiKind = Objects.requireNonNull(apiKind, "apiKind");
            return this;
        }

        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        public Builder firstResponse(JsonObject firstResponse) {
            this.firstResponse = firstResponse;
            return this;
        }

        public ProviderShape build() {
            return new ProviderShape(this);
        }
    }
}
