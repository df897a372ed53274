package io.evalprotocol.reliability.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback server whose every scenario echoes the caller's Authorization header back somewhere. */
final class EchoServer implements AutoCloseable {
    static final List<String> SCENARIOS = List.of("echo-401", "echo-429", "echo-500", "echo-200-malformed",
            "echo-200-not-an-object", "echo-200-html", "stream-malformed-event", "reset");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    EchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String base(String scenario) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + scenario + "/v1";
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        String key = auth.startsWith("Bearer ") ? auth.substring(7) : auth;
        String scenario = ex.getRequestURI().getPath().split("/")[1];
        switch (scenario) {
            case "echo-401":
                send(ex, 401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided: " + auth
                        + "\",\"type\":\"invalid_request_error\",\"param\":\"" + key + "\",\"code\":\"" + key
                        + "\"}}");
                break;
            case "echo-429":
                ex.getResponseHeaders().add("Retry-After", "0");
                send(ex, 429, "application/json", "{\"error\":{\"message\":\"slow down, " + key
                        + "\",\"type\":\"rate_limit\",\"code\":\"rate_limit_exceeded\"}}");
                break;
            case "echo-500":
                ex.getResponseHeaders().add("X-Request-Id", key);
                send(ex, 500, "text/plain", "upstream failed; request headers were: Authorization: " + auth
                        + "\nkey=" + key);
                break;
            case "echo-200-malformed":
                send(ex, 200, "application/json", "{\"id\":\"chatcmpl-1\",\"echo\":\"" + auth
                        + "\",\"raw\":\"" + key + "\",\"choices\":[{\"index\":0,");
                break;
            case "echo-200-not-an-object":
                send(ex, 200, "application/json", "[\"" + key + "\", \"" + auth + "\"]");
                break;
            case "echo-200-html":
                send(ex, 200, "text/html", "<html><body>proxy error for " + auth + " (" + key + ")</body></html>");
                break;
            case "stream-malformed-event":
                send(ex, 200, "text/event-stream", "data: {\"id\":\"c\",\"echo\":\"" + key + "\",\"choices\":[{\n\n"
                        + "data: " + auth + "\n\n" + "data: [DONE]\n\n");
                break;
            case "reset":
                ex.close();
                break;
            default:
                send(ex, 404, "text/plain", "no scenario " + scenario);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
