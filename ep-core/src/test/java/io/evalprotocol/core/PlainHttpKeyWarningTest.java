package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An API key configured for plain {@code http://} to another machine gets one warning when the client is built.
 * Nothing is sent: the clients here are built and closed without a request, so no traffic leaves the machine.
 */
class PlainHttpKeyWarningTest {
    private static final String KEY = "sk-warning-test-7c1e0d2a";

    /** The log lines (slf4j-simple writes to System.err) printed while building and closing the client. */
    private static List<String> logWhileBuilding(UnaryOperator<EpClient.Builder> customize) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EpClient client = customize.apply(EpClient.builder().environment(k -> null, k -> null).model("m")).build();
            client.close();
        } finally {
            System.setErr(original);
        }
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\\R"))
                .filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    @Test
    void warnsOnceWhenTheKeyWouldCrossTheNetworkUnencrypted() {
        List<String> log = logWhileBuilding(b -> b.baseUrl("http://inference.example.invalid:8000/v1").apiKey(KEY));
        assertThat(log).filteredOn(l -> l.contains("plain http://")).singleElement().satisfies(l -> assertThat(l)
                .contains("WARN")
                .contains("the API key is sent over plain http:// to inference.example.invalid")
                .doesNotContain(KEY));
        assertThat(String.join("\n", log)).doesNotContain(KEY);
    }

    @Test
    void staysQuietForHttpsLoopbackOrNoKey() {
        assertThat(logWhileBuilding(b -> b.baseUrl("https://inference.example.invalid/v1").apiKey(KEY)))
                .noneMatch(l -> l.contains("plain http://"));
        assertThat(logWhileBuilding(b -> b.baseUrl("http://127.0.0.1:8000/v1").apiKey(KEY)))
                .noneMatch(l -> l.contains("plain http://"));
        assertThat(logWhileBuilding(b -> b.baseUrl("http://localhost:8000/v1").apiKey(KEY)))
                .noneMatch(l -> l.contains("plain http://"));
        assertThat(logWhileBuilding(b -> b.baseUrl("http://inference.example.invalid/v1")))
                .noneMatch(l -> l.contains("plain http://"));
    }
}
