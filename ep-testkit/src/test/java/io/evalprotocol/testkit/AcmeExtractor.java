package io.evalprotocol.testkit;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, correct extractor for the kit's own tests: reads {@code choices[].token_ids} when the hint is
 * {@code acme}. Subclasses break one rule each.
 */
class AcmeExtractor implements TokenIdExtractor {
    @Override
    public String id() {
        return "acme.token-ids";
    }

    @Override
    public boolean supports(ProviderShape shape) {
        return shape.hintIs("acme");
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent("return_token_ids", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        JsonObject choice = choice(response.get("choices"), choiceIndex);
        if (choice == null) {
            throw new TokenIdExtractionException(id(), choiceIndex, "no such choice");
        }
        int[] ids = ids(choice.get("token_ids"), choiceIndex, context, 0);
        ExtractedTokens.Builder b = ExtractedTokens.builder(id());
        return ids == null ? b.build() : b.completionTokenIds(TokenIds.wrap(ids), "choices[].token_ids").build();
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new TokenIdAccumulator() {
            private final List<Integer> ids = new ArrayList<>();
            private boolean saw;

            @Override
            public void accept(JsonObject chunk) {
                JsonValue choices = chunk.get("choices");
                if (choices != null && !(choices instanceof JsonArray)) {
                    throw new TokenIdExtractionException(id(), choiceIndex, "choices is not an array");
                }
                JsonObject choice = choice(choices, choiceIndex);
                int[] delta = choice == null ? null : ids(choice.get("token_ids"), choiceIndex, context, ids.size());
                if (delta != null) {
                    saw = true;
                    for (int id : delta) {
                        ids.add(id);
                    }
                }
            }

            @Override
            public ExtractedTokens finish() {
                ExtractedTokens.Builder b = ExtractedTokens.builder(id());
                return saw ? b.completionTokenIds(TokenIds.of(ids), "choices[].token_ids").build() : b.build();
            }
        };
    }

    JsonObject choice(JsonValue choices, int index) {
        if (!(choices instanceof JsonArray)) {
            throw new TokenIdExtractionException(id(), index, "no choices array");
        }
        for (JsonValue c : (JsonArray) choices) {
            if (!(c instanceof JsonObject)) {
                throw new TokenIdExtractionException(id(), index, "a choice is not an object");
            }
            JsonValue i = ((JsonObject) c).get("index");
            if (!(i instanceof JsonNumber) || !((JsonNumber) i).isIntegral()) {
                throw new TokenIdExtractionException(id(), index, "a choice has no integer index");
            }
            if (((JsonNumber) i).intValue() == index) {
                return (JsonObject) c;
            }
        }
        return null;
    }

    int[] ids(JsonValue v, int choiceIndex, ExtractionContext context, int before) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray)) {
            throw new TokenIdExtractionException(id(), choiceIndex, "token_ids is not an array");
        }
        JsonArray a = (JsonArray) v;
        if (before + a.size() > context.maxTokenIds()) {
            throw new TokenIdExtractionException(id(), choiceIndex, "more than " + context.maxTokenIds() + " ids");
        }
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonValue e = a.get(i);
            if (!(e instanceof JsonNumber) || !((JsonNumber) e).isIntegral() || ((JsonNumber) e).longValue() < 0
                    || ((JsonNumber) e).longValue() > Integer.MAX_VALUE) {
                throw new TokenIdExtractionException(id(), choiceIndex, "bad id at " + i);
            }
            out[i] = ((JsonNumber) e).intValue();
        }
        return out;
    }
}
