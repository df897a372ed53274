package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.errors.EpServiceException;
import io.evalprotocol.testkit.sim.Fault;
import io.evalprotocol.testkit.sim.FaultPlan;
import io.evalprotocol.testkit.sim.FaultRule;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimRolloutTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    SimulatedProvider sim(Flavour flavour) {
        SimulatedProvider sim = SimulatedProvider.builder().flavour(flavour).seed(7).build().start();
        closeables.add(sim);
        return sim;
    }

    EpClient.Builder client(SimulatedProvider sim) {
        return EpClient.builder()
                .environment(k -> null, k -> null)
                .baseUri(sim.baseUri())
                .model(sim.model())
                .provider(sim.flavour().name().toLowerCase(java.util.Locale.ROOT))
                .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())))
                .sleeper(d -> {
                    waits.add(d);
                    return CompletableFuture.completedFuture(null);
                })
                .maxConcurrentRequests(4);
    }

    EpClient build(EpClient.Builder b) {
        EpClient c = b.build();
        closeables.add(c);
        return c;
    }

    static EvaluationRow row(String question) {
        return EvaluationRow.builder()
                .addMessage(Message.system("You are terse."))
                .addMessage(Message.user(question))
                .build();
    }

    @Test
    void vllmRowGetsAssistantMessageWithTokenIdsLogprobsAndTrace() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        EpClient client = build(client(sim).completionParams(CompletionParams.builder().logprobs(true).maxTokens(32).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("Say hello")).join();

        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(out.messages()).hasSize(3);
        Message a = out.messages().get(2);
        assertThat(a.role().value()).isEqualTo("assistant");
        assertThat(a.tokenIds()).isPresent();
        assertThat(a.logprobs()).isPresent();
        JsonObject extra = out.executionMetadata().extra().orElseThrow();
        assertThat(extra.getString("token_ids_extractor")).isEqualTo(ChoiceTokenIdsExtractor.ID);
        assertThat(extra.getString("token_ids_source")).isEqualTo("choices[].token_ids");
        assertThat(extra.getJsonArray("prompt_token_ids")).isNotEmpty();
        JsonObject alignment = extra.getJsonObject("token_alignment");
        assertThat(alignment.getInt("token_ids")).isEqualTo(a.tokenIds().get().size());
        assertThat(alignment.getBoolean("aligned")).isTrue();
        assertThat(out.executionMetadata().usage()).isPresent();
        assertThat(out.executionMetadata().finishReason()).isPresent();
        assertThat(out.executionMetadata().rolloutDurationSeconds()).isPresent();
        assertThat(out.executionMetadata().toolCallCount()).hasValue(0);
    }

    @Test
    void streamedRolloutYieldsTheSameRowAsNonStreamed() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        CompletionParams p = CompletionParams.builder().logprobs(true).topLogprobs(2).maxTokens(40).seed(3L).build();
        EpClient plain = build(client(sim).completionParams(p));
        EpClient streamed = build(client(sim).completionParams(p.toBuilder().stream(true).build()));
        EvaluationRow a = new SingleTurnRolloutProcessor(plain).process(row("Tell me about tokens")).join();
        EvaluationRow b = new SingleTurnRolloutProcessor(streamed).process(row("Tell me about tokens")).join();
        assertThat(a.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(b.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(b.messages()).isEqualTo(a.messages());
        assertThat(EvalProtocolJson.writeMessage(b.messages().get(2))).isEqualTo(EvalProtocolJson.writeMessage(a.messages().get(2)));
        assertThat(b.executionMetadata().extra()).isEqualTo(a.executionMetadata().extra());
        assertThat(b.executionMetadata().usage()).isEqualTo(a.executionMetadata().usage());
        assertThat(b.executionMetadata().finishReason()).isEqualTo(a.executionMetadata().finishReason());
    }

    @Test
    void retriesRateLimitHonouringRetryAfterThenSucceeds() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.rateLimited(Duration.ofMillis(1234)))));
        EpClient client = build(client(sim));
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(waits).containsExactly(Duration.ofMillis(1234));
        assertThat(sim.stats().status(429)).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesGiveErrorRowWithDetails() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(10, Fault.unavailable())));
        EpClient client = build(client(sim).retryPolicy(RetryPolicy.builder().jitter(0).build()));
        EvaluationRow in = row("hi");
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(in).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.UNAVAILABLE);
        assertThat(out.rolloutStatus().message()).contains("HTTP 503").contains("after 3 attempts");
        JsonObject detail = out.rolloutStatus().details().get(0);
        assertThat(detail.getString("reason")).isEqualTo("HTTP_503");
        assertThat(detail.getJsonObject("metadata").getString("http_status")).isEqualTo("503");
        assertThat(detail.getJsonObject("metadata").getString("attempts")).isEqualTo("3");
        assertThat(out.messages()).isEqualTo(in.messages());
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409})
    void requestTimeoutAndConflictAreRetriedThenSucceed(int status) {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.status(status))));
        EpClient client = build(client(sim).retryPolicy(RetryPolicy.builder().jitter(0).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(sim.stats().status(status)).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
        "408, io.evalprotocol.errors.RequestTimeoutException, DEADLINE_EXCEEDED",
        "409, io.evalprotocol.errors.ConflictException, ABORTED"})
    void exhaustedRetriesOnRequestTimeoutOrConflictThrowTheirTypeAndGiveTheirStatus(int status, String type,
            String code) throws ClassNotFoundException {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(100, Fault.status(status))));
        EpClient client = build(client(sim).retryPolicy(RetryPolicy.builder().jitter(0).build()));

        Throwable direct = catchThrowable(() -> client.rollout(row("hi")));
        assertThat(direct).isInstanceOf(Class.forName(type));
        assertThat(((EpServiceException) direct).statusCode()).isEqualTo(status);
        assertThat(((EpServiceException) direct).isRetryable()).isTrue();
        assertThat(sim.stats().status(status)).isEqualTo(3);

        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
        assertThat(out.rolloutStatus().code().name()).isEqualTo(code);
        JsonObject detail = out.rolloutStatus().details().get(0);
        assertThat(detail.getString("reason")).isEqualTo("HTTP_" + status);
        assertThat(detail.getJsonObject("metadata").getString("exception")).isEqualTo(type);
        assertThat(detail.getJsonObject("metadata").getString("attempts")).isEqualTo("3");
    }

    @Test
    void serverErrorIsRetriedThenSucceeds() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.serverError())));
        EpClient client = build(client(sim).retryPolicy(RetryPolicy.builder().jitter(0).build()));
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        assertThat(waits).containsExactly(Duration.ofMillis(500));
        assertThat(sim.stats().status(500)).isEqualTo(1);
    }

    @Test
    void keepsEveryChoiceWhenNIsGreaterThanOne() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        CompletionParams p = CompletionParams.builder().n(3).logprobs(true).maxTokens(16).temperature(1.0).build();
        for (boolean stream : new boolean[] {false, true}) {
            EpClient client = build(client(sim).completionParams(p.toBuilder().stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("Write a word")).join();
            assertThat(out.rolloutStatus().code()).as("stream=" + stream).isEqualTo(StatusCode.FINISHED);
            assertThat(out.messages()).hasSize(3);
            JsonObject extra = out.executionMetadata().extra().orElseThrow();
            jakarta.json.JsonArray others = extra.getJsonArray("choices");
            assertThat(others).hasSize(2);
            for (int i = 0; i < 2; i++) {
                JsonObject c = others.getJsonObject(i);
                assertThat(c.getInt("index")).isEqualTo(i + 1);
                JsonObject m = c.getJsonObject("message");
                assertThat(m.getString("role")).isEqualTo("assistant");
                assertThat(m.getJsonArray("token_ids")).isNotEmpty();
                assertThat(m.get("logprobs")).isNotNull();
                assertThat(c.getString("token_ids_source")).isEqualTo("choices[].token_ids");
                assertThat(c.getJsonObject("token_alignment").getInt("token_ids")).isEqualTo(m.getJsonArray("token_ids").size());
            }
        }
    }

    @Test
    void toolCallsBecomeToolCallsWithEmptyContentStreamedOrNot() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        JsonObject tool = (JsonObject) io.evalprotocol.api.RawJsonValue.of("{\"type\":\"function\",\"function\":{\"name\":"
                + "\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}}}");
        List<EvaluationRow> outs = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            EpClient client = build(client(sim).completionParams(CompletionParams.builder().tools(List.of(tool))
                    .stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("What is the weather in Paris? Use get_weather.")).join();
            assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
            Message a = out.messages().get(2);
            assertThat(a.toolCalls()).isPresent();
            assertThat(a.toolCalls().get().get(0).function().name()).isEqualTo("get_weather");
            assertThat(a.toolCalls().get().get(0).function().arguments()).contains("Paris");
            assertThat(a.content()).contains("");
            assertThat(out.executionMetadata().toolCallCount()).hasValue(1);
            assertThat(out.executionMetadata().finishReason().map(Object::toString)).contains("tool_calls");
            outs.add(out);
        }
        assertThat(outs.get(1).messages()).isEqualTo(outs.get(0).messages());
    }

    @Test
    void malformedJsonIsAnInvalidResponseRow() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.malformedJson())));
        EvaluationRow out = new SingleTurnRolloutProcessor(build(client(sim))).process(row("hi")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DATA_LOSS);
        assertThat(out.rolloutStatus().message()).contains("malformed JSON in response body");
        assertThat(out.rolloutStatus().details().get(0).getString("reason")).isEqualTo("INVALID_RESPONSE");
        assertThat(sim.stats().generationRequests()).isEqualTo(1); // not retried
    }

    @Test
    void wrongContentTypeIsAnInvalidResponseRowStreamedOrNot() {
        for (boolean stream : new boolean[] {false, true}) {
            SimulatedProvider sim = sim(Flavour.VLLM);
            sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.wrongContentType())));
            EpClient client = build(client(sim).completionParams(CompletionParams.builder().stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
            assertThat(out.rolloutStatus().code()).as("stream=" + stream).isEqualTo(StatusCode.DATA_LOSS);
            assertThat(out.rolloutStatus().message()).contains("text/html");
        }
    }

    @Test
    void truncatedBodyIsRetriedAsIoErrorAndFailsWhenRetriesAreOff() {
        for (boolean stream : new boolean[] {false, true}) {
            SimulatedProvider sim = sim(Flavour.VLLM);
            sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.truncated())));
            CompletionParams p = CompletionParams.builder().stream(stream).build();
            EvaluationRow retried = new SingleTurnRolloutProcessor(build(client(sim).completionParams(p))).process(row("hi")).join();
            assertThat(retried.rolloutStatus().code()).as("stream=" + stream).isEqualTo(StatusCode.FINISHED);

            sim.faults(FaultPlan.of(FaultRule.firstRequests(100, Fault.truncated())));
            EvaluationRow failed = new SingleTurnRolloutProcessor(build(client(sim).completionParams(p)
                    .retryPolicy(RetryPolicy.none()))).process(row("hi")).join();
            assertThat(failed.rolloutStatus().code()).as("stream=" + stream).isIn(StatusCode.UNAVAILABLE, StatusCode.DATA_LOSS);
            assertThat(failed.rolloutStatus().message()).as("stream=" + stream)
                    .containsAnyOf("closed before the response was complete", "stream ended before");
        }
    }

    @Test
    void silentServerHitsResponseTimeout() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.delay(Duration.ofSeconds(5)))));
        EpClient client = build(client(sim).responseTimeout(Duration.ofMillis(300)).retryPolicy(RetryPolicy.none()));
        EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("hi")).join();
        assertThat(out.rolloutStatus().code()).isEqualTo(StatusCode.DEADLINE_EXCEEDED);
        assertThat(out.rolloutStatus().message()).contains("responseTimeout=PT0.3S");
    }

    @Test
    void oversizeResponseFailsNamingTheLimitStreamedOrNot() {
        for (boolean stream : new boolean[] {false, true}) {
            SimulatedProvider sim = sim(Flavour.VLLM);
            EpClient client = build(client(sim).maxResponseBytes(600)
                    .completionParams(CompletionParams.builder().logprobs(true).topLogprobs(5).maxTokens(64).stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("Tell me a long story")).join();
            assertThat(out.rolloutStatus().code()).as("stream=" + stream).isEqualTo(StatusCode.DATA_LOSS);
            assertThat(out.rolloutStatus().message()).contains("600 bytes").contains("maxResponseBytes");
        }
    }

    @Test
    void apiKeyIsSentButNeverAppearsInRowsMessagesOrToString() {
        String key = "sk-RECOGNIZABLE-secret-0123456789";
        SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(1).requireApiKey(key).build().start();
        closeables.add(sim);
        EpClient good = build(client(sim).apiKey(key));
        EpClient bad = build(client(sim).apiKey(key + "-WRONG").retryPolicy(RetryPolicy.none()));
        EvaluationRow ok = new SingleTurnRolloutProcessor(good).process(row("hi")).join();
        assertThat(ok.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        EvaluationRow denied = new SingleTurnRolloutProcessor(bad).process(row("hi")).join();
        assertThat(denied.rolloutStatus().code()).isEqualTo(StatusCode.UNAUTHENTICATED);
        Throwable direct = org.assertj.core.api.Assertions.catchThrowable(() -> bad.rollout(row("hi")));
        assertThat(direct).isInstanceOf(io.evalprotocol.errors.UnauthorizedException.class);
        for (String text : List.of(EvalProtocolJson.writeRow(ok), EvalProtocolJson.writeRow(denied),
                ok.toString(), denied.toString(), good.toString(), bad.toString(),
                String.valueOf(direct.getMessage()), ((EpServiceException) direct).bodyExcerpt(),
                good.engine().config().toString())) {
            assertThat(text).doesNotContain(key).doesNotContain("RECOGNIZABLE");
        }
    }

    @Test
    void everyRowRecordsItsCompletionParamsReplacingTheDatasetsAndRoundTripsThroughJsonl() {
        String key = "sk-RECOGNIZABLE-secret-0123456789";
        SimulatedProvider sim = sim(Flavour.VLLM);
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.status(400))));
        CompletionParams params = CompletionParams.builder().temperature(0.25).maxTokens(24).seed(5L).logprobs(true)
                .putExtraBody("top_k", jakarta.json.Json.createValue(3)).build();
        EpClient client = build(client(sim).apiKey(key).header("X-Tenant-Token", "tenant-RECOGNIZABLE")
                .completionParams(params));
        String expected = "{\"model\":\"" + sim.model() + "\",\"temperature\":0.25,\"max_tokens\":24,\"seed\":5,"
                + "\"logprobs\":true,\"extra_body\":{\"top_k\":3,\"return_token_ids\":true}}";
        EvaluationRow fromDataset = row("hi").toBuilder().inputMetadata(io.evalprotocol.api.InputMetadata.builder()
                .rowId("r1").completionParams(jakarta.json.Json.createObjectBuilder().add("model", "older-model")
                        .add("temperature", 1.5).add("top_k", 50).build()).build()).build();

        SingleTurnRolloutProcessor processor = new SingleTurnRolloutProcessor(client);
        EvaluationRow failed = processor.process(row("first request gets a 400")).join();
        EvaluationRow finished = processor.process(fromDataset).join();
        EvaluationRow direct = client.rollout(row("direct"));

        assertThat(failed.rolloutStatus().code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
        assertThat(finished.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
        for (EvaluationRow r : List.of(failed, finished, direct)) {
            assertThat(EvalProtocolJson.writeValue(r.inputMetadata().completionParams())).isEqualTo(expected);
        }
        assertThat(finished.inputMetadata().rowId()).contains("r1");
        String written = EvalProtocolJson.writeRow(finished);
        assertThat(written).contains("\"input_metadata\":{\"row_id\":\"r1\",\"completion_params\":" + expected + "}");

        java.io.ByteArrayOutputStream jsonl = new java.io.ByteArrayOutputStream();
        try (JsonlRowWriter out = JsonlRowWriter.of(jsonl)) {
            out.write(failed);
            out.write(finished);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String text = jsonl.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("RECOGNIZABLE").doesNotContain("Authorization");
        List<EvaluationRow> back = JsonlRowReader.of(new java.io.ByteArrayInputStream(jsonl.toByteArray())).stream().toList();
        assertThat(back).hasSize(2);
        assertThat(back.get(0).inputMetadata().completionParams()).isEqualTo(failed.inputMetadata().completionParams());
        assertThat(back.get(1).inputMetadata().completionParams()).isEqualTo(finished.inputMetadata().completionParams());
        assertThat(EvalProtocolJson.writeRow(back.get(0)) + "\n" + EvalProtocolJson.writeRow(back.get(1)) + "\n")
                .isEqualTo(text);
    }

    @Test
    void runKeepsOneOutputPerInputPositionWhenTheSameRowInstanceIsSampledSeveralTimes() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        EpClient client = build(client(sim).completionParams(CompletionParams.builder().temperature(1.0).build()));
        EvaluationRow prompt = row("Say hello");
        EvaluationRow other = row("Tell me about tokens");
        List<EvaluationRow> inputs = new ArrayList<>(Collections.nCopies(6, prompt));
        inputs.add(2, other);

        List<EvaluationRow> out = new SingleTurnRolloutProcessor(client).run(inputs);

        assertThat(out).hasSize(7).doesNotContainNull();
        assertThat(out).allSatisfy(r -> assertThat(r.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED));
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(out.get(i).messages().subList(0, 2)).as("row %d", i).isEqualTo(inputs.get(i).messages());
        }
        assertThat(out.stream().map(r -> r.executionMetadata().rolloutId().orElseThrow()).distinct()).hasSize(7);
        assertThat(sim.stats().requests()).isEqualTo(7);
    }

    @Test
    void vllmFlavourWithDiscoveredExtractorsStreamedOrNot() {
        SimulatedProvider sim = sim(Flavour.VLLM);
        CompletionParams p = CompletionParams.builder().logprobs(true).maxTokens(24).seed(11L).build();
        List<EvaluationRow> rows = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            EpClient client = build(client(sim).extractorRegistry(TokenIdExtractorRegistry.load())
                    .completionParams(p.toBuilder().stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("Name a colour")).join();
            assertThat(out.rolloutStatus().code()).as("stream=" + stream).isEqualTo(StatusCode.FINISHED);
            JsonObject extra = out.executionMetadata().extra().orElseThrow();
            assertThat(extra.getString("token_ids_extractor")).isEqualTo("vllm.token-ids");
            Message a = out.messages().get(2);
            assertThat(a.tokenIds()).isPresent();
            assertThat(extra.getJsonObject("token_alignment").getBoolean("aligned")).isTrue();
            rows.add(out);
        }
        assertThat(rows.get(1).messages()).isEqualTo(rows.get(0).messages());
        assertThat(rows.get(1).executionMetadata().extra()).isEqualTo(rows.get(0).executionMetadata().extra());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Flavour.class, names = {"VLLM", "FIREWORKS", "OPENAI"})
    void everyFlavourRollsOutTheSameRowStreamedOrNot(Flavour flavour) {
        SimulatedProvider sim = sim(flavour);
        CompletionParams p = CompletionParams.builder().logprobs(true).maxTokens(24).seed(5L).build();
        List<EvaluationRow> rows = new ArrayList<>();
        for (boolean stream : new boolean[] {false, true}) {
            EpClient client = build(client(sim).extractorRegistry(TokenIdExtractorRegistry.load())
                    .completionParams(p.toBuilder().stream(stream).build()));
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(row("Name a fruit")).join();
            assertThat(out.rolloutStatus().code()).as(flavour + " stream=" + stream).isEqualTo(StatusCode.FINISHED);
            rows.add(out);
        }
        Message plain = rows.get(0).messages().get(2);
        Message streamed = rows.get(1).messages().get(2);
        assertThat(streamed.content()).isEqualTo(plain.content());
        assertThat(streamed.tokenIds()).isEqualTo(plain.tokenIds());
        assertThat(streamed.logprobs()).isEqualTo(plain.logprobs());
        if (flavour == Flavour.OPENAI) {
            assertThat(plain.tokenIds()).isEmpty();
            assertThat(rows.get(0).executionMetadata().extra().get().containsKey("token_ids_unavailable")).isTrue();
        } else {
            assertThat(plain.tokenIds()).isPresent();
            assertThat(rows.get(0).executionMetadata().extra().get().getString("token_ids_extractor"))
                    .startsWith(flavour.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
    }
}
