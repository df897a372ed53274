package io.evalprotocol.provider.vllm.internal;

import io.evalprotocol.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Plain POSTs to ep-testkit's simulated provider on loopback. java.base only: tests are compiled into this
 * module, which reads nothing else.
 */
final class SimHttp {
    private SimHttp() {}

    static JsonObject body(URI base, String path, String json) throws IOException {
        return Fixtures.json(post(base, path, json));
    }

    static List<JsonObject> stream(URI base, String path, String json) throws IOException {
        return Fixtures.sse(post(base, path, json));
    }

    private static String post(URI base, String path, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new AssertionError("simulated provider answered " + status + ": " + body);
            }
            return body;
        }
    }
}
