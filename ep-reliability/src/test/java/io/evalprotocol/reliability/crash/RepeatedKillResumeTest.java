package io.evalprotocol.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.errors.EpException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ep rollout} killed with SIGKILL ({@link Process#destroyForcibly()}) at seeded random points, several
 * times, and resumed with {@code --resume} after each kill; then run to the end. The output must be valid
 * JSONL holding every input row exactly once, each the rollout of its own input. Kills are triggered by the
 * child's own per-row progress lines ({@code --progress-interval 0}), never by timers. The simulated provider
 * injects faults meanwhile, so failed rows (written with their error status, not retried on resume) are
 * part of the output too.
 *
 * <p>The seed of a run is printed; {@code -Dep.crash.seed=N} replays it.
 */
class RepeatedKillResumeTest {
    private static final Path JAR = Path.of(System.getProperty("ep.cli.jar", "../ep-cli/target/ep-cli-all.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // every request waits a little, so that a run is still going when the chosen progress line arrives
    private static final String FAULTS = "delay:15=90,500=3,reset=2,truncated=2,malformed=1,429:5=2";

    @TempDir
    Path dir;

    @Test
    void survivesThreeKillsAtRandomPoints() throws Exception {
        killAndResume(160, 3, 4, seed(1));
    }

    @Test
    @Tag("soak")
    void survivesTenKillsAtRandomPointsOfALargerRun() throws Exception {
        killAndResume(2_000, 10, 16, seed(2));
    }

    private static long seed(long fallback) {
        return Long.getLong("ep.crash.seed", fallback);
    }

    private void killAndResume(int rows, int kills, int concurrency, long seed) throws Exception {
        assertThat(JAR).as("the shaded CLI jar (built by ep-cli's package phase)").isRegularFile();
        Random random = new Random(seed);
        Path input = dir.resolve("rows.jsonl");
        Map<String, String> questions = writeInput(input, rows);
        Path output = dir.resolve("out.jsonl");
        List<String> report = new ArrayList<>();
        report.add("seed " + seed + ", " + rows + " rows, " + kills + " kills, concurrency " + concurrency);

        for (int k = 0; k < kills; k++) {
            long before = lines(output);
            long remaining = rows - before;
            if (remaining < 2) {
                break;
            }
            // kill after a random number of this run's finished rows, somewhere in the first half of what is left
            int killAfter = 1 + random.nextInt((int) Math.max(1, remaining / 2));
            Process p = ep(input, output, k > 0, concurrency, seed).redirectError(dir.resolve("run" + k + ".err").toFile())
                    .start();
            int progress = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("progress: ") && ++progress == killAfter) {
                        p.destroyForcibly();
                        break;
                    }
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("run %d killed with SIGKILL (stderr: %s)", k,
                    Files.readString(dir.resolve("run" + k + ".err"))).isEqualTo(137);
            long after = lines(output);
            checkCompleteLinesAreRows(output, questions);
            report.add(String.format(Locale.ROOT, "kill %d after %d finished rows: output %d -> %d lines", k + 1,
                    killAfter, before, after));
        }

        Process last = ep(input, output, true, concurrency, seed).redirectErrorStream(true)
                .redirectOutput(dir.resolve("final.log").toFile()).start();
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("final.log"));
        assertThat(last.exitValue()).as(log).isIn(0, 1); // 1: some rows failed under the fault mix

        // valid JSONL, every input row exactly once, each the rollout of its own input
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        Map<String, Integer> seen = new HashMap<>();
        int failed = 0;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            EvaluationRow row = EvalProtocolJson.readRow(line);
            String id = row.inputMetadata().rowId().orElseThrow();
            seen.merge(id, 1, Integer::sum);
            assertThat(questions).containsKey(id);
            assertThat(row.messages().get(0).content()).hasValue(questions.get(id));
            if (row.rolloutStatus().code() == StatusCode.FINISHED) {
                assertThat(row.messages()).hasSize(2);
                assertThat(row.messages().get(1).tokenIds()).isPresent();
            } else {
                failed++;
            }
        }
        assertThat(seen.keySet()).isEqualTo(questions.keySet());
        assertThat(seen.values()).containsOnly(1);
        report.add("final: " + seen.size() + " rows, " + failed + " failed under the fault mix");
        System.out.println("RepeatedKillResumeTest " + String.join("; ", report));
    }

    private static ProcessBuilder ep(Path input, Path output, boolean resume, int concurrency, long seed) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
                "rollout", "-i", input.toString(), "-o", output.toString(), "--concurrency",
                Integer.toString(concurrency), "--progress", "log", "--progress-interval", "0", "--seed",
                Long.toString(seed), "--fault-mix", FAULTS, "--max-tokens", "24"));
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("EP_API_KEY");
        return pb;
    }

    /** Rows with explicit ids, so that the output can be matched to the input exactly. */
    private static Map<String, String> writeInput(Path input, int rows) throws IOException {
        Map<String, String> questions = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String q = "What is " + i + " + " + (i * 7 % 13) + "?";
            String id = String.format(Locale.ROOT, "r-%05d", i);
            questions.put(id, q);
            lines.add("{\"input_metadata\":{\"row_id\":\"" + id + "\"},\"messages\":[{\"role\":\"user\",\"content\":\""
                    + q + "\"}]}");
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        return questions;
    }

    private static long lines(Path output) throws IOException {
        if (!Files.exists(output)) {
            return 0;
        }
        return Files.readString(output, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    /**
     * After a kill, every newline-terminated line is a complete row of the input; only the bytes after the
     * last newline may be a torn write (which the next {@code --resume} removes).
     */
    private static void checkCompleteLinesAreRows(Path output, Map<String, String> questions) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).split("\n")) {
            try {
                EvaluationRow row = EvalProtocolJson.readRow(line);
                assertThat(questions).containsKey(row.inputMetadata().rowId().orElseThrow());
            } catch (EpException e) {
                throw new AssertionError("a complete line of the killed run's output is not a row: " + line, e);
            }
        }
    }
}
