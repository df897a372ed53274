package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.core.EvalProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ep rollout} in-process against the simulated provider: the newcomer's first command, every flavour. */
class RolloutEndToEndTest {
    static final Path GSM8K = Path.of("../examples/datasets/gsm8k-mini.jsonl").toAbsolutePath().normalize();
    static final Path TOOLS = Path.of("../examples/datasets/tool-calling-sample.jsonl").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    static List<EvaluationRow> rows(Path output) throws IOException {
        List<EvaluationRow> rows = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            rows.add(EvalProtocolJson.readRow(line));
        }
        return rows;
    }

    static Set<String> rowIds(List<EvaluationRow> rows) {
        return rows.stream().map(r -> r.inputMetadata().rowId().orElseThrow()).collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm", "fireworks", "openai"})
    void rollsOutTheExampleDatasetAgainstEachSimulatedFlavour(String flavour) throws IOException {
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "--input", GSM8K.toString(), "--output", out.toString(), "--flavour", flavour,
                "--progress-interval", "0");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.outLines().get(0)).startsWith("No --base-url given: started the simulated " + flavour
                + " provider in-process at http://127.0.0.1:");
        assertThat(r.outLines().get(1)).isEqualTo("Input " + GSM8K + ": 20 rows; output " + out + ".");
        assertThat(r.out).contains("progress: 20/20 rows (20 ok, 0 failed)").contains("Done in ")
                .contains("20 ok, 0 failed");
        List<EvaluationRow> rows = rows(out);
        assertThat(rows).hasSize(20);
        assertThat(rowIds(rows)).hasSize(20);
        for (EvaluationRow row : rows) {
            assertThat(row.rolloutStatus().isFinished()).as(row.toString()).isTrue();
            Message answer = row.lastAssistantMessage().orElseThrow();
            assertThat(answer.text()).isNotBlank();
            if (flavour.equals("openai")) {
                // OpenAI exposes no ids; reconstructing them is opt-in
                assertThat(answer.tokenIds()).isEmpty();
            } else {
                assertThat(answer.tokenIds()).isPresent();
                assertThat(answer.tokenIds().get().size()).isEqualTo(
                        (int) row.executionMetadata().usage().orElseThrow().completionTokens().orElseThrow());
            }
        }
        if (flavour.equals("openai")) {
            assertThat(r.out).contains("token ids on 0 of 20 ok rows").contains("extractor   none")
                    .contains("no ids      20 ok rows carry no token ids").contains("--allow-reconstructed-token-ids");
        } else {
            assertThat(r.out).contains("token ids on 20 of 20 ok rows").contains("20 aligned, 0 misaligned")
                    .contains("extractor   " + flavour + ".").doesNotContain("no ids");
        }
        assertThat(r.err).isEmpty();
    }

    @Test
    void streamsAndKeepsEveryChoice() throws IOException {
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", TOOLS.toString(), "-o", out.toString(), "--stream", "--n", "2",
                "--temperature", "0.7", "--progress", "none");

        assertThat(r.exitCode).as(r.toString()).isZero();
        List<EvaluationRow> rows = rows(out);
        assertThat(rows).hasSize(5);
        for (EvaluationRow row : rows) {
            assertThat(row.tools()).isPresent();
            assertThat(row.lastAssistantMessage().orElseThrow().tokenIds()).isPresent();
            assertThat(row.executionMetadata().extra().orElseThrow().getJsonArray("choices")).hasSize(1);
        }
    }

    @Test
    void everyOutputRowRecordsTheSamplingFlagsAsCompletionParamsFailedRowsToo() throws IOException {
        String params = "\"completion_params\":{\"model\":\"ep-sim/o200k-instruct\",\"temperature\":0.5,"
                + "\"max_tokens\":16,\"n\":2,\"seed\":3,\"logprobs\":true,\"top_logprobs\":2,\"stream\":true,"
                + "\"extra_body\":{\"return_token_ids\":true}}";
        for (String faults : new String[] {"none", "400=100"}) {
            Path out = dir.resolve("out-" + faults + ".jsonl");
            List<String> args = new ArrayList<>(List.of("rollout", "-i", GSM8K.toString(), "-o", out.toString(),
                    "--stream", "--n", "2", "--temperature", "0.5", "--max-tokens", "16", "--seed", "3",
                    "--top-logprobs", "2", "--progress", "none"));
            if (!faults.equals("none")) {
                args.addAll(List.of("--fault-mix", faults));
            }

            CliRun r = CliRun.run(args.toArray(new String[0]));

            assertThat(r.exitCode).as(r.toString()).isEqualTo(faults.equals("none") ? EpCommand.OK : EpCommand.ROWS_FAILED);
            assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).hasSize(20)
                    .allSatisfy(line -> assertThat(line).contains(params));
            assertThat(rows(out)).allMatch(row -> row.rolloutStatus().isFinished() == faults.equals("none"));
        }
    }

    @Test
    void resumingACompleteOutputHasNothingToDo() throws IOException {
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString()).exitCode).isZero();
        String before = Files.readString(out);

        CliRun r = CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString(), "--resume");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("resuming " + out + ": 20 already there, 0 to go.")
                .contains("Nothing to do: every input row is already in " + out);
        assertThat(Files.readString(out)).isEqualTo(before);
    }

    @Test
    void resumeRepairsATornLastLineAndRunsOnlyTheMissingRows() throws IOException {
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString()).exitCode).isZero();
        List<String> complete = Files.readAllLines(out, StandardCharsets.UTF_8);
        // what a kill leaves: 7 whole rows and half of the 8th
        String torn = String.join("\n", complete.subList(0, 7)) + "\n" + complete.get(7).substring(0, 150);
        Files.writeString(out, torn, StandardCharsets.UTF_8);

        CliRun r = CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString(), "--resume");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).contains("removed a torn last line (line 8, 150 bytes");
        assertThat(r.out).contains("resuming " + out + ": 7 already there, 13 to go.").contains("13 ok, 0 failed");
        List<EvaluationRow> rows = rows(out);
        assertThat(rows).hasSize(20);
        assertThat(rowIds(rows)).isEqualTo(rowIds(complete.stream().map(EvalProtocolJson::readRow).toList()));
        assertThat(Files.readAllLines(out).subList(0, 7)).isEqualTo(complete.subList(0, 7));
    }

    @Test
    void failedRowsAreWrittenWithTheirStatusAndCountedByReason() throws IOException {
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString(), "--fault-mix", "400=100");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.ROWS_FAILED);
        assertThat(r.out).contains("0 ok, 20 failed").contains("failed      INVALID_ARGUMENT: 20 rows (first: row-");
        assertThat(r.err).contains("failed: INVALID_ARGUMENT").contains("(further failures are only counted)");
        List<EvaluationRow> rows = rows(out);
        assertThat(rows).hasSize(20).allSatisfy(row -> assertThat(row.rolloutStatus().isError()).isTrue());
    }

    @Test
    void resumingSaysThatFailedRowsAreNotRetried() throws IOException {
        Path out = dir.resolve("out.jsonl");
        assertThat(CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString(), "--fault-mix", "400=100")
                .exitCode).isEqualTo(EpCommand.ROWS_FAILED);

        CliRun r = CliRun.run("rollout", "-i", GSM8K.toString(), "-o", out.toString(), "--resume");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("20 already there (20 failed, not retried), 0 to go.")
                .contains("20 rows there have an error rollout_status; remove those lines and resume");
    }

    @Test
    void anEmptyInputHasNothingToDo() throws IOException {
        Path in = dir.resolve("empty.jsonl");
        Files.writeString(in, "\n\n");

        CliRun r = CliRun.run("rollout", "-i", in.toString(), "-o", dir.resolve("out.jsonl").toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("Nothing to do: " + in + " holds no rows.");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @Test
    void skippedBadLinesAreCountedAndTheRestRuns() throws IOException {
        Path in = dir.resolve("in.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(GSM8K).subList(0, 3));
        lines.add(1, "{\"messages\": \"not a list\"}");
        lines.add("{\"truncated");
        Files.write(in, lines);
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", in.toString(), "-o", out.toString(), "--on-bad-line", "skip");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).contains("skipping bad input line: " + in + ": line 2:")
                .contains("skipping bad input line: " + in + ": line 5: not valid JSON");
        assertThat(r.out).contains("3 rows (2 bad lines skipped)").contains("2 bad input lines skipped");
        assertThat(rows(out)).hasSize(3);
    }

    @Test
    void drawsABarInPlaceOnATerminal() throws IOException {
        Path out = dir.resolve("out.jsonl");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        CliEnvironment terminal = new CliEnvironment(stdout, stdout, java.util.Map.of("COLUMNS", "100"), true,
                System::nanoTime);

        int code = EpCommand.execute(terminal, "rollout", "-i", GSM8K.toString(), "-o", out.toString());

        String screen = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(screen).isZero();
        assertThat(screen).contains("\r[========================================] 20/20 rows  0 failed")
                .contains("\u001b[K").contains("\nDone in ");
        for (String redraw : screen.split("\r")) {
            if (redraw.startsWith("[")) {
                String bar = redraw.substring(0, redraw.indexOf('\u001b'));
                assertThat(bar.length()).as("fits in 100 columns: %s", bar).isLessThan(100);
            }
        }
    }

    @Test
    void sendsTheKeyFromTheNamedVariableAndNeverPrintsIt() throws IOException {
        Path out = dir.resolve("out.jsonl");
        String key = "sk-test-5f1e0c-do-not-print";

        CliRun r = CliRun.run(java.util.Map.of("MY_SIM_KEY", key), "rollout", "-i", GSM8K.toString(), "-o",
                out.toString(), "--api-key-env", "MY_SIM_KEY");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out + r.err).doesNotContain(key).contains("20 ok, 0 failed");
        assertThat(Files.readString(out)).doesNotContain(key);
    }

    @Test
    void identicalInputLinesBecomeDistinctRows() throws IOException {
        Path in = dir.resolve("in.jsonl");
        String line = Files.readAllLines(GSM8K).get(0);
        Files.write(in, List.of(line, line, line));
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", in.toString(), "-o", out.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(rowIds(rows(out))).hasSize(3);
    }
}
