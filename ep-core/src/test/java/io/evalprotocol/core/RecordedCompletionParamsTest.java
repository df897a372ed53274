package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.testkit.sim.Fault;
import io.evalprotocol.testkit.sim.FaultPlan;
import io.evalprotocol.testkit.sim.FaultRule;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A row's {@code input_metadata.completion_params} is what its request was sent with, the token-id extractor's
 * flags included, so that Python eval-protocol can replay it ({@code litellm.completion(**completion_params)}
 * sends {@code extra_body}'s fields at the top level): for every bundled extractor, streamed or not, the record
 * with {@code extra_body} flattened equals the body the simulated provider received, less {@code messages} and
 * {@code stream_options}, also after a JSONL round trip.
 */
class RecordedCompletionParamsTest {
    private static final List<String> BUNDLED = List.of("vllm.token-ids", "vllm.logprob-token-ids",
            "fireworks.raw-output", "fireworks.token-ids", "openai.choice-token-ids", "openai.content-token-id",
            "openai.legacy-token-ids", "openai.tiktoken-reconstructed");

    /** The record as the request fields a replay sends: {@code extra_body} flattened into the top level. */
    static Map<String, String> replayed(JsonObject recorded) {
        Map<String, String> fields = new TreeMap<>();
        recorded.forEach((k, v) -> {
            if (!k.equals("extra_body")) {
                fields.put(k, EvalProtocolJson.writeValue(v));
            }
        });
        if (recorded.containsKey("extra_body")) {
            recorded.getJsonObject("extra_body").forEach((k, v) -> fields.put(k, EvalProtocolJson.writeValue(v)));
        }
        return fields;
    }

    /** A request body's fields as the record stands for them: without {@code messages} and {@code stream_options}. */
    static Map<String, String> sent(JsonObject body) {
        Map<String, String> fields = new TreeMap<>();
        body.forEach((k, v) -> {
            if (!k.equals("messages") && !k.equals("stream_options")) {
                fields.put(k, EvalProtocolJson.writeValue(v));
            }
        });
        return fields;
    }

    @Test
    void theListOfBundledExtractorsIsComplete() {
        assertThat(TokenIdExtractorRegistry.load().extractors()).extracting(e -> e.id())
                .containsExactlyInAnyOrderElementsOf(BUNDLED);
    }

    static Stream<Arguments> bundled() {
        return BUNDLED.stream().flatMap(id -> Stream.of(Arguments.of(id, false), Arguments.of(id, true)));
    }

    @ParameterizedTest(name = "{0}, stream={1}")
    @MethodSource("bundled")
    void recordEqualsTheRequestTheProviderReceivedAfterAJsonlRoundTrip(String extractor, boolean stream)
            throws IOException {
        Flavour flavour = extractor.startsWith("fireworks.") ? Flavour.FIREWORKS
                : extractor.startsWith("vllm.") || extractor.equals("openai.choice-token-ids") ? Flavour.VLLM
                : Flavour.OPENAI;
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        CompletionParams.Builder params = CompletionParams.builder().temperature(0.7).maxTokens(12).seed(7L)
                .stop(List.of("\n\n")).stream(stream);
        if (flavour != Flavour.OPENAI) {
            // OpenAI refuses fields it does not know; the others take these
            params.putExtraBody("top_k", Json.createValue(20))
                    .putExtraBody("chat_template_kwargs", Json.createObjectBuilder().add("enable_thinking", false).build());
        }
        List<EvaluationRow> rows = new ArrayList<>();
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(flavour).seed(3)
                .faults(FaultPlan.of(FaultRule.when(r -> !bodies.add(r.body()), Fault.serverError()))).build().start();
                EpClient client = EpClient.builder().environment(k -> null, k -> null).baseUri(sim.baseUri())
                        .model(sim.model()).tokenIdExtractor(extractor).allowReconstructedTokenIds(true)
                        .retryPolicy(RetryPolicy.none()).completionParams(params.build()).build()) {
            SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client);
            for (String q : List.of("What is 2 + 2?", "Name a colour.")) {
                rows.add(p.process(EvaluationRow.of(List.of(Message.user(q)))).join());
            }
        }

        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        try (JsonlRowWriter out = JsonlRowWriter.of(jsonl)) {
            for (EvaluationRow r : rows) {
                out.write(r);
            }
        }
        List<EvaluationRow> back = JsonlRowReader.of(new ByteArrayInputStream(jsonl.toByteArray())).stream().toList();
        assertThat(bodies).hasSize(2);
        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonObject sentBody = (JsonObject) RawJsonValue.of(bodies.get(i));
            JsonObject recorded = back.get(i).inputMetadata().completionParams();
            assertThat(replayed(recorded)).as("row %d: %s", i, rows.get(i).rolloutStatus())
                    .isEqualTo(sent(sentBody));
            assertThat(EvalProtocolJson.writeValue(recorded))
                    .isEqualTo(EvalProtocolJson.writeValue(rows.get(i).inputMetadata().completionParams()))
                    .startsWith("{\"model\":");
        }
    }
}
