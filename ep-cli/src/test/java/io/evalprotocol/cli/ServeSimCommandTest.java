package io.evalprotocol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeSimCommandTest {
    /** Hands every completed output line to a queue, so the test can wait for the first one. */
    private static final class Lines extends OutputStream {
        final BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else {
                current.write(b);
            }
        }
    }

    @Test
    void servesTheChosenFlavourUntilStopped() throws Exception {
        Lines out = new Lines();
        CliEnvironment env = new CliEnvironment(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of(), false,
                System::nanoTime);
        CommandLine cl = EpCommand.commandLine(env);
        ServeSimCommand command = (ServeSimCommand) cl.getSubcommands().get("serve-sim").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("serve-sim", "--flavour", "fireworks", "--port", "0", "--seed", "3"));

        String first = out.lines.poll(30, TimeUnit.SECONDS);
        assertThat(first).startsWith("Simulated fireworks provider serving model").contains("(seed 3)");
        Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/v1) ").matcher(first);
        assertThat(url.find()).isTrue();
        assertThat(out.lines.poll(30, TimeUnit.SECONDS)).startsWith("Try: ep rollout --base-url " + url.group(1));

        HttpURLConnection models = (HttpURLConnection) new URL(url.group(1) + "/models").openConnection();
        assertThat(models.getResponseCode()).isEqualTo(200);
        try (InputStream body = models.getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("accounts/ep-sim/models");
        }

        command.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(refused(url.group(1))).as("the port is closed after stop").isTrue();
    }

    private static boolean refused(String base) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(base + "/models").openConnection();
            c.setConnectTimeout(2000);
            c.getResponseCode();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void rejectsAnUnknownFlavour() {
        CliRun r = CliRun.run("serve-sim", "--flavour", "nope", "--port", "0");

        assertThat(r.exitCode).isEqualTo(EpCommand.USAGE);
        assertThat(r.err).contains("Unknown flavour 'nope'");
    }
}
