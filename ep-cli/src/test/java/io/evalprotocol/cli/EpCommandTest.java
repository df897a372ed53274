package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling: every mistake is exit code 2 with a message that says what to do, before any work. */
class EpCommandTest {
    private static final String ROW = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}],\"ground_truth\":\"4\"}";

    @TempDir
    Path dir;

    private Path input() throws IOException {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, ROW + "\n");
        return in;
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.run();

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("Missing command").contains("ep rollout");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        CliRun r = CliRun.run("rollout", "--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("Exit codes:").contains("some rows failed").contains("bad usage")
                .contains("fatal error").contains("--resume").contains("--on-bad-line");
    }

    @Test
    void printsItsVersion() {
        CliRun r = CliRun.run("--version");

        assertThat(r.exitCode).isZero();
        assertThat(r.out).startsWith("ep 0.").contains("Java");
    }

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() throws IOException {
        CliRun r = CliRun.run("rollout", "-i", input().toString(), "-o", dir.resolve("o").toString(), "--resum");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).startsWith("ep: Unknown option: '--resum'").contains("--resume")
                .endsWith("Try 'ep rollout --help' for its options." + System.lineSeparator());
    }

    @Test
    void inputAndOutputAreRequired() {
        CliRun r = CliRun.run("rollout");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("--input").contains("--output");
    }

    @Test
    void refusesToAppendToAnExistingOutputWithoutResume() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(out, "{\"messages\":[]}\n");

        CliRun r = CliRun.run("rollout", "-i", input().toString(), "-o", out.toString());

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("already exists").contains("--resume");
        assertThat(r.out).as("nothing started").isEmpty();
        assertThat(Files.readString(out)).isEqualTo("{\"messages\":[]}\n");
    }

    @Test
    void aMissingInputIsAUsageError() {
        CliRun r = CliRun.run("rollout", "-i", dir.resolve("nope.jsonl").toString(), "-o", dir.resolve("o").toString());

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("nope.jsonl does not exist");
    }

    @Test
    void aRealEndpointNeedsAModel() throws IOException {
        CliRun r = CliRun.run("rollout", "-i", input().toString(), "-o", dir.resolve("o").toString(),
                "--base-url", "http://127.0.0.1:9/v1");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("--model is required with --base-url");
    }

    @Test
    void simulatorOptionsNeedTheSimulator() throws IOException {
        CliRun r = CliRun.run("rollout", "-i", input().toString(), "-o", dir.resolve("o").toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--flavour", "fireworks");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("--flavour applies to the simulated provider");
    }

    @Test
    void rejectsValuesOutOfRange() throws IOException {
        String in = input().toString();
        String out = dir.resolve("o").toString();

        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--concurrency", "0").err)
                .contains("--concurrency must be between 1 and 4096");
        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--top-logprobs", "21").err)
                .contains("--top-logprobs must be between 0 and 20");
        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--flavour", "anthropic").err)
                .contains("Unknown flavour 'anthropic'");
        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--on-bad-line", "ignore").exitCode)
                .isEqualTo(EpCommand.USAGE);
        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--base-url", "ftp://x/v1", "--model", "m").err)
                .contains("--base-url must be an http(s) URL");
        assertThat(CliRun.run("rollout", "-i", in, "-o", out, "--base-url", "ftp://x/v1?key=sk-SECRET-1", "--model", "m")
                .err).contains("--base-url must be an http(s) URL").contains("ftp://x/v1?key=[REDACTED]").doesNotContain("SECRET");
        for (String url : new String[] {"https://u:sk-SECRET-1@x/v1", "https://x/v1#sk-SECRET-1"}) {
            CliRun r = CliRun.run("rollout", "-i", in, "-o", out, "--base-url", url, "--model", "m");
            assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
            assertThat(r.err).contains("--base-url must be a plain API base").doesNotContain("SECRET");
            assertThat(r.out).isEmpty();
        }
        assertThat(Path.of(out)).doesNotExist();
        assertThat(Path.of(out + ".lock")).doesNotExist();
    }

    @Test
    void anUnknownExtractorIdListsTheDiscoveredOnes() throws IOException {
        CliRun r = CliRun.run("rollout", "-i", input().toString(), "-o", dir.resolve("o").toString(),
                "--provider", "vllm.no-such-thing");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("no token-id extractor has that id").contains("vllm.token-ids");
    }

    @Test
    void aNamedApiKeyVariableMustBeSet() throws IOException {
        CliRun r = CliRun.run(Map.of(), "rollout", "-i", input().toString(), "-o", dir.resolve("o").toString(),
                "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--api-key-env", "MY_KEY");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("MY_KEY").contains("not set");
    }

    @Test
    void aBadInputLineFailsTheRunBeforeAnyRequest() throws IOException {
        Path in = dir.resolve("bad.jsonl");
        Files.writeString(in, ROW + "\n{\"messages\": [\n" + ROW + "\n");
        Path out = dir.resolve("out.jsonl");

        CliRun r = CliRun.run("rollout", "-i", in.toString(), "-o", out.toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(EpCommand.FATAL);
        assertThat(r.err).contains("bad.jsonl: line 2: not valid JSON").contains("--on-bad-line skip");
        assertThat(out).doesNotExist();
    }
}
