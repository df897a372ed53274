package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.core.RegisteredExtractor;
import io.evalprotocol.core.TokenIdExtractorRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code ep-cli-*-all.jar}, started as its own JVM the way {@code bin/ep} starts it: the services of
 * every provider module survive shading, and a run killed with SIGKILL mid-way resumes to an output holding
 * every input row exactly once.
 */
class ExecutableJarIT {
    private static final Path JAR = Path.of(System.getProperty("ep.cli.jar", "target/ep-cli-all.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private static ProcessBuilder ep(String... args) {
        // C1 only: these JVMs live for seconds, where the JIT's later tiers cost more than they save
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("EP_API_KEY");
        return pb;
    }

    private static String runToEnd(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theShadedJarFindsEveryProviderModulesExtractors() throws Exception {
        String out = runToEnd(ep("providers"), dir.resolve("providers.log"));

        // the jar must find exactly what the provider modules register on the module path of this test
        List<String> expected = TokenIdExtractorRegistry.load().registered().stream().map(RegisteredExtractor::id)
                .toList();
        assertThat(expected).contains("vllm.token-ids");
        for (String id : expected) {
            assertThat(out).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(id) + " .* built into "
                    + java.util.regex.Pattern.quote(JAR.getFileName().toString()) + "$");
        }
        assertThat(out).startsWith(expected.size() + " token-id extractors");
    }

    @Test
    void sigtermPrintsTheInterruptedSummaryAndLeavesWholeRows() throws Exception {
        Path output = dir.resolve("out.jsonl");
        // every reply waits 200 ms, so the run is surely still going when the signal comes
        Process run = ep("rollout", "-i", RolloutEndToEndTest.GSM8K.toString(), "-o", output.toString(),
                "--concurrency", "1", "--fault-mix", "delay:200=100", "--progress-interval", "0")
                .redirectError(dir.resolve("err.log").toFile()).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                if (line.startsWith("progress: 3/20 ")) {
                    // SIGTERM through the handle: Process.destroy() would also close the pipe we still read
                    run.toHandle().destroy();
                }
            }
        }
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(run.exitValue()).as(String.join("\n", seen)).isEqualTo(143);
        assertThat(seen).anySatisfy(l -> assertThat(l).startsWith("Interrupted after ").contains("(run again with "
                + "--resume to finish)"));
        List<String> rows = Files.readAllLines(output);
        assertThat(rows.size()).isBetween(3, 19);
        assertThat(Files.readString(output)).endsWith("\n");
    }

    @Test
    void aRunKilledMidwayResumesWithEveryRowExactlyOnce() throws Exception {
        Path input = dir.resolve("rows.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"What is " + i + " + " + (i * 7 % 13)
                    + "?\"}],\"ground_truth\":\"" + (i + i * 7 % 13) + "\"}");
            if (i % 20 == 0) {
                // identical lines must stay distinct rows across the kill
                lines.add(lines.get(lines.size() - 1));
            }
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");

        Process first = ep("rollout", "-i", input.toString(), "-o", output.toString(), "--concurrency", "4",
                "--progress-interval", "0").redirectError(dir.resolve("first.err").toFile()).start();
        int progressLines = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("progress: ") && ++progressLines == 10) {
                    first.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(progressLines).as("killed after the 10th finished row").isEqualTo(10);
        assertThat(first.exitValue()).as("SIGKILL").isEqualTo(137);
        long afterKill = Files.readAllLines(output).size();
        assertThat(afterKill).as("some rows, not all").isBetween(10L, (long) lines.size() - 1);

        String second = runToEnd(ep("rollout", "-i", input.toString(), "-o", output.toString(), "--resume",
                "--concurrency", "4"), dir.resolve("second.log"));

        assertThat(second).contains("resuming " + output);
        Map<String, Integer> seen = new HashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            JsonObject row;
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                row = reader.readObject();
            }
            seen.merge(row.getJsonObject("input_metadata").getString("row_id"), 1, Integer::sum);
            assertThat(row.getJsonObject("rollout_status").getInt("code")).isEqualTo(100);
        }
        assertThat(seen).hasSize(lines.size());
        assertThat(seen.values()).containsOnly(1);
        assertThat(Files.readString(output)).endsWith("\n");
    }
}
