package io.evalprotocol.core;

import io.evalprotocol.api.TokenIds;
import io.evalprotocol.errors.TokenIdExtractionException;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A test extractor for the vLLM-style shape ({@code choices[i].token_ids}, top-level {@code prompt_token_ids}),
 * independent of the provider modules so that engine tests pin engine behaviour only. Supports a shape when
 * the hint is "vllm" before a response, and when the response carries the ids after.
 */
class ChoiceTokenIdsExtractor implements TokenIdExtractor {
    static final String ID = "test.choice-token-ids";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean supports(ProviderShape shape) {
        if (shape.firstResponse().isEmpty()) {
            return shape.hintIs("vllm");
        }
        JsonObject r = shape.firstResponse().get();
        if (r.get("prompt_token_ids") instanceof JsonArray) {
            return true;
        }
        JsonValue choices = r.get("choices");
        if (!(choices instanceof JsonArray)) {
            return false;
        }
        for (JsonValue c : (JsonArray) choices) {
            if (c instanceof JsonObject && ((JsonObject) c).get("token_ids") instanceof JsonArray) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void contribute(ExtractorRequest request) {
        request.setIfAbsent("return_token_ids", JsonValue.TRUE);
    }

    @Override
    public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
        JsonObject choice = choice(response, choiceIndex);
        JsonValue ids = choice.get("token_ids");
        if (!(ids instanceof JsonArray)) {
            throw new TokenIdExtractionException(ID, choiceIndex, "no choices[].token_ids");
        }
        ExtractedTokens.Builder b = ExtractedTokens.builder(ID)
                .completionTokenIds(ids((JsonArray) ids), "choices[].token_ids")
                .eos(eos(choice.get("finish_reason")));
        if (response.get("prompt_token_ids") instanceof JsonArray) {
            b.promptTokenIds(ids(response.getJsonArray("prompt_token_ids")), "prompt_token_ids");
        }
        return b.build();
    }

    @Override
    public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
        return new TokenIdAccumulator() {
            final List<Integer> ids = new ArrayList<>();
            TokenIds prompt;
            JsonValue finish;
            boolean sawIds;

            @Override
            public void accept(JsonObject chunk) {
                if (prompt == null && chunk.get("prompt_token_ids") instanceof JsonArray) {
                    prompt = ids(chunk.getJsonArray("prompt_token_ids"));
                }
                JsonValue choices = chunk.get("choices");
                if (!(choices instanceof JsonArray)) {
                    return;
                }
                for (JsonValue v : (JsonArray) choices) {
                    JsonObject c = (JsonObject) v;
                    if (c.getInt("index", 0) != choiceIndex) {
                        continue;
                    }
                    if (c.get("token_ids") instanceof JsonArray) {
                        sawIds = true;
                        for (JsonValue id : c.getJsonArray("token_ids")) {
                            ids.add(((JsonNumber) id).intValue());
                        }
                    }
                    if (c.get("finish_reason") instanceof JsonString) {
                        finish = c.get("finish_reason");
                    }
                }
            }

            @Override
            public ExtractedTokens finish() {
                ExtractedTokens.Builder b = ExtractedTokens.builder(ID).eos(eos(finish));
                if (sawIds) {
                    b.completionTokenIds(TokenIds.of(ids), "choices[].token_ids");
                }
                if (prompt != null) {
                    b.promptTokenIds(prompt, "prompt_token_ids");
                }
                return b.build();
            }
        };
    }

    static JsonObject choice(JsonObject response, int index) {
        for (JsonValue v : response.getJsonArray("choices")) {
            JsonObject c = (JsonObject) v;
            if (c.getInt("index", 0) == index) {
                return c;
            }
        }
        throw new TokenIdExtractionException(ID, index, "no such choice");
    }

    static TokenIds ids(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getJsonNumber(i).intValue();
        }
        return TokenIds.wrap(out);
    }

    static EosStatus eos(JsonValue finish) {
        return finish instanceof JsonString && ((JsonString) finish).getString().equals("stop") ? EosStatus.PRESENT
                : finish instanceof JsonString ? EosStatus.ABSENT : EosStatus.UNKNOWN;
    }
}
