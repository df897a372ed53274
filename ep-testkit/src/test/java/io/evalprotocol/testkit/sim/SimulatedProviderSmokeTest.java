package io.evalprotocol.testkit.sim;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedProviderSmokeTest {

    private static final String GSM = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
            + "How many clips did Natalia sell altogether in April and May?\"}]%s}";

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void answersArithmeticWithAnAnswerLineAndStreamsTheSameContent(Flavour flavour) throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(flavour).seed(7).build().start()) {
            SimClient client = new SimClient(sim);
            JsonObject full = client.chat(String.format(GSM, ""));
            String content = full.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
            assertThat(content).endsWith("Answer: 72");

            HttpResponse<String> streamed = client.post("/chat/completions", String.format(GSM, ",\"stream\":true"));
            assertThat(streamed.headers().firstValue("content-type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/event-stream"));
            List<JsonObject> events = SimClient.events(streamed.body());
            StringBuilder sb = new StringBuilder();
            for (JsonObject e : events) {
                for (var c : e.getJsonArray("choices")) {
                    JsonObject delta = c.asJsonObject().getJsonObject("delta");
                    if (delta.containsKey("content") && !SimClient.isNull(delta, "content")) {
                        sb.append(delta.getString("content"));
                    }
                }
            }
            assertThat(sb.toString()).isEqualTo(content);
        }
    }

    @Test
    void worksWithTheJdkClientsDefaultHttp2UpgradeAttempt() throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder().build().start()) {
            java.net.http.HttpClient defaults = java.net.http.HttpClient.newHttpClient();
            HttpResponse<String> r = defaults.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sim.baseUri() + "/chat/completions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(String.format(GSM, ""))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void stopStringsEndTheReplyAndVllmReportsTheMatchedString() throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).build().start()) {
            JsonObject c = new SimClient(sim).chat(String.format(GSM, ",\"stop\":[\"Answer:\"],\"return_token_ids\":true"))
                    .getJsonArray("choices").getJsonObject(0);
            assertThat(c.getString("finish_reason")).isEqualTo("stop");
            assertThat(c.getString("stop_reason")).isEqualTo("Answer:");
            String content = c.getJsonObject("message").getString("content");
            assertThat(content).doesNotContain("Answer:").contains("48 + 24 = 72");
            int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
            assertThat(TokenConsistencyTest.decode(ids)).isEqualTo(content);
        }
    }

    @Test
    void resetFaultSurfacesAsIOException() {
        try (SimulatedProvider sim = SimulatedProvider.builder()
                .faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.reset()))).build().start()) {
            SimClient client = new SimClient(sim);
            assertThatThrownBy(() -> client.post("/chat/completions", String.format(GSM, "")))
                    .isInstanceOf(IOException.class);
            assertThat(sim.stats().faults(FaultKind.RESET)).isEqualTo(1);
        }
    }
}
