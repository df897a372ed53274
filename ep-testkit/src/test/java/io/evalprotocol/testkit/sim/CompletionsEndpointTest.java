package io.evalprotocol.testkit.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionsEndpointTest {
    private static final int ENDOFTEXT = 199_999;
    private static final Map<Flavour, SimulatedProvider> SIMS = new EnumMap<>(Flavour.class);

    @BeforeAll
    static void start() {
        for (Flavour f : Flavour.values()) {
            SIMS.put(f, SimulatedProvider.builder().flavour(f).seed(5).build().start());
        }
    }

    @AfterAll
    static void stop() {
        SIMS.values().forEach(SimulatedProvider::close);
    }

    private static SimClient client(Flavour f) {
        return new SimClient(SIMS.get(f));
    }

    private static int[] encode(String text) {
        return TokenConsistencyTest.O200K.encodeOrdinary(text).toArray();
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"VLLM", "FIREWORKS"})
    void tokenIdPromptIsEchoedPerChoiceAndIdsDecodeToText(Flavour f) throws Exception {
        int[] prompt = encode("Question: What is 6 * 7?\nAnswer:");
        JsonObject r = client(f).completions("{\"model\":\"base\",\"prompt\":" + Arrays.toString(prompt)
                + ",\"n\":2,\"return_token_ids\":true}");
        JsonArray choices = r.getJsonArray("choices");
        assertThat(choices).hasSize(2);
        int completionTokens = 0;
        for (int i = 0; i < 2; i++) {
            JsonObject c = choices.getJsonObject(i);
            assertThat(c.getInt("index")).isEqualTo(i);
            assertThat(SimClient.ints(c.getJsonArray("prompt_token_ids"))).containsExactly(prompt);
            int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
            assertThat(c.getString("finish_reason")).isEqualTo("stop");
            assertThat(ids[ids.length - 1]).isEqualTo(ENDOFTEXT);
            assertThat(TokenConsistencyTest.decode(Arrays.copyOf(ids, ids.length - 1))).isEqualTo(c.getString("text"));
            assertThat(c.getString("text")).contains("6 × 7 = 42").endsWith("Answer: 42");
            completionTokens += ids.length;
        }
        JsonObject usage = r.getJsonObject("usage");
        assertThat(usage.getInt("prompt_tokens")).isEqualTo(prompt.length);
        assertThat(usage.getInt("completion_tokens")).isEqualTo(completionTokens);
    }

    @Test
    void batchedPromptsGetNChoicesEachAndCountEachPromptOnce() throws Exception {
        JsonObject r = client(Flavour.VLLM).completions("{\"model\":\"base\",\"prompt\":[\"Once upon a time\","
                + "\"The best way to learn Java is\"],\"n\":2,\"max_tokens\":8,\"return_token_ids\":true}");
        JsonArray choices = r.getJsonArray("choices");
        assertThat(choices).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonObject c = choices.getJsonObject(i);
            assertThat(c.getInt("index")).isEqualTo(i);
            String prompt = i < 2 ? "Once upon a time" : "The best way to learn Java is";
            assertThat(SimClient.ints(c.getJsonArray("prompt_token_ids"))).containsExactly(encode(prompt));
            assertThat(c.getJsonArray("token_ids")).hasSizeLessThanOrEqualTo(8);
        }
        assertThat(r.getJsonObject("usage").getInt("prompt_tokens"))
                .isEqualTo(encode("Once upon a time").length + encode("The best way to learn Java is").length);
    }

    @Test
    void openAiLegacyOffsetsStartAtTheEndOfThePrompt() throws Exception {
        String prompt = "Tell me about the ocean:";
        JsonObject r = client(Flavour.OPENAI).completions("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\""
                + prompt + "\",\"logprobs\":2,\"max_tokens\":12}");
        JsonObject c = r.getJsonArray("choices").getJsonObject(0);
        JsonObject lp = c.getJsonObject("logprobs");
        JsonArray offsets = lp.getJsonArray("text_offset");
        JsonArray tokens = lp.getJsonArray("tokens");
        int expected = prompt.length();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(offsets.getInt(i)).isEqualTo(expected);
            text.append(tokens.getString(i));
            expected += tokens.getString(i).codePointCount(0, tokens.getString(i).length());
            JsonObject top = lp.getJsonArray("top_logprobs").getJsonObject(i);
            assertThat(top).containsKey(tokens.getString(i)).hasSize(3);
        }
        assertThat(text.toString()).isEqualTo(c.getString("text"));
        assertThat(lp.getJsonArray("token_logprobs")).hasSize(tokens.size());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void streamedCompletionMatchesTheNonStreamedOne(Flavour f) throws Exception {
        String body = "{\"model\":\"base\",\"prompt\":\"Question: What is 12 + 30?\\nAnswer:\",\"n\":2"
                + (f == Flavour.OPENAI ? "" : ",\"return_token_ids\":true") + "}";
        JsonObject full = client(f).completions(body);
        var raw = client(f).post("/completions", body.substring(0, body.length() - 1)
                + ",\"stream\":true" + (f == Flavour.FIREWORKS ? "" : ",\"stream_options\":{\"include_usage\":true}") + "}");
        assertThat(raw.statusCode()).isEqualTo(200);
        StreamAccumulator s = StreamAccumulator.of(SimClient.events(raw.body()), false);
        for (JsonValue cv : full.getJsonArray("choices")) {
            JsonObject c = cv.asJsonObject();
            StreamAccumulator.Acc acc = s.choices.get(c.getInt("index"));
            assertThat(acc.content.toString()).isEqualTo(c.getString("text"));
            assertThat(acc.finishReason).isEqualTo(c.getString("finish_reason"));
            if (f != Flavour.OPENAI) {
                assertThat(acc.ids()).containsExactly(SimClient.ints(c.getJsonArray("token_ids")));
                assertThat(acc.promptTokenIds).containsExactly(SimClient.ints(c.getJsonArray("prompt_token_ids")));
            }
        }
        assertThat(s.usage.getInt("completion_tokens")).isEqualTo(full.getJsonObject("usage").getInt("completion_tokens"));
    }

    @Test
    void fireworksLegacyLogprobsCarryTokenIds() throws Exception {
        JsonObject c = client(Flavour.FIREWORKS).completions("{\"model\":\"base\",\"prompt\":\"Hello, my name is\","
                + "\"logprobs\":2,\"max_tokens\":4}").getJsonArray("choices").getJsonObject(0);
        JsonObject lp = c.getJsonObject("logprobs");
        assertThat(lp.getJsonArray("token_ids")).hasSize(4);
        assertThat(TokenConsistencyTest.decode(SimClient.ints(lp.getJsonArray("token_ids")))).isEqualTo(c.getString("text"));
        assertThat(c.containsKey("token_ids")).as("token_ids only with return_token_ids").isFalse();
    }
}
