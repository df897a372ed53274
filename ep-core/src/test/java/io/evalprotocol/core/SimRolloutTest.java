package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
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
        assertThat(b.messages().get(2).logprobs().get().toString()).isEqualTo(a.messages().get(2).logprobs().get().toString());
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
}
