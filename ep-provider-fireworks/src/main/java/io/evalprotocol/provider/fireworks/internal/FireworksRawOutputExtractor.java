package io.evalprotocol.provider.fireworks.internal;

import com.google.auto.service.AutoService;
import io.evalprotocol.provider.fireworks.FireworksExtractors;
import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Fireworks with {@code raw_output}: {@code choices[i].raw_output.completion_token_ids} is the whole raw
 * completion (reasoning and tool-call markup included, before the server's parsers split it), paired with
 * {@code raw_output.completion_logprobs}. When reasoning is split out, {@code choices[i].logprobs} covers only
 * the visible text, so this is the authoritative source for RL. A choice without {@code raw_output} falls
 * back to {@code fireworks.token-ids}' order.
 *
 * <p>Non-streaming only ({@code raw_output} is not relied on in streams, where {@code fireworks.token-ids}
 * takes over). Claims like {@code fireworks.token-ids}, but on a response only when a choice carries
 * {@code raw_output}.
 */
@AutoService(TokenIdExtractor.class)
public final class FireworksRawOutputExtractor implements TokenIdExtractor {
    public FireworksRawOutputExtractor() {}

    @Override
    public String id() {
        return FireworksExtractors.RAW_OUTPUT;
    }

    @Override
    public int priority() {
        return FireworksExtractors.RAW_OUTPUT_PRIORITY;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        if (shape.streaming() || FireworksShapes.hintIsForeign(shape)) {
            return false;
        }
        boolean named = FireworksShapes.hinted(shape) || FireworksShapes.fireworksHost(shape);
        JsonObject response = shape.firstResponse().orElse(null);
        if (response == null) {
            return named;
        }
        // raw_output is itself a Fireworks marker
        return FireworksShapes.hasRawOutput(response);
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent(FireworksExtractors.RAW_OUTPUT_FLAG, JsonValue.TRUE);
        request.setIfAbsent(FireworksExtractors.RETURN_TOKEN_IDS, JsonValue.TRUE);
        request.setIfAbsent("logprobs", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        ChoiceReader w = ChoiceReader.of(id(), choiceIndex, context);
        return FireworksReader.read(w, response, w.choice(response), true);
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new FireworksReader.Accumulator(ChoiceReader.of(id(), choiceIndex, context));
    }
}
