package io.evalprotocol.testkit.sim;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get OpenAI-format errors that say what is wrong and where. */
class RequestValidationTest {
    private static SimulatedProvider openai;
    private static SimulatedProvider vllm;

    @BeforeAll
    static void start() {
        openai = SimulatedProvider.builder().flavour(Flavour.OPENAI).build().start();
        vllm = SimulatedProvider.builder().flavour(Flavour.VLLM).build().start();
    }

    @AfterAll
    static void stop() {
        openai.close();
        vllm.close();
    }

    private static JsonObject error(SimulatedProvider sim, String path, String body, int status) throws Exception {
        HttpResponse<String> r = new SimClient(sim).post(path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject error = SimClient.parse(r.body()).getJsonObject("error");
        assertThat(error.keySet()).containsExactly("message", "type", "param", "code");
        return error;
    }

    @Test
    void rejectsBodiesThatAreNotJson() throws Exception {
        JsonObject e = error(openai, "/chat/completions", "{\"model\":", 400);
        assertThat(e.getString("message")).startsWith("We could not parse the JSON body of your request");
        assertThat(e.getString("type")).isEqualTo("invalid_request_error");
    }

    @Test
    void namesTheMissingParameter() throws Exception {
        JsonObject e = error(openai, "/chat/completions", "{\"model\":\"m\"}", 400);
        assertThat(e.getString("param")).isEqualTo("messages");
        assertThat(e.getString("code")).isEqualTo("missing_required_parameter");
        JsonObject role = error(openai, "/chat/completions", "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}", 400);
        assertThat(role.getString("param")).isEqualTo("messages[0].role");
    }

    @Test
    void rejectsOutOfRangeNumbers() throws Exception {
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],";
        assertThat(error(openai, "/chat/completions", base + "\"n\":0}", 400).getString("code"))
                .isEqualTo("integer_below_min_value");
        assertThat(error(openai, "/chat/completions", base + "\"n\":500}", 400).getString("code"))
                .isEqualTo("integer_above_max_value");
        assertThat(error(openai, "/chat/completions", base + "\"temperature\":3.5}", 400).getString("param"))
                .isEqualTo("temperature");
        assertThat(error(openai, "/chat/completions", base + "\"max_tokens\":\"ten\"}", 400).getString("code"))
                .isEqualTo("invalid_type");
        assertThat(error(openai, "/chat/completions", base + "\"top_logprobs\":3}", 400).getString("param"))
                .isEqualTo("top_logprobs");
        assertThat(error(openai, "/chat/completions", base + "\"stream_options\":{\"include_usage\":true}}", 400)
                .getString("param")).isEqualTo("stream_options");
    }

    @Test
    void openAiRejectsVllmOnlyParametersButVllmAcceptsThem() throws Exception {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"return_token_ids\":true}";
        assertThat(error(openai, "/chat/completions", body, 400).getString("message"))
                .isEqualTo("Unrecognized request argument supplied: return_token_ids");
        assertThat(new SimClient(vllm).post("/chat/completions", body).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsTokenIdsOutsideTheVocabulary() throws Exception {
        JsonObject e = error(vllm, "/completions", "{\"model\":\"m\",\"prompt\":[1,2,250000]}", 400);
        assertThat(e.getString("param")).isEqualTo("prompt");
        assertThat(e.getString("message")).contains("250000").contains("out of vocabulary");
    }

    @Test
    void rejectsUnknownToolChoice() throws Exception {
        JsonObject e = error(openai, "/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}}", 400);
        assertThat(e.getString("param")).isEqualTo("tool_choice");
    }

    @Test
    void unknownPathsAndMethodsGetErrors() throws Exception {
        error(openai, "/embeddings", "{}", 404);
        HttpResponse<String> r = SimClient.HTTP.send(HttpRequest.newBuilder(URI.create(openai.baseUri()
                + "/chat/completions")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void listsTheServedModel() throws Exception {
        HttpResponse<String> r = new SimClient(vllm).get("/models");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject model = SimClient.parse(r.body()).getJsonArray("data").getJsonObject(0);
        assertThat(model.getString("id")).isEqualTo(Flavour.VLLM.defaultModel());
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        try (SimulatedProvider small = SimulatedProvider.builder().maxRequestBytes(64).build().start()) {
            error(small, "/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(100) + "\"}]}", 413);
        }
    }

    @Test
    void requiresTheConfiguredApiKeyAndNeverEchoesIt() throws Exception {
        String key = "sk-sim-secret-0123456789";
        try (SimulatedProvider sim = SimulatedProvider.builder().requireApiKey(key).build().start()) {
            SimClient c = new SimClient(sim);
            String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<String> missing = c.post("/chat/completions", body);
            assertThat(missing.statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = c.post("/chat/completions", body, "Authorization", "Bearer sk-wrong-key-777");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(SimClient.parse(wrong.body()).getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
            assertThat(wrong.body()).doesNotContain("sk-wrong-key-777").doesNotContain(key);
            assertThat(c.post("/chat/completions", body, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
            assertThat(c.get("/models").statusCode()).isEqualTo(401);
            assertThat(sim.stats().status(401)).isEqualTo(3);
        }
    }
}
