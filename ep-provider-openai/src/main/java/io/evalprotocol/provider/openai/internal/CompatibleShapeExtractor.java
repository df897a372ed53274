package io.evalprotocol.provider.openai.internal;

import io.evalprotocol.spi.ChoiceReader;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.OpenAiCompatibleChannel;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonObject;

/**
 * An EXACT extractor for one OpenAI-compatible id shape, whoever sends it. It claims a response by that
 * shape alone, whatever the hint (a provider module that knows the server better outranks it), and never
 * before the first response: with no response there is no shape to see, and guessing would send request
 * flags an endpoint may reject.
 */
abstract class CompatibleShapeExtractor implements TokenIdExtractor {
    private final String id;
    private final int priority;
    private final OpenAiCompatibleChannel.Source source;

    CompatibleShapeExtractor(String id, int priority, OpenAiCompatibleChannel.Source source) {
        this.id = id;
        this.priority = priority;
        this.source = source;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int priority() {
        return priority;
    }

    /** Whether the response (or first stream chunk) shows this extractor's shape. */
    abstract boolean showsShape(JsonObject response);

    @Override
    public final boolean supports(ProviderShape shape) {
        JsonObject response = shape.firstResponse().orElse(null);
        return response != null && showsShape(response);
    }

    @Override
    public final ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        return GenericReader.read(ChoiceReader.of(id, choiceIndex, context), source, response);
    }

    @Override
    public final TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new GenericReader.Accumulator(ChoiceReader.of(id, choiceIndex, context), source);
    }
}
