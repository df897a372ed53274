package io.evalprotocol.testkit.sim;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain JDK HttpClient talking to the simulated provider, as the tests' independent client. */
final class SimClient {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    SimClient(SimulatedProvider sim) {
        this.base = sim.baseUri();
    }

    HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonObject chat(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/chat/completions", json);
        if (r.statusCode() != 200) {
            throw new AssertionError("status " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    JsonObject completions(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/completions", json);
        if (r.statusCode() != 200) {
            throw new AssertionError("status " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    /** The JSON payloads of an SSE body, [DONE] excluded; asserts the framing. */
    static List<JsonObject> events(String sse) {
        List<JsonObject> out = new ArrayList<>();
        String[] blocks = sse.split("\n\n", -1);
        boolean done = false;
        for (String block : blocks) {
            if (block.isEmpty()) {
                continue;
            }
            if (!block.startsWith("data: ")) {
                throw new AssertionError("not an SSE data event: " + block);
            }
            String data = block.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                continue;
            }
            if (done) {
                throw new AssertionError("event after [DONE]: " + data);
            }
            out.add(parse(data));
        }
        if (!done) {
            throw new AssertionError("stream did not end with [DONE]");
        }
        return out;
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getInt(i);
        }
        return out;
    }

    static boolean isNull(JsonObject o, String key) {
        return o.containsKey(key) && o.get(key).getValueType() == JsonValue.ValueType.NULL;
    }
}
