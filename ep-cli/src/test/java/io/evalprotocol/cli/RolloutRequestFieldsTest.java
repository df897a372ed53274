package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.testkit.sim.Fault;
import io.evalprotocol.testkit.sim.FaultPlan;
import io.evalprotocol.testkit.sim.FaultRule;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --top-p}, {@code --stop} and {@code --extra-body} against a simulated provider started here, so that
 * the request bodies it received can be read: each field reaches every request and is recorded in the rows'
 * {@code input_metadata.completion_params}.
 */
class RolloutRequestFieldsTest {
    @TempDir
    Path dir;

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private SimulatedProvider sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** A provider of {@code flavour} that records the body of every generation request it receives. */
    private SimulatedProvider recording(Flavour flavour) {
        sim = SimulatedProvider.builder().flavour(flavour)
                .faults(FaultPlan.of(FaultRule.when(r -> !bodies.add(r.body()), Fault.serverError())))
                .build().start();
        return sim;
    }

    private Path input(int rows) throws IOException {
        Path in = dir.resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"What is " + i + " + 1?\"}]}");
        }
        Files.write(in, lines, StandardCharsets.UTF_8);
        return in;
    }

    private CliRun rollout(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("rollout", "-i", input(3).toString(), "-o",
                dir.resolve("out.jsonl").toString(), "--base-url", sim.baseUri().toString(), "--model", sim.model(),
                "--provider", sim.flavour().id(), "--progress", "none", "--max-tokens", "8"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static JsonObject json(String text) {
        return (JsonObject) RawJsonValue.of(text);
    }

    private List<EvaluationRow> rows() throws IOException {
        try (Stream<String> lines = Files.lines(dir.resolve("out.jsonl"))) {
            return lines.map(EvalProtocolJson::readRow).toList();
        }
    }

    @Test
    void topPStopAndExtraBodyFieldsReachEveryRequestAndAreRecordedInEveryRow() throws IOException {
        recording(Flavour.VLLM);
        CliRun r = rollout("--top-p", "0.95", "--stop", "Question:", "--stop", "\n\n", "--temperature", "0.5",
                "--extra-body", "top_k=20", "--extra-body", "chat_template_kwargs={\"enable_thinking\": false}",
                "--extra-body", "min_p=0.050", "--extra-body", "reasoning_effort=\"low\"",
                "--extra-body", "skip_special_tokens=false");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(bodies).hasSize(3);
        for (String body : bodies) {
            JsonObject sent = json(body);
            assertThat(sent.getJsonNumber("top_p").doubleValue()).isEqualTo(0.95);
            assertThat(sent.getJsonArray("stop").getValuesAs(jakarta.json.JsonString::getString))
                    .containsExactly("Question:", "\n\n");
            assertThat(sent.getJsonNumber("top_k").intValueExact()).isEqualTo(20);
            assertThat(sent.get("chat_template_kwargs").toString()).isEqualTo("{\"enable_thinking\":false}");
            assertThat(sent.getString("reasoning_effort")).isEqualTo("low");
            assertThat(sent.getBoolean("skip_special_tokens")).isFalse();
            // the number's text is sent as written
            assertThat(body).contains("\"min_p\":0.050");
            // the extractor's flag is still there, after the fields given
            assertThat(sent.getBoolean("return_token_ids")).isTrue();
        }
        List<EvaluationRow> rows = rows();
        assertThat(rows).hasSize(3);
        for (EvaluationRow row : rows) {
            assertThat(row.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED);
            assertThat(EvalProtocolJson.writeValue(row.inputMetadata().completionParams()))
                    .isEqualTo("{\"model\":\"" + sim.model() + "\",\"temperature\":0.5,\"top_p\":0.95,\"max_tokens\":8,"
                            + "\"stop\":[\"Question:\",\"\\n\\n\"],\"logprobs\":true,\"extra_body\":{\"top_k\":20,"
                            + "\"chat_template_kwargs\":{\"enable_thinking\":false},\"min_p\":0.050,"
                            + "\"reasoning_effort\":\"low\",\"skip_special_tokens\":false,\"return_token_ids\":true}}");
        }
    }

    @Test
    void aBaseUrlWithAQueryIsUsedAsGivenAndNeverWrittenToTheRows() throws IOException {
        recording(Flavour.VLLM);
        List<String> args = new ArrayList<>(List.of("rollout", "-i", input(2).toString(), "-o",
                dir.resolve("out.jsonl").toString(), "--base-url", sim.baseUri() + "/?api-version=2024-02-01&sig=SECRET-7",
                "--model", sim.model(), "--provider", "vllm", "--progress", "none", "--max-tokens", "8"));
        CliRun r = CliRun.run(args.toArray(String[]::new));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(bodies).hasSize(2);
        assertThat(rows()).hasSize(2).allSatisfy(row -> assertThat(row.rolloutStatus().code()).isEqualTo(StatusCode.FINISHED));
        assertThat(Files.readString(dir.resolve("out.jsonl"))).doesNotContain("SECRET-7").doesNotContain("api-version");
        assertThat(r.out + r.err).doesNotContain("SECRET-7");
    }

    @Test
    void withoutTheOptionsNoneOfTheirFieldsIsSent() throws IOException {
        recording(Flavour.VLLM);
        CliRun r = rollout();

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(bodies).hasSize(3).allSatisfy(body -> assertThat(json(body).keySet())
                .doesNotContain("top_p", "stop", "top_k", "extra_body"));
        assertThat(rows()).allSatisfy(row -> assertThat(
                EvalProtocolJson.writeValue(row.inputMetadata().completionParams()))
                .doesNotContain("top_p", "stop", "top_k"));
    }

    @Test
    void anExtraFieldOpenAiDoesNotKnowFailsEachRowWithTheServersMessage() throws IOException {
        recording(Flavour.OPENAI);
        CliRun r = rollout("--extra-body", "top_k=20");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.ROWS_FAILED);
        assertThat(rows()).hasSize(3).allSatisfy(row -> {
            assertThat(row.rolloutStatus().code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(row.rolloutStatus().message()).contains("Unrecognized request argument supplied: top_k");
        });
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOptionAndTheValueBeforeAnyRequest() throws IOException {
        recording(Flavour.VLLM);
        assertUsageError("--extra-body top_k is given twice", "--extra-body", "top_k=20", "--extra-body", "top_k=40");
        assertUsageError("--extra-body top_k: expected KEY=JSON, e.g. --extra-body top_k=20", "--extra-body", "top_k");
        assertUsageError("--extra-body =20: expected KEY=JSON", "--extra-body", "=20");
        assertUsageError("--extra-body reasoning_effort=low: the value is not JSON (", "--extra-body", "reasoning_effort=low");
        assertUsageError("; a string needs its JSON quotes: --extra-body 'reasoning_effort=\"low\"'",
                "--extra-body", "reasoning_effort=low");
        assertUsageError("--extra-body chat_template_kwargs={enable_thinking:false}: the value is not JSON (",
                "--extra-body", "chat_template_kwargs={enable_thinking:false}");
        assertUsageError("--extra-body top_k=20 40: the value is not JSON (", "--extra-body", "top_k=20 40");
        assertUsageError("--extra-body top_k=: the value is empty; give it in JSON, e.g. top_k=20", "--extra-body", "top_k=");
        assertUsageError("--extra-body temperature: 'temperature' has an option of its own; use --temperature",
                "--extra-body", "temperature=0.2");
        assertUsageError("'stream' has an option of its own; use --stream", "--extra-body", "stream=true");
        assertUsageError("'n' has an option of its own; use --n", "--extra-body", "n=2");
        assertUsageError("'top_p' has an option of its own; use --top-p", "--extra-body", "top_p=0.9");
        assertUsageError("'logprobs' has an option of its own; use --[no-]logprobs", "--extra-body", "logprobs=false");
        assertUsageError("--extra-body messages: 'messages' comes from the input rows, not from --extra-body", "--extra-body", "messages=[]");
        assertUsageError("--extra-body tools: 'tools' comes from the input rows, not from --extra-body", "--extra-body", "tools=[]");
        assertUsageError("--top-p must be between 0 and 1, got 1.5", "--top-p", "1.5");
        assertUsageError("--stop needs a non-empty stop sequence", "--stop", "");
        assertThat(bodies).as("no request was sent").isEmpty();
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    private void assertUsageError(String message, String... options) throws IOException {
        CliRun r = rollout(options);
        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).as(r.toString()).contains(message);
        assertThat(r.out).isEmpty();
    }
}
