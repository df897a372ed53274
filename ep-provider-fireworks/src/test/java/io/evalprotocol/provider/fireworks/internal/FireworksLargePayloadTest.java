package io.evalprotocol.provider.fireworks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.spi.EosStatus;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * A long k = 5 completion: its {@code logprobs} payload is past JSON-P's (Parsson's) cap of 15,000,000
 * parsing events per document, which the SDK once hit when an extractor read the payload.
 */
class FireworksLargePayloadTest {
    private static final int ENTRIES = 60_000;
    private static final int EOS = 151645;

    @Test
    void extractsIdsFromALogprobsPayloadPastJsonPsParsingLimit() {
        int[] expectedIds = new int[ENTRIES];
        String text = logprobs(expectedIds);
        assertThat(text.length()).isGreaterThan(15_000_000);
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            assertThatThrownBy(() -> {
                while (parser.hasNext()) {
                    parser.next();
                }
            }).as("Parsson's own parser").isInstanceOf(JsonException.class).hasMessageContaining("count exceeded");
        }
        JsonObject response = Json.createObjectBuilder()
                .add("object", "chat.completion")
                .add("model", "accounts/fireworks/models/x")
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("index", 0)
                        .add("message", Json.createObjectBuilder().add("role", "assistant").add("content", "..."))
                        .add("finish_reason", "stop")
                        .add("logprobs", RawJsonValue.of(text))))
                .build();
        ExtractionContext ctx = ExtractionContext.of(ProviderShape.builder().providerHint("fireworks").build());
        FireworksTokenIdsExtractor extractor = new FireworksTokenIdsExtractor();

        assertThat(extractor.supports(ProviderShape.builder().providerHint("fireworks").build()
                .withFirstResponse(response))).isTrue();
        ExtractedTokens t = extractor.extract(response, 0, ctx);

        assertThat(t.completionTokenIds().orElseThrow().toArray()).isEqualTo(expectedIds);
        assertThat(t.logprobs().orElseThrow().size()).isEqualTo(ENTRIES);
        assertThat(t.logprobs().get().get(1234)).isEqualTo(-0.001 * 234);
        assertThat(t.eos()).isEqualTo(EosStatus.PRESENT);
    }

    /** The payload text, about 26 MB; fills {@code ids} with the ids it carries. */
    private static String logprobs(int[] ids) {
        int perEntry = entry("t\\u00e90", 0, -0.001, true).length() + 64;
        StringBuilder lp = new StringBuilder(ENTRIES * perEntry).append("{\"content\":[");
        for (int i = 0; i < ENTRIES - 1; i++) {
            ids[i] = (i * 7919) % 150_000;
            lp.append(entry("t\\u00e9" + (i % 97), ids[i], -0.001 * (i % 1000), true)).append(',');
        }
        ids[ENTRIES - 1] = EOS;
        lp.append("{\"token\":\"\",\"logprob\":-0.5,\"bytes\":[60,124,105,109,95,101,110,100,124,62],\"token_id\":")
                .append(EOS).append(",\"top_logprobs\":[]}]}");
        return lp.toString();
    }

    private static String entry(String token, int id, double logprob, boolean withTop) {
        StringBuilder sb = new StringBuilder("{\"token\":\"").append(token).append("\",\"logprob\":").append(logprob)
                .append(",\"bytes\":[116,195,169],\"token_id\":").append(id).append(",\"top_logprobs\":[");
        for (int k = 0; withTop && k < 5; k++) {
            sb.append(k == 0 ? "" : ",").append(entry(token + k, id + k, logprob - k, false));
        }
        return sb.append("]}").toString();
    }
}
