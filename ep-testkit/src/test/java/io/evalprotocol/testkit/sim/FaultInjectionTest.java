package io.evalprotocol.testkit.sim;

import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every fault kind, observed the way a client sees it. */
class FaultInjectionTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 3 + 4?\"}]}";
    private static final String STREAM = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Explain how rainbows form.\"}]}";

    private SimulatedProvider sim;
    private SimClient client;

    @BeforeEach
    void start() {
        sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(1).build().start();
        client = new SimClient(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static String body(int i) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is " + i + " + 1?\"}]}";
    }

    @Test
    void rateLimitCarriesRetryAfterHeadersAndAnOpenAiErrorBody() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.rateLimited(Duration.ofMillis(1500)))));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> first = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.post("/chat/completions", CHAT);
            statuses.add(r.statusCode());
            if (i == 0) {
                first = r;
            }
        }
        assertThat(statuses).containsExactly(429, 429, 200);
        assertThat(first.headers().firstValue("retry-after")).hasValue("2");
        assertThat(first.headers().firstValue("retry-after-ms")).hasValue("1500");
        JsonObject error = SimClient.parse(first.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("rate_limit_exceeded");
        assertThat(error.keySet()).containsExactly("message", "type", "param", "code");
        assertThat(sim.stats().faults(FaultKind.HTTP_STATUS)).isEqualTo(2);
        assertThat(sim.stats().status(429)).isEqualTo(2);
    }

    @Test
    void serverErrorsUseTheirStatus() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.onRequests(1, 1, Fault.serverError()),
                FaultRule.onRequests(2, 2, Fault.unavailable()), FaultRule.onRequests(3, 3, Fault.status(502))));
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(500);
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(503);
        HttpResponse<String> bad = client.post("/chat/completions", CHAT);
        assertThat(bad.statusCode()).isEqualTo(502);
        assertThat(SimClient.parse(bad.body()).getJsonObject("error").getString("type")).isEqualTo("server_error");
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void resetSurfacesAsIOExceptionAndTheNextRequestSucceeds() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.reset())));
        assertThatThrownBy(() -> client.post("/chat/completions", CHAT)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.post("/chat/completions", STREAM)).isInstanceOf(IOException.class);
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(sim.stats().faults(FaultKind.RESET)).isEqualTo(2);
    }

    @Test
    void truncatedBodiesFailWhileReading() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.truncated())));
        assertThatThrownBy(() -> client.post("/chat/completions", CHAT)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.post("/chat/completions", STREAM)).isInstanceOf(IOException.class);
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(sim.stats().faults(FaultKind.TRUNCATED)).isEqualTo(2);
    }

    @Test
    void truncatedStreamIsCutInsideAChunkAfterWholeEvents() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.truncated())));
        // a raw socket shows exactly what was sent before the server closed its side
        String raw;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
            byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // ISO-8859-1 keeps one char per byte, so chunk sizes can be checked on the string
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1); // up to the FIN
        }
        assertThat(raw).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked\r\n");
        String chunks = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        int complete = 0;
        int pos = 0;
        while (true) {
            int eol = chunks.indexOf("\r\n", pos);
            int size = Integer.parseInt(chunks.substring(pos, eol), 16);
            assertThat(size).as("no terminating chunk").isPositive();
            int dataStart = eol + 2;
            if (dataStart + size + 2 > chunks.length()) {
                break; // the cut chunk
            }
            String event = new String(chunks.substring(dataStart, dataStart + size).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            assertThat(event).startsWith("data: {").endsWith("}\n\n");
            SimClient.parse(event.substring(6).strip());
            complete++;
            pos = dataStart + size + 2;
        }
        assertThat(complete).isPositive();
        assertThat(raw).doesNotContain("[DONE]");
    }

    @Test
    void malformedJsonArrivesAsA200ThatDoesNotParse() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(2, Fault.malformedJson())));
        HttpResponse<String> r = client.post("/chat/completions", CHAT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThatThrownBy(() -> SimClient.parse(r.body())).isInstanceOf(JsonParsingException.class);

        HttpResponse<String> s = client.post("/chat/completions", STREAM);
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(s.body()).endsWith("data: [DONE]\n\n");
        assertThatThrownBy(() -> SimClient.events(s.body())).isInstanceOf(JsonParsingException.class);
        assertThat(sim.stats().faults(FaultKind.MALFORMED_JSON)).isEqualTo(2);
        assertThat(sim.stats().completed()).isZero();
    }

    @Test
    void wrongContentTypeIsAnHtmlPage() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstRequests(1, Fault.wrongContentType())));
        HttpResponse<String> r = client.post("/chat/completions", CHAT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(r.body()).startsWith("<html>");
    }

    @Test
    void delaysStillProduceNormalResponses() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.onRequests(1, 1, Fault.delay(Duration.ofMillis(5))),
                FaultRule.onRequests(2, 2, Fault.slowEvents(Duration.ofMillis(1))),
                FaultRule.onRequests(3, 3, Fault.serverError().afterDelay(Duration.ofMillis(5)))));
        assertThat(client.chat(CHAT).getJsonArray("choices")).hasSize(1);
        HttpResponse<String> s = client.post("/chat/completions", STREAM);
        assertThat(SimClient.events(s.body())).hasSizeGreaterThan(3);
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(500);
        SimStats stats = sim.stats();
        assertThat(stats.faults(FaultKind.DELAY)).isEqualTo(1);
        assertThat(stats.faults(FaultKind.SLOW)).isEqualTo(1);
        assertThat(stats.completed()).isEqualTo(2);
    }

    @Test
    void countsASlowResponseWhenItIsInjectedEvenIfTheClientGivesUpFirst() throws Exception {
        // a soak compares these counters with what its client saw; a client that timed out must not make
        // the slow response vanish from them (close() interrupts the handler before it would have counted)
        sim.faults(FaultPlan.of(FaultRule.onRequests(1, 1, Fault.slow(Duration.ofSeconds(30))),
                FaultRule.onRequests(2, 2, Fault.delay(Duration.ofSeconds(30)))));
        for (int i = 0; i < 2; i++) {
            java.net.http.HttpRequest request = java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(sim.baseUri() + "/chat/completions"))
                    .timeout(Duration.ofMillis(300))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body(i))).build();
            assertThatThrownBy(() -> SimClient.HTTP.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.net.http.HttpTimeoutException.class);
        }
        SimStats stats = sim.stats();
        assertThat(stats.faults(FaultKind.SLOW)).isEqualTo(1);
        assertThat(stats.faults(FaultKind.DELAY)).isEqualTo(1);
        assertThat(stats.completed()).isZero();
    }

    @Test
    void rulesCanTargetAPromptMarkerOrAHeaderAndBeLimited() throws Exception {
        sim.faults(FaultPlan.builder()
                .rule(FaultRule.whenBodyContains("FAIL_ME", Fault.status(418)))
                .rule(FaultRule.whenHeader("X-Sim-Fault", "503", Fault.unavailable()).times(1))
                .build());
        String marked = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"FAIL_ME please\"}]}";
        assertThat(client.post("/chat/completions", marked).statusCode()).isEqualTo(418);
        assertThat(client.post("/chat/completions", CHAT, "X-Sim-Fault", "503").statusCode()).isEqualTo(503);
        assertThat(client.post("/chat/completions", CHAT, "X-Sim-Fault", "503").statusCode()).isEqualTo(200);
        assertThat(client.post("/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void firstAttemptsFailEveryDistinctRequestThenLetItThrough() throws Exception {
        sim.faults(FaultPlan.of(FaultRule.firstAttempts(2, Fault.rateLimited())));
        for (int row = 0; row < 3; row++) {
            assertThat(client.post("/chat/completions", body(row)).statusCode()).isEqualTo(429);
        }
        for (int row = 0; row < 3; row++) {
            assertThat(client.post("/chat/completions", body(row)).statusCode()).isEqualTo(429);
            assertThat(client.post("/chat/completions", body(row)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void faultMixIsDeterministicPerSeedAndCountersMatchWhatClientsSaw() throws Exception {
        FaultMix mix = FaultMix.builder().add(Fault.serverError(), 20).add(Fault.rateLimited(), 20).build();
        List<Integer> first = statuses(mix, 1);
        List<Integer> again = statuses(mix, 1);
        List<Integer> otherSeed = statuses(mix, 2);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        long errors500 = first.stream().filter(s -> s == 500).count();
        long errors429 = first.stream().filter(s -> s == 429).count();
        assertThat(errors500).isBetween(10L, 35L);
        assertThat(errors429).isBetween(10L, 35L);
    }

    private static List<Integer> statuses(FaultMix mix, long seed) throws Exception {
        try (SimulatedProvider p = SimulatedProvider.builder().seed(seed).faultMix(mix).build().start()) {
            SimClient c = new SimClient(p);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                out.add(c.post("/chat/completions", body(i)).statusCode());
            }
            SimStats stats = p.stats();
            assertThat(stats.generationRequests()).isEqualTo(100);
            assertThat(stats.status(500) + stats.status(429)).isEqualTo(stats.faults(FaultKind.HTTP_STATUS));
            assertThat(stats.status(200)).isEqualTo(stats.completed());
            assertThat(stats.status(500)).isEqualTo(out.stream().filter(s -> s == 500).count());
            return out;
        }
    }
}
