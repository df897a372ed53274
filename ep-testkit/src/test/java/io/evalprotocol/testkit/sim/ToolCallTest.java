package io.evalprotocol.testkit.sim;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallTest {
    private static final Map<Flavour, SimulatedProvider> SIMS = new EnumMap<>(Flavour.class);
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":"
            + "\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},\"days\":{\"type\":\"integer\"}}}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"search_web\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"query\":{\"type\":\"string\"}}}}}]";
    private static final String ASK_WEATHER = "\"messages\":[{\"role\":\"user\",\"content\":\"Please use get_weather: "
            + "what will it be like in Paris for the next 3 days?\"}]";

    @BeforeAll
    static void start() {
        for (Flavour f : Flavour.values()) {
            SIMS.put(f, SimulatedProvider.builder().flavour(f).seed(9).build().start());
        }
    }

    @AfterAll
    static void stop() {
        SIMS.values().forEach(SimulatedProvider::close);
    }

    private static SimClient client(Flavour f) {
        return new SimClient(SIMS.get(f));
    }

    private static String body(Flavour f, String messages, String extra) {
        return "{\"model\":\"m\"," + messages + "," + TOOLS + (f == Flavour.OPENAI ? "" : ",\"return_token_ids\":true")
                + extra + "}";
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void mentionedToolIsCalledWithArgumentsFromTheSchemaAndTheQuestion(Flavour f) throws Exception {
        JsonObject c = client(f).chat(body(f, ASK_WEATHER, "")).getJsonArray("choices").getJsonObject(0);
        assertThat(c.getString("finish_reason")).isEqualTo("tool_calls");
        JsonObject message = c.getJsonObject("message");
        assertThat(SimClient.isNull(message, "content")).isTrue();
        JsonObject call = message.getJsonArray("tool_calls").getJsonObject(0);
        assertThat(call.getString("type")).isEqualTo("function");
        assertThat(call.getString("id")).startsWith(f == Flavour.VLLM ? "chatcmpl-tool-" : "call_");
        JsonObject fn = call.getJsonObject("function");
        assertThat(fn.getString("name")).isEqualTo("get_weather");
        JsonObject args = SimClient.parse(fn.getString("arguments"));
        assertThat(args.getString("city")).isEqualTo("Paris");
        assertThat(args.getString("unit")).isEqualTo("celsius");
        assertThat(args.getInt("days")).isEqualTo(3);
        if (f != Flavour.OPENAI) {
            int[] ids = SimClient.ints(c.getJsonArray("token_ids"));
            String markup = TokenConsistencyTest.decode(Arrays.copyOf(ids, ids.length - 1));
            assertThat(markup).startsWith("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": ")
                    .endsWith("}\n</tool_call>");
            assertThat(ids[ids.length - 1]).isEqualTo(TokenConsistencyTest.IM_END);
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void streamedToolCallCarriesTheSameCall(Flavour f) throws Exception {
        String b = body(f, ASK_WEATHER, "");
        JsonObject full = client(f).chat(b);
        JsonObject c = full.getJsonArray("choices").getJsonObject(0);
        var raw = client(f).post("/chat/completions", b.substring(0, b.length() - 1) + ",\"stream\":true}");
        StreamAccumulator.Acc acc = StreamAccumulator.of(SimClient.events(raw.body()), true).choices.get(0);
        JsonObject fn = c.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
        assertThat(acc.toolName).isEqualTo("get_weather");
        assertThat(acc.toolArguments.toString()).isEqualTo(fn.getString("arguments"));
        assertThat(acc.finishReason).isEqualTo("tool_calls");
        assertThat(acc.content.toString()).isEmpty();
        if (f != Flavour.OPENAI) {
            assertThat(acc.ids()).containsExactly(SimClient.ints(c.getJsonArray("token_ids")));
        }
    }

    @Test
    void namedToolChoiceForcesTheCallAndVllmSendsEmptyContent() throws Exception {
        JsonObject c = client(Flavour.VLLM).chat(body(Flavour.VLLM,
                "\"messages\":[{\"role\":\"user\",\"content\":\"Look up the latest Java release\"}]",
                ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"search_web\"}}"))
                .getJsonArray("choices").getJsonObject(0);
        assertThat(c.getJsonObject("message").getString("content")).isEmpty();
        JsonObject fn = c.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
        assertThat(fn.getString("name")).isEqualTo("search_web");
        assertThat(SimClient.parse(fn.getString("arguments")).getString("query"))
                .isEqualTo("Look up the latest Java release");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void noToolIsCalledWhenNotMentionedOrDisabled(Flavour f) throws Exception {
        JsonObject plain = client(f).chat(body(f, "\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"}]", ""))
                .getJsonArray("choices").getJsonObject(0);
        assertThat(plain.getString("finish_reason")).isEqualTo("stop");
        assertThat(plain.getJsonObject("message").getString("content")).endsWith("Answer: 4");
        JsonObject none = client(f).chat(body(f, ASK_WEATHER, ",\"tool_choice\":\"none\""))
                .getJsonArray("choices").getJsonObject(0);
        assertThat(none.getString("finish_reason")).isEqualTo("stop");
    }

    @Test
    void requiredToolChoiceCallsTheFirstToolWhenNoneIsMentioned() throws Exception {
        JsonObject c = client(Flavour.OPENAI).chat(body(Flavour.OPENAI,
                "\"messages\":[{\"role\":\"user\",\"content\":\"Anything new in Berlin?\"}]", ",\"tool_choice\":\"required\""))
                .getJsonArray("choices").getJsonObject(0);
        JsonObject fn = c.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
        assertThat(fn.getString("name")).isEqualTo("get_weather");
        assertThat(SimClient.parse(fn.getString("arguments")).getString("city")).isEqualTo("Berlin");
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void toolResultIsAnsweredInText(Flavour f) throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Use get_weather for Paris\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"temperature_c\\\": 18, "
                + "\\\"condition\\\": \\\"cloudy\\\"}\"}]";
        JsonObject c = client(f).chat(body(f, messages, "")).getJsonArray("choices").getJsonObject(0);
        assertThat(c.getString("finish_reason")).isEqualTo("stop");
        assertThat(c.getJsonObject("message").getString("content"))
                .contains("get_weather").contains("temperature c is 18").contains("condition is cloudy");
    }
}
