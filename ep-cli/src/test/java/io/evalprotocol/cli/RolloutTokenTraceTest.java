package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.TokenLogprobs;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ep rollout --token-trace ids-only} end to end against the simulated provider: the same replies as the
 * default run, with the same token ids and, instead of the provider's logprobs object, one flat logprob per id.
 */
class RolloutTokenTraceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"vllm", "fireworks"})
    void idsOnlyRowsCarryTheSameIdsAndTheirFlatLogprobs(String flavour) throws IOException {
        Path full = dir.resolve("full.jsonl");
        Path ids = dir.resolve("ids.jsonl");

        CliRun a = CliRun.run("rollout", "-i", RolloutEndToEndTest.GSM8K.toString(), "-o", full.toString(),
                "--flavour", flavour, "--progress", "none");
        CliRun b = CliRun.run("rollout", "-i", RolloutEndToEndTest.GSM8K.toString(), "-o", ids.toString(),
                "--flavour", flavour, "--progress", "none", "--token-trace", "ids-only");

        assertThat(a.exitCode).as(a.toString()).isZero();
        assertThat(b.exitCode).as(b.toString()).isZero();
        assertThat(b.out).contains("token ids on 20 of 20 ok rows").contains("20 aligned, 0 misaligned");
        Map<String, EvaluationRow> fullRows = byId(RolloutEndToEndTest.rows(full));
        Map<String, EvaluationRow> idsRows = byId(RolloutEndToEndTest.rows(ids));
        assertThat(idsRows.keySet()).isEqualTo(fullRows.keySet());
        for (String id : fullRows.keySet()) {
            Message f = fullRows.get(id).lastAssistantMessage().orElseThrow();
            Message m = idsRows.get(id).lastAssistantMessage().orElseThrow();
            assertThat(m.text()).isEqualTo(f.text());
            assertThat(m.tokenIds()).isPresent().isEqualTo(f.tokenIds());
            TokenLogprobs flat = m.flatLogprobs().orElseThrow();
            assertThat(flat.size()).isEqualTo(m.tokenIds().get().size());
            // the provider object of the full run holds the same numbers, entry by entry
            JsonArray content = f.logprobs().orElseThrow().asJsonObject().getJsonArray("content");
            assertThat(content).hasSize(flat.size());
            for (int i = 0; i < flat.size(); i++) {
                JsonObject entry = content.getJsonObject(i);
                JsonValue sampling = entry.get("sampling_logprob");
                double expected = sampling instanceof jakarta.json.JsonNumber
                        ? entry.getJsonNumber("sampling_logprob").doubleValue()
                        : entry.getJsonNumber("logprob").doubleValue();
                assertThat(flat.get(i)).as("%s token %d", id, i).isEqualTo(expected);
            }
        }
        // the file holds the token-native shape: a flat list of numbers beside token_ids
        String line = Files.readAllLines(ids).get(0);
        assertThat(line).containsPattern("\"logprobs\":\\[-?[0-9]").doesNotContain("\"top_logprobs\"")
                .doesNotContain("\"content\":[{");
    }

    @Test
    void streamedChoicesAreKeptIdsOnlyToo() throws IOException {
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", RolloutEndToEndTest.TOOLS.toString(), "-o", out.toString(), "--stream",
                "--n", "2", "--temperature", "0.7", "--progress", "none", "--token-trace", "ids-only");

        assertThat(r.exitCode).as(r.toString()).isZero();
        List<EvaluationRow> rows = RolloutEndToEndTest.rows(out);
        assertThat(rows).hasSize(5);
        for (EvaluationRow row : rows) {
            Message m = row.lastAssistantMessage().orElseThrow();
            assertThat(m.flatLogprobs().orElseThrow().size()).isEqualTo(m.tokenIds().orElseThrow().size());
            JsonObject other = row.executionMetadata().extra().orElseThrow().getJsonArray("choices").getJsonObject(0)
                    .getJsonObject("message");
            assertThat(other.getJsonArray("logprobs")).hasSameSizeAs(other.getJsonArray("token_ids")).isNotEmpty();
            assertThat(other.getJsonArray("logprobs").get(0).getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
        }
    }

    @Test
    void rejectsAnUnknownTokenTrace() {
        CliRun r = CliRun.run("rollout", "-i", RolloutEndToEndTest.GSM8K.toString(), "-o",
                dir.resolve("o.jsonl").toString(), "--token-trace", "compact");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("--token-trace must be full or ids-only, got 'compact'");
        assertThat(dir.resolve("o.jsonl")).doesNotExist();
    }

    @Test
    void rejectsTopLogprobsThatIdsOnlyWouldDrop() {
        CliRun r = CliRun.run("rollout", "-i", RolloutEndToEndTest.GSM8K.toString(), "-o",
                dir.resolve("o.jsonl").toString(), "--token-trace", "ids-only", "--top-logprobs", "5");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("--top-logprobs asks for alternatives that --token-trace ids-only does not keep");
    }

    private static Map<String, EvaluationRow> byId(List<EvaluationRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.inputMetadata().rowId().orElseThrow(), Function.identity()));
    }
}
