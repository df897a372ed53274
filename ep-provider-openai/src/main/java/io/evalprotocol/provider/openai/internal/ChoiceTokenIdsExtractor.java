package io.evalprotocol.provider.openai.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.provider.openai.OpenAiExtractors;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * {@code choices[i].token_ids} with {@code prompt_token_ids} (per choice, else top level): the
 * {@code return_token_ids} shape vLLM introduced and SGLang and Fireworks adopted. This is the one generic
 * claim for it, below the provider modules, so that a response nobody can attribute still resolves.
 * Logprobs pair when {@code logprobs} has one entry per id.
 */
@AutoService(TokenIdExtractor.class)
public final class ChoiceTokenIdsExtractor extends CompatibleShapeExtractor {
    public ChoiceTokenIdsExtractor() {
        super(OpenAiExtractors.CHOICE_TOKEN_IDS, OpenAiExtractors.CHOICE_TOKEN_IDS_PRIORITY,
                OpenAiCompatibleChannel.Source.TOKEN_IDS);
    }

    @Override
    boolean showsShape(JsonObject response) {
        return GenericReader.hasChoiceTokenIds(response);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent("return_token_ids", JsonValue.TRUE);
    }
}
