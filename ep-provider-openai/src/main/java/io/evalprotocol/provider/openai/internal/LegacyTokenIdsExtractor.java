package io.evalprotocol.provider.openai.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.provider.openai.OpenAiExtractors;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

/**
 * Legacy {@code logprobs.token_ids[]} beside {@code tokens} and {@code token_logprobs} (eval-protocol PR
 * #448's second shape; Together; Fireworks with an integer {@code logprobs}). In streams, Together sends one
 * id per chunk as {@code delta.token_id}; those are concatenated.
 */
@AutoService(TokenIdExtractor.class)
public final class LegacyTokenIdsExtractor extends CompatibleShapeExtractor {
    public LegacyTokenIdsExtractor() {
        super(OpenAiExtractors.LEGACY_TOKEN_IDS, OpenAiExtractors.LEGACY_TOKEN_IDS_PRIORITY,
                OpenAiCompatibleChannel.Source.LEGACY);
    }

    @Override
    boolean showsShape(JsonObject response) {
        return GenericReader.hasLegacyTokenIds(response);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        // the legacy format is the integer form of `logprobs` (number of alternatives)
        request.setIfAbsent("logprobs", One.VALUE);
    }

    /** Created on first use: the JSON-P provider lookup is not free. */
    private static final class One {
        static final JsonNumber VALUE = JsonProvider.provider().createValue(1);
    }
}
