package io.evalprotocol.core.internal.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.spi.ApiKind;
import io.evalprotocol.spi.ExtractedTokens;
import io.evalprotocol.spi.ExtractionContext;
import io.evalprotocol.spi.ExtractorRequest;
import io.evalprotocol.spi.ProviderShape;
import io.evalprotocol.spi.TokenIdAccumulator;
import io.evalprotocol.spi.TokenIdExtractor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedParamsTest {
    private static String json(JsonObject o) {
        return EvalProtocolJson.writeValue(o);
    }

    @Test
    void everyParameterIsRecordedUnderItsOpenAiNameModelFirstExtraBodyNested() {
        JsonObject tool = Json.createObjectBuilder().add("type", "function")
                .add("function", Json.createObjectBuilder().add("name", "add")).build();
        CompletionParams p = CompletionParams.builder()
                .putExtraBody("top_k", Json.createValue(20))
                .stream(true).toolChoice(Json.createValue("auto")).tools(List.of(tool)).topLogprobs(5).logprobs(true)
                .seed(42L).stop(List.of("\n\n", "é")).n(2).maxTokens(512).topP(0.95).temperature(0.7)
                .putExtraBody("chat_template_kwargs", Json.createObjectBuilder().add("enable_thinking", false).build())
                .build();
        assertThat(json(RecordedParams.of("Qwen/Qwen3-8B", p))).isEqualTo("{\"model\":\"Qwen/Qwen3-8B\","
                + "\"temperature\":0.7,\"top_p\":0.95,\"max_tokens\":512,\"n\":2,\"stop\":[\"\\n\\n\",\"é\"],\"seed\":42,"
                + "\"logprobs\":true,\"top_logprobs\":5,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"add\"}}],"
                + "\"tool_choice\":\"auto\",\"stream\":true,"
                + "\"extra_body\":{\"top_k\":20,\"chat_template_kwargs\":{\"enable_thinking\":false}}}");
    }

    @Test
    void unsetParametersAreLeftOutSoOnlyTheModelRemains() {
        assertThat(json(RecordedParams.of("m", CompletionParams.none()))).isEqualTo("{\"model\":\"m\"}");
        assertThat(json(RecordedParams.of("m", CompletionParams.builder().stream(false).logprobs(false).build())))
                .isEqualTo("{\"model\":\"m\",\"logprobs\":false}");
    }

    @Test
    void floatsAreWrittenAsPydanticWritesThemIntegersAsInts() {
        Map<Double, String> pydantic = new LinkedHashMap<>();
        pydantic.put(0.0, "0.0");
        pydantic.put(1.0, "1.0");
        pydantic.put(0.1, "0.1");
        pydantic.put(1e-5, "0.00001");
        pydantic.put(5.5e-6, "5.5e-6");
        pydantic.put(1e16, "1e+16");
        pydantic.forEach((v, text) -> assertThat(json(RecordedParams.of("m", CompletionParams.builder().topP(v).build())))
                .isEqualTo("{\"model\":\"m\",\"top_p\":" + text + "}"));
        assertThat(json(RecordedParams.of("m", CompletionParams.builder().seed(Long.MIN_VALUE).maxTokens(1).build())))
                .isEqualTo("{\"model\":\"m\",\"max_tokens\":1,\"seed\":-9223372036854775808}");
    }

    @Test
    void extractorFlagsWithAnOpenAiNameTakeTheirPlaceAtTheTopOthersGoUnderExtraBody() {
        Map<String, JsonValue> flags = new LinkedHashMap<>();
        flags.put("return_token_ids", JsonValue.TRUE);
        flags.put("logprobs", JsonValue.TRUE);
        flags.put("top_logprobs", Json.createValue(0));
        CompletionParams p = CompletionParams.builder().maxTokens(8).seed(1L)
                .putExtraBody("top_k", Json.createValue(20)).build();
        assertThat(json(RecordedParams.of("m", p, flags))).isEqualTo("{\"model\":\"m\",\"max_tokens\":8,\"seed\":1,"
                + "\"logprobs\":true,\"top_logprobs\":0,\"extra_body\":{\"top_k\":20,\"return_token_ids\":true}}");
        assertThat(json(RecordedParams.of("m", CompletionParams.none(), Map.of("raw_output", JsonValue.TRUE))))
                .isEqualTo("{\"model\":\"m\",\"extra_body\":{\"raw_output\":true}}");
    }

    @Test
    void aFlagThatReplacedTheClientsValueIsRecordedWhereTheClientsValueWas() {
        CompletionParams p = CompletionParams.builder().logprobs(false)
                .putExtraBody("return_token_ids", JsonValue.FALSE).putExtraBody("top_logprobs", Json.createValue(3))
                .build();
        Map<String, JsonValue> flags = new LinkedHashMap<>();
        flags.put("logprobs", JsonValue.TRUE);
        flags.put("return_token_ids", JsonValue.TRUE);
        flags.put("top_logprobs", Json.createValue(5));
        // top_logprobs was sent as extra body: the flag replaces it there, so that a replay sends the flag's value
        assertThat(json(RecordedParams.of("m", p, flags))).isEqualTo("{\"model\":\"m\",\"logprobs\":true,"
                + "\"extra_body\":{\"return_token_ids\":true,\"top_logprobs\":5}}");
    }

    @Test
    void theContributionIsWhatTheExtractorAddedOrChangedNotWhatItLeftAsTheClientSetIt() {
        ProviderShape shape = ProviderShape.builder().providerHint("vllm").model("m")
                .apiKind(ApiKind.CHAT_COMPLETIONS).build();
        CompletionParams p = CompletionParams.builder().logprobs(false).maxTokens(4).stream(true)
                .putExtraBody("top_k", Json.createValue(20)).build();
        TokenIdExtractor e = contributing(r -> {
            r.setIfAbsent("logprobs", JsonValue.TRUE); // the client's false stays
            r.setIfAbsent("return_token_ids", JsonValue.TRUE);
            r.set("top_k", Json.createValue(20)); // the same value again: not a change
            r.set("max_tokens", Json.createValue(16));
        });
        Map<String, JsonValue> c = new RequestBody(p).contribution(shape, e);
        assertThat(c).containsExactly(Map.entry("max_tokens", Json.createValue(16)),
                Map.entry("return_token_ids", JsonValue.TRUE));
        assertThat(new RequestBody(p).contribution(shape, null)).isEmpty();
        assertThat(json(RecordedParams.of("m", p, c))).isEqualTo("{\"model\":\"m\",\"max_tokens\":16,"
                + "\"logprobs\":false,\"stream\":true,\"extra_body\":{\"top_k\":20,\"return_token_ids\":true}}");
    }

    private static TokenIdExtractor contributing(java.util.function.Consumer<ExtractorRequest> flags) {
        return new TokenIdExtractor() {
            @Override
            public String id() {
                return "test.flags";
            }

            @Override
            public boolean supports(ProviderShape shape) {
                return true;
            }

            @Override
            public void contribute(ExtractorRequest request) {
                flags.accept(request);
            }

            @Override
            public ExtractedTokens extract(JsonObject response, int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public TokenIdAccumulator newAccumulator(int choiceIndex, ExtractionContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void recordReplacesTheInputsParamsAndKeepsTheOtherMetadata() {
        JsonObject recorded = RecordedParams.of("m", CompletionParams.builder().temperature(0.5).build());
        InputMetadata in = InputMetadata.builder().rowId("r1")
                .completionParams(Json.createObjectBuilder().add("model", "old").add("top_k", 5).build())
                .sessionData(Json.createObjectBuilder().add("mode", "pointwise").build())
                .putAdditionalProperty("custom", JsonValue.TRUE).build();
        InputMetadata out = RecordedParams.apply(in, recorded);
        assertThat(out.completionParams()).isSameAs(recorded);
        assertThat(out.rowId()).contains("r1");
        assertThat(out.sessionData()).isEqualTo(in.sessionData());
        assertThat(out.additionalProperties()).isEqualTo(in.additionalProperties());
        assertThat(RecordedParams.apply(out, recorded)).isSameAs(out);
        assertThat(RecordedParams.apply(in, null)).isSameAs(in);
    }
}
