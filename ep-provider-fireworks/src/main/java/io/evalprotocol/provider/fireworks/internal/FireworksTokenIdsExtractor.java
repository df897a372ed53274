package io.evalprotocol.provider.fireworks.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.provider.fireworks.FireworksExtractors;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.ShapeProbes;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Fireworks without {@code raw_output}: {@code choices[i].token_ids} ({@code return_token_ids}), else the
 * {@code token_id} of every {@code logprobs.content[]} entry, else legacy {@code logprobs.token_ids[]}.
 * Reads streams. Flat logprobs: {@code sampling_logprob} when every entry has it, else {@code logprob}.
 *
 * <p>Claims a response when the hint is {@code fireworks} (any response with choices), or without a hint
 * when the endpoint is {@code *.fireworks.ai} or the body carries a Fireworks-only field
 * ({@link FireworksShapes#hasFireworksMarker}) and an id field.
 */
@AutoService(TokenIdExtractor.class)
public final class FireworksTokenIdsExtractor implements TokenIdExtractor {
    public FireworksTokenIdsExtractor() {}

    @Override
    public String id() {
        return FireworksExtractors.TOKEN_IDS;
    }

    @Override
    public int priority() {
        return FireworksExtractors.TOKEN_IDS_PRIORITY;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        if (FireworksShapes.hintIsForeign(shape)) {
            return false;
        }
        boolean named = FireworksShapes.hinted(shape) || FireworksShapes.fireworksHost(shape);
        JsonObject response = shape.firstResponse().orElse(null);
        if (response == null) {
            return named;
        }
        if (named) {
            return ShapeProbes.choices(response) != null;
        }
        return FireworksShapes.hasFireworksMarker(shape, response) && FireworksShapes.hasIdFields(response);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent(FireworksExtractors.RETURN_TOKEN_IDS, JsonValue.TRUE);
        request.setIfAbsent("logprobs", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        return FireworksReader.read(w, response, w.choice(response), false);
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new FireworksReader.Accumulator(ChoiceReader.of(id(), choiceIndex, context));
    }
}
