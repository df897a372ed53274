package io.evalprotocol.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpServer;
import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.EvalProtocolJson;
import io.evalprotocol.core.RetryPolicy;
import io.evalprotocol.core.SingleTurnRolloutProcessor;
import io.evalprotocol.api.RawJsonValue;
import io.evalprotocol.api.internal.RawJsonSupport;
import io.evalprotocol.core.internal.json.CanonicalJson;
import io.evalprotocol.core.internal.wire.CompactJson;
import io.evalprotocol.core.internal.wire.WireJson;
import io.evalprotocol.errors.InvalidResponseException;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Response decoding against hostile bodies. {@link WireJson} (the engine's JSON reader, under small limits)
 * reads any bytes into a JSON object or rejects them with an {@link InvalidResponseException}. And a whole
 * rollout whose server answers with the fuzzed body (as JSON, or as an event stream when it starts with
 * {@code data:}) ends in a row: FINISHED or a documented error, never an INTERNAL one (an exception outside
 * the SDK's hierarchy escaped). Seeds: every provider fixture.
 */
class ResponseDecodingFuzzTest {
    private static final Set<String> ERROR_REASONS = Set.of("INVALID_RESPONSE", "SSE_STREAM_ERROR",
            "TOKEN_ID_EXTRACTION", "IO_ERROR", "TIMEOUT");
    private static final String[] HINTS = {"vllm", "fireworks", "openai", null};

    /** Serves whatever {@link #body} holds; one server for the whole run. */
    private static final class Server {
        static volatile byte[] body = new byte[0];
        static volatile String contentType = "application/json";
        static final HttpServer HTTP = start();

        private static HttpServer start() {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                s.createContext("/", ex -> {
                    ex.getRequestBody().readAllBytes();
                    byte[] b = body;
                    ex.getResponseHeaders().add("Content-Type", contentType);
                    ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(b);
                    }
                });
                s.setExecutor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "fuzz-response-server");
                    t.setDaemon(true);
                    return t;
                }));
                s.start();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Also: kept payloads are in canonical form and equal to what the reader's independent canonicalizing
     * pass writes ({@code rawSlices=false}), and what was read reads back from its own compact text unchanged.
     */
    @FuzzTest(maxDuration = "60s")
    void wireJsonReadsAnyBodyOrRejectsIt(byte[] body) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(body));
        int depth = 1 + random.nextInt(64);
        int string = 1 + random.nextInt(4096);
        int number = 1 + random.nextInt(64);
        boolean raw = random.nextBoolean();
        WireJson json = new WireJson(depth, string, number);
        JsonObject o;
        try {
            o = json.readObject(body, 0, body.length, "response body", raw);
        } catch (InvalidResponseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            assertThatThrownBy(() -> new WireJson(depth, string, number, false)
                    .readObject(body, 0, body.length, "response body", raw))
                    .isInstanceOf(InvalidResponseException.class);
            return;
        }
        JsonObject copied = new WireJson(depth, string, number, false).readObject(body, 0, body.length,
                "response body", raw);
        assertThat(text(copied)).isEqualTo(text(o));
        keptPayloadsAreCanonical(o);
        byte[] again = text(o).getBytes(StandardCharsets.UTF_8);
        assertThat(text(json.readObject(again, 0, again.length, "response body", raw))).isEqualTo(text(o));
        // every part of the result is readable, raw subtrees included
        walk(o);
        assertThat(EvalProtocolJson.writeValue(o)).startsWith("{");
    }

    /** The compact text of a value, kept payloads copied byte for byte. */
    private static String text(JsonValue v) {
        return new CompactJson().value(v).toString();
    }

    private static void keptPayloadsAreCanonical(JsonValue v) {
        if (v instanceof RawJsonValue) {
            byte[] kept = RawJsonSupport.access().bytes((RawJsonValue) v);
            assertThat(CanonicalJson.isCanonical(kept, 0, kept.length, Integer.MAX_VALUE)
                    || new String(kept, StandardCharsets.UTF_8).matches("(?s).*\\\\u[dD][89a-fA-F].*"))
                    .as(new String(kept, StandardCharsets.UTF_8)).isTrue();
        } else if (v instanceof JsonObject) {
            ((JsonObject) v).values().forEach(ResponseDecodingFuzzTest::keptPayloadsAreCanonical);
        } else if (v instanceof JsonArray) {
            ((JsonArray) v).forEach(ResponseDecodingFuzzTest::keptPayloadsAreCanonical);
        }
    }

    @FuzzTest(maxDuration = "120s")
    void rolloutOfAnyResponseBodyEndsInARow(byte[] body) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(body));
        boolean stream = body.length >= 5 && new String(body, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("data:");
        Server.body = body;
        Server.contentType = stream ? "text/event-stream" : "application/json";
        // a fresh client per input: extractor pinning is per client, and findings must replay alone
        try (EpClient client = EpClient.builder()
                .baseUrl("http://127.0.0.1:" + Server.HTTP.getAddress().getPort() + "/v1")
                .model("m")
                .provider(HINTS[random.nextInt(HINTS.length)])
                .completionParams(CompletionParams.builder().stream(stream).build())
                .maxTokenIds(1 + random.nextInt(256))
                .maxJsonNestingDepth(1 + random.nextInt(64))
                .maxSseEventBytes(1 + random.nextInt(1 << 16))
                .maxResponseBytes(1 + random.nextInt(1 << 20))
                .responseTimeout(Duration.ofSeconds(10))
                .retryPolicy(RetryPolicy.none())
                .sleeper(d -> CompletableFuture.completedFuture(null))
                .maxConcurrentRequests(1)
                .ioThreads(1)
                .build()) {
            EvaluationRow in = EvaluationRow.builder().addMessage(Message.user("fuzz")).build();
            EvaluationRow out = new SingleTurnRolloutProcessor(client).process(in).join();
            Status status = out.rolloutStatus();
            if (status.code() != StatusCode.FINISHED) {
                String reason = status.details().get(0).getString("reason");
                assertThat(reason).as("%s: %s", status.code(), status.message()).isIn(ERROR_REASONS);
            } else {
                assertThat(out.messages()).hasSizeGreaterThan(1);
            }
            // what the processor wrote must be a row eval-protocol can read back
            assertThat(EvalProtocolJson.readRow(EvalProtocolJson.writeRow(out))).isNotNull();
        }
    }

    /**
     * Reads every part. A raw subtree's JSON-P view may fail with a {@link JsonException} (documented): its
     * text is kept as sent, and a number JSON allows but BigDecimal cannot hold has no JSON-P value.
     */
    private static void walk(JsonValue v) {
        try {
            if (v instanceof JsonObject) {
                for (JsonValue c : ((JsonObject) v).values()) {
                    walk(c);
                }
            } else if (v instanceof JsonArray) {
                for (JsonValue c : (JsonArray) v) {
                    walk(c);
                }
            } else {
                v.toString();
            }
        } catch (JsonException outOfRange) {
            assertThat(outOfRange.getMessage()).contains("out of range");
        }
    }
}
