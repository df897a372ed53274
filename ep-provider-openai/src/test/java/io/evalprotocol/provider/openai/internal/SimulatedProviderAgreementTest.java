package io.evalprotocol.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.testkit.Fixtures;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Against ep-testkit's simulated provider (written independently from the same provider notes, with real
 * o200k ids), on loopback: ids reconstructed from each entry's {@code bytes} reproduce the engine's own ids,
 * and the request flags this module contributes are accepted by the flavour they are meant for.
 */
class SimulatedProviderAgreementTest {
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello politely, "
            + "with an emoji or two.\"}],\"seed\":7,\"n\":2";

    /**
     * The Fireworks flavour reports {@code token_id} and the exact {@code bytes} of every entry: looking the
     * bytes up in o200k_base must give back every id. {@code max_tokens} ends the choices before EOS, a
     * special token whose bytes no vocabulary lookup can resolve.
     */
    @Test
    void idsReconstructedFromBytesEqualTheIdsTheEngineReported() throws Exception {
        JsonObject body;
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.FIREWORKS).seed(11).build().start()) {
            body = post(sim.baseUri(), "{\"model\":\"" + Flavour.FIREWORKS.defaultModel() + "\"," + MESSAGES
                    + ",\"max_tokens\":40,\"logprobs\":true}");
        }
        // the simulator tokenizes with o200k_base; name a model that maps to it
        JsonObject asGpt4o = Json.createObjectBuilder(body).add("model", "gpt-4o").build();
        ExtractionContext ctx = ExtractionContext.of(ProviderShape.builder().build());
        for (int choice = 0; choice < 2; choice++) {
            assertThat(body.getJsonArray("choices").getJsonObject(choice).getString("finish_reason")).isEqualTo("length");
            ExtractedTokens reported = new ContentTokenIdExtractor().extract(body, choice, ctx);
            ExtractedTokens reconstructed = new TiktokenReconstructingExtractor().extract(asGpt4o, choice, ctx);
            assertThat(reported.completionTokenIds().orElseThrow().size()).isEqualTo(40);
            assertThat(reconstructed.completionTokenIds()).as("choice %s", choice)
                    .isEqualTo(reported.completionTokenIds());
        }
    }

    @Test
    void theOpenAiFlavourAcceptsWhatTheReconstructingExtractorContributesAndRejectsVllmFlags() throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.OPENAI).build().start()) {
            assertThat(status(sim.baseUri(), "{\"model\":\"gpt-4o-mini\"," + MESSAGES + ",\"logprobs\":true}"))
                    .isEqualTo(200);
            assertThat(status(sim.baseUri(), "{\"model\":\"gpt-4o-mini\"," + MESSAGES + ",\"return_token_ids\":true}"))
                    .as("why generic extractors never claim before the first response").isEqualTo(400);
        }
    }

    private static JsonObject post(URI base, String json) throws IOException {
        HttpURLConnection c = send(base, json);
        String body = read(c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream());
        assertThat(c.getResponseCode()).as(body).isEqualTo(200);
        return Fixtures.json(body);
    }

    private static int status(URI base, String json) throws IOException {
        HttpURLConnection c = send(base, json);
        int status = c.getResponseCode();
        read(status < 400 ? c.getInputStream() : c.getErrorStream());
        return status;
    }

    /** A plain POST on loopback (java.base only: the test runs inside this module, which reads nothing else). */
    private static HttpURLConnection send(URI base, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/chat/completions").toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return c;
    }

    private static String read(InputStream in) throws IOException {
        try (InputStream i = in) {
            return i == null ? "" : new String(i.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
