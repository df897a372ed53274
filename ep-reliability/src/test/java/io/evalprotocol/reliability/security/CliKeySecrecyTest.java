package io.evalprotocol.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ep} command line (the shaded jar, as {@code bin/ep} runs it) against servers that echo the key:
 * its summary, progress, per-row failure lines, DEBUG logs and output file never show the key it read from
 * {@code EP_API_KEY}.
 */
class CliKeySecrecyTest {
    private static final Path JAR = Path.of(System.getProperty("ep.cli.jar", "../ep-cli/target/ep-cli-all.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String KEY = "sk-ep-CLI-SECRET-" + UUID.randomUUID().toString().replace("-", "");
    /**
     * HttpClient's log of response headers as the server sent them (see ApiKeySecrecyTest); the CLI's logger
     * shows short names.
     */
    private static final Pattern RESPONSE_HEADER_LOG = Pattern.compile("(org\\.apache\\.hc\\.client5\\.http\\.)?headers - \\S+ << ");

    @TempDir
    Path dir;

    @Test
    void summaryProgressLogsAndOutputNeverShowTheKey() throws Exception {
        Path input = dir.resolve("rows.jsonl");
        Files.writeString(input, "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 1 + 1?\"}]}\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2?\"}]}\n", StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        try (EchoServer echo = new EchoServer()) {
            for (String scenario : List.of("echo-401", "echo-500", "echo-200-malformed", "echo-200-html",
                    "stream-malformed-event")) {
                Path output = dir.resolve(scenario + ".jsonl");
                Path log = dir.resolve(scenario + ".log");
                List<String> cmd = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                        "-Dorg.slf4j.simpleLogger.log.org.apache.hc.client5.http.wire=info",
                        "-jar", JAR.toString(), "rollout", "-i", input.toString(), "-o", output.toString(),
                        "--base-url", echo.base(scenario), "--model", "m", "--provider", "vllm",
                        "--progress", "log", "--progress-interval", "0"));
                if (scenario.startsWith("stream")) {
                    cmd.add("--stream");
                }
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("EP_API_KEY", KEY);
                Process p = pb.start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                String text = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(text).isEqualTo(1); // the run completed, its rows failed
                assertThat(text).contains("0 ok, 2 failed");
                texts.add(scenario + " console:\n" + text.lines().filter(l -> !RESPONSE_HEADER_LOG.matcher(l).find())
                        .collect(Collectors.joining("\n")));
                texts.add(scenario + " output:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        }
        String all = String.join("\n", texts);
        assertThat(all).contains("[REDACTED]").contains(">> Authorization: [REDACTED]");
        int at = all.indexOf(KEY);
        assertThat(at).as("the key leaked here:\n%s",
                at < 0 ? "" : all.substring(Math.max(0, at - 400), Math.min(all.length(), at + 200))).isNegative();
    }
}
