package io.evalprotocol.testkit.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins every flavour's responses to the structure of the reference fixtures: same keys, same order, same
 * nesting and value types (values themselves differ: the fixtures use Qwen ids, the simulator o200k).
 */
class FixtureShapeTest {
    private static final Map<Flavour, SimulatedProvider> SIMS = new EnumMap<>(Flavour.class);

    private static final String HELLO = "\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Hi\"}]";
    private static final String WEATHER_TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
            + "\"get_weather\",\"description\":\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";

    @BeforeAll
    static void start() {
        for (Flavour f : Flavour.values()) {
            SIMS.put(f, SimulatedProvider.builder().flavour(f).seed(3).build().start());
        }
    }

    @AfterAll
    static void stop() {
        SIMS.values().forEach(SimulatedProvider::close);
    }

    // ------------------------------------------------------------------ openai

    @Test
    void openAiChatWithLogprobsMatchesFixture() throws Exception {
        assertSameShape("openai-chat-logprobs.json", chat(Flavour.OPENAI, "{" + HELLO
                + ",\"logprobs\":true,\"top_logprobs\":2}"));
    }

    @Test
    void openAiChatWithoutLogprobsMatchesFixture() throws Exception {
        assertSameShape("openai-chat-no-logprobs.json", chat(Flavour.OPENAI, "{" + HELLO + "}"));
    }

    @Test
    void openAiToolCallMatchesFixture() throws Exception {
        assertSameShape("openai-chat-toolcall.json", chat(Flavour.OPENAI, "{\"model\":\"m\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Use get_weather for Paris\"}]," + WEATHER_TOOLS + ",\"logprobs\":true}"));
    }

    @Test
    void openAiStreamMatchesFixture() throws Exception {
        assertSameStreamShape("openai-chat-stream.sse", stream(Flavour.OPENAI, "/chat/completions", "{" + HELLO
                + ",\"logprobs\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    }

    @Test
    void openAiLegacyCompletionMatchesFixture() throws Exception {
        assertSameShape("openai-completions-legacy-logprobs.json", completion(Flavour.OPENAI,
                "{\"model\":\"m\",\"prompt\":\"Say something nice\",\"max_tokens\":4,\"logprobs\":1}"));
    }

    // ------------------------------------------------------------------ vllm

    @Test
    void vllmChatWithTokenIdsMatchesFixture() throws Exception {
        assertSameShape("vllm-chat-return-token-ids.json", chat(Flavour.VLLM, "{" + HELLO
                + ",\"logprobs\":true,\"return_token_ids\":true,\"max_tokens\":6}"));
    }

    @Test
    void vllmChatWithTokensAsIdsMatchesFixture() throws Exception {
        assertSameShape("vllm-chat-tokens-as-ids.json", chat(Flavour.VLLM, "{" + HELLO
                + ",\"logprobs\":true,\"top_logprobs\":2,\"return_tokens_as_token_ids\":true}"));
    }

    @Test
    void vllmStreamMatchesFixture() throws Exception {
        assertSameStreamShape("vllm-chat-stream.sse", stream(Flavour.VLLM, "/chat/completions", "{" + HELLO
                + ",\"logprobs\":true,\"return_token_ids\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}"));
    }

    @Test
    void vllmCompletionWithTokenPromptMatchesFixture() throws Exception {
        assertSameShape("vllm-completions-token-ids.json", completion(Flavour.VLLM, "{\"model\":\"m\",\"prompt\":"
                + "[13225,11,922,1308,382],\"n\":2,\"max_tokens\":3,\"logprobs\":1,\"return_token_ids\":true}"));
    }

    // ------------------------------------------------------------------ fireworks

    @Test
    void fireworksChatWithLogprobsMatchesFixture() throws Exception {
        assertSameShape("fireworks-chat-logprobs.json", chat(Flavour.FIREWORKS, "{" + HELLO
                + ",\"logprobs\":true,\"top_logprobs\":1,\"return_token_ids\":true}"));
    }

    @Test
    void fireworksRawOutputMatchesFixtureApartFromReasoning() throws Exception {
        JsonObject fixture = fixture("fireworks-chat-raw-output.json");
        // the simulator has no reasoning parser: drop the one field it never produces
        String expected = Shape.of(fixture).replace(",reasoning_content:s", "");
        JsonObject ours = chat(Flavour.FIREWORKS, "{" + HELLO + ",\"logprobs\":true,\"raw_output\":true,"
                + "\"perf_metrics_in_response\":true}");
        assertThat(Shape.of(ours)).isEqualTo(expected);
    }

    @Test
    void fireworksStreamMatchesFixture() throws Exception {
        assertSameStreamShape("fireworks-chat-stream.sse", stream(Flavour.FIREWORKS, "/chat/completions", "{" + HELLO
                + ",\"logprobs\":true,\"return_token_ids\":true,\"stream\":true}"));
    }

    @Test
    void fireworksLegacyCompletionMatchesFixture() throws Exception {
        assertSameShape("fireworks-completions-token-ids.json", completion(Flavour.FIREWORKS, "{\"model\":\"m\","
                + "\"prompt\":[13225,11,922,1308,382],\"max_tokens\":3,\"logprobs\":1,\"return_token_ids\":true}"));
    }

    @Test
    void fireworksContentLogprobsCompletionMatchesFixture() throws Exception {
        assertSameShape("fireworks-completions-logprobs-content.json", completion(Flavour.FIREWORKS,
                "{\"model\":\"m\",\"prompt\":[13225,11,922,1308,382],\"max_tokens\":3,\"logprobs\":true,"
                        + "\"return_token_ids\":true}"));
    }

    // ------------------------------------------------------------------ helpers

    private static JsonObject chat(Flavour f, String body) throws Exception {
        return new SimClient(SIMS.get(f)).chat(body);
    }

    private static JsonObject completion(Flavour f, String body) throws Exception {
        return new SimClient(SIMS.get(f)).completions(body);
    }

    private static List<JsonObject> stream(Flavour f, String path, String body) throws Exception {
        var r = new SimClient(SIMS.get(f)).post(path, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return SimClient.events(r.body());
    }

    private static void assertSameShape(String fixtureName, JsonObject ours) {
        assertThat(Shape.of(ours)).as(fixtureName).isEqualTo(Shape.of(fixture(fixtureName)));
    }

    /** First chunk, first token chunk, finishing chunk and usage-only chunk are compared one to one. */
    private static void assertSameStreamShape(String fixtureName, List<JsonObject> ours) {
        List<JsonObject> theirs = SimClient.events(resource(fixtureName));
        assertThat(Shape.of(ours.get(0))).as(fixtureName + " first chunk").isEqualTo(Shape.of(theirs.get(0)));
        assertThat(Shape.of(ours.get(1))).as(fixtureName + " token chunk").isEqualTo(Shape.of(theirs.get(1)));
        assertThat(Shape.of(finishing(ours))).as(fixtureName + " finishing chunk")
                .isEqualTo(Shape.of(finishing(theirs)));
        JsonObject theirUsage = usageOnly(theirs);
        JsonObject ourUsage = usageOnly(ours);
        assertThat(ourUsage == null).as(fixtureName + " usage-only chunk present").isEqualTo(theirUsage == null);
        if (theirUsage != null) {
            assertThat(Shape.of(ourUsage)).as(fixtureName + " usage chunk").isEqualTo(Shape.of(theirUsage));
        }
    }

    private static JsonObject finishing(List<JsonObject> events) {
        for (JsonObject e : events) {
            JsonArray choices = e.getJsonArray("choices");
            if (!choices.isEmpty() && choices.getJsonObject(0).get("finish_reason").getValueType()
                    == JsonValue.ValueType.STRING) {
                return e;
            }
        }
        throw new AssertionError("no finishing chunk");
    }

    private static JsonObject usageOnly(List<JsonObject> events) {
        JsonObject last = events.get(events.size() - 1);
        return last.getJsonArray("choices").isEmpty() ? last : null;
    }

    static JsonObject fixture(String name) {
        return SimClient.parse(resource(name));
    }

    static String resource(String name) {
        try (InputStream in = FixtureShapeTest.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource fixtures/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compact, order-preserving description of a JSON document's structure. */
    static final class Shape {
        static String of(JsonValue v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, "");
            return sb.toString();
        }

        private static void write(StringBuilder sb, JsonValue v, String key) {
            switch (v.getValueType()) {
                case OBJECT: {
                    sb.append('{');
                    boolean first = true;
                    for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        sb.append(e.getKey()).append(':');
                        write(sb, e.getValue(), e.getKey());
                    }
                    sb.append('}');
                    return;
                }
                case ARRAY: {
                    JsonArray a = v.asJsonArray();
                    if (a.isEmpty()) {
                        sb.append("[]");
                        return;
                    }
                    JsonValue first = a.get(0);
                    if (key.equals("top_logprobs") && first.getValueType() == JsonValue.ValueType.OBJECT
                            && !first.asJsonObject().containsKey("token")) {
                        sb.append("[{token->n}]"); // legacy dicts keyed by token text
                        return;
                    }
                    if (key.equals("prompt_fragments")) {
                        sb.append("[n|s]");
                        return;
                    }
                    sb.append('[');
                    write(sb, first, key);
                    sb.append(']');
                    return;
                }
                case STRING:
                    sb.append('s');
                    return;
                case NUMBER:
                    sb.append('n');
                    return;
                case NULL:
                    sb.append("null");
                    return;
                default:
                    sb.append('b');
            }
        }
    }
}
