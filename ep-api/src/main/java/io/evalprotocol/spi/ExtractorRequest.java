package io.evalprotocol.spi;

import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * The request body as the chosen extractor may amend it before it is sent, e.g. to add
 * {@code "return_token_ids": true}. Only the single extractor chosen for an endpoint is asked to
 * contribute, so flags never reach a server that would reject them.
 */
public interface ExtractorRequest {
    /** What is known about the provider. */
    ProviderShape shape();

    /** The current value of a top-level body field. */
    Optional<JsonValue> get(String field);

    /** Sets a top-level body field, replacing any value the user set. */
    ExtractorRequest set(String field, JsonValue value);

    /** Sets a top-level body field unless the user already set it; user settings win. */
    default ExtractorRequest setIfAbsent(String field, JsonValue value) {
        if (get(field).isEmpty()) {
            set(field, value);
        }
        return this;
    }
}
