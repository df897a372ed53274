package io.evalprotocol.provider.openai.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.provider.openai.OpenAiExtractors;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * {@code logprobs.content[].token_id}: an id on every logprob entry (eval-protocol PR #448's first shape;
 * Fireworks with {@code logprobs: true}). Ids and logprobs come from the same entries, so they align by
 * construction. A {@code -1} id means "unknown" and drops all ids, as eval-protocol does.
 */
@AutoService(TokenIdExtractor.class)
public final class ContentTokenIdExtractor extends CompatibleShapeExtractor {
    public ContentTokenIdExtractor() {
        super(OpenAiExtractors.CONTENT_TOKEN_ID, OpenAiExtractors.CONTENT_TOKEN_ID_PRIORITY,
                OpenAiCompatibleChannel.Source.CONTENT);
    }

    @Override
    boolean showsShape(JsonObject response) {
        return GenericReader.hasContentTokenId(response);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent("logprobs", JsonValue.TRUE);
    }
}
