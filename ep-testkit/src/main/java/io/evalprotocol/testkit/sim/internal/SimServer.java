package io.evalprotocol.testkit.sim.internal;

import io.evalprotocol.testkit.sim.Fault;
import io.evalprotocol.testkit.sim.FaultKind;
import io.evalprotocol.testkit.sim.FaultPlan;
import io.evalprotocol.testkit.sim.FaultRule;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimRequest;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ExceptionListener;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the simulated provider: HttpCore 5's classic (blocking) server, one worker thread per
 * connection. Classic I/O was chosen because each response is produced in one go by the handler: an SSE body
 * is written event by event with a flush after each, delays are plain sleeps on the connection's own thread,
 * and the handler can take over the socket to truncate or reset it.
 */
public final class SimServer implements AutoCloseable {
    private static final ContentType JSON = ContentType.create("application/json");
    private static final ContentType SSE = ContentType.create("text/event-stream", StandardCharsets.UTF_8);
    private static final ContentType HTML = ContentType.create("text/html", StandardCharsets.UTF_8);
    private static final byte[] HTML_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final int ATTEMPT_MEMORY = 1_000_000;

    /** Configuration from the public builder. */
    public record Config(Flavour flavour, long seed, InetAddress address, int port, String model, String apiKey,
                         double mistakeRate, int maxRequestBytes) {
    }

    private final Config config;
    private final Generator generator;
    private final Renderer renderer;
    private final Stats stats = new Stats();
    private final byte[] apiKey;
    private final byte[] modelsBody;
    private final AtomicLong ordinals = new AtomicLong();
    private final ConcurrentHashMap<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile PlanState plan;
    private final Handler handler = new Handler();
    private HttpServer server;

    public SimServer(Config config, FaultPlan plan) {
        this.config = config;
        this.generator = new Generator(config.seed(), config.mistakeRate());
        this.renderer = Renderer.of(config.flavour(), config.seed());
        this.apiKey = config.apiKey() == null ? null : ("Bearer " + config.apiKey()).getBytes(StandardCharsets.UTF_8);
        this.plan = new PlanState(plan);
        this.modelsBody = modelsBody(config);
    }

    public void start() throws IOException {
        server = ServerBootstrap.bootstrap()
                .setLocalAddress(config.address())
                .setListenerPort(config.port())
                .setSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoReuseAddress(true)
                        .setBacklogSize(1024).build())
                .setConnectionFactory(SimConnection.factory())
                .setExceptionListener(QUIET)
                // one handler for every host name and path: no virtual-host (421) checks on loopback
                .setRequestRouter((request, context) -> handler)
                .create();
        server.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public Stats stats() {
        return stats;
    }

    public void plan(FaultPlan p) {
        this.plan = new PlanState(p);
    }

    public FaultPlan plan() {
        return plan.plan;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close(CloseMode.IMMEDIATE);
            try {
                server.awaitTermination(TimeValue.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connection errors are the point of some tests; never print them. */
    private static final ExceptionListener QUIET = new ExceptionListener() {
        @Override
        public void onError(Exception ex) {
        }

        @Override
        public void onError(HttpConnection connection, Exception ex) {
        }
    };

    /** A plan plus its per-rule injection counters. */
    private static final class PlanState {
        final FaultPlan plan;
        final AtomicLong[] injected;

        PlanState(FaultPlan plan) {
            this.plan = plan;
            this.injected = new AtomicLong[plan.rules().size()];
            for (int i = 0; i < injected.length; i++) {
                injected[i] = new AtomicLong();
            }
        }
    }

    private Fault decide(RequestView req) {
        PlanState p = plan;
        List<FaultRule> rules = p.plan.rules();
        for (int i = 0; i < rules.size(); i++) {
            FaultRule rule = rules.get(i);
            if (rule.matches(req) && p.injected[i].incrementAndGet() <= rule.maxInjections()) {
                return rule.fault();
            }
        }
        if (p.plan.mix() != null) {
            long h = Rng.mix(config.seed(), req.bodyHash, req.attempt);
            return p.plan.mix().pick((h >>> 11) * 0x1.0p-53);
        }
        return null;
    }

    private final class Handler implements HttpRequestHandler {
        @Override
        public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
                throws IOException {
            stats.requests.increment();
            String path = request.getPath();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            String method = request.getMethod();
            boolean chat = path.equals("/v1/chat/completions");
            boolean completions = path.equals("/v1/completions");
            boolean models = path.equals("/v1/models");
            if (!chat && !completions && !models) {
                error(response, 404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
                return;
            }
            if (models ? !method.equals("GET") : !method.equals("POST")) {
                error(response, 405, "Method Not Allowed: " + method + " " + path + " expects "
                        + (models ? "GET" : "POST") + ".", "invalid_request_error", null, null);
                return;
            }
            byte[] body = readBody(request, response);
            if (body == null) {
                return;
            }
            if (!authorized(request)) {
                boolean missing = request.getFirstHeader("Authorization") == null;
                error(response, 401, missing
                        ? "You didn't provide an API key. You need to provide your API key in an Authorization "
                        + "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                        : "Incorrect API key provided. (The simulated provider never echoes keys.)",
                        "invalid_request_error", null, missing ? null : "invalid_api_key");
                return;
            }
            if (models) {
                respond(response, 200, new ByteArrayEntity(modelsBody, JSON));
                return;
            }
            stats.generation.increment();
            RequestView view = new RequestView(request, path, body, ordinals.incrementAndGet());
            long key = Rng.mix(view.bodyHash, path.hashCode());
            if (attempts.size() > ATTEMPT_MEMORY) {
                attempts.clear(); // bounded memory for long-running servers; soaks stay far below this
            }
            view.attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
            Fault fault = decide(view);
            if (fault != null) {
                if (fault.kind() == FaultKind.SLOW || fault.kind() == FaultKind.DELAY) {
                    // counted as the delay starts: a client that gives up first still saw it injected
                    stats.fault(fault.kind());
                }
                sleep(fault.delay());
                switch (fault.kind()) {
                    case HTTP_STATUS:
                        stats.fault(FaultKind.HTTP_STATUS);
                        statusFault(response, fault);
                        return;
                    case RESET:
                        stats.fault(FaultKind.RESET);
                        SimConnection.current().reset();
                        return;
                    case WRONG_CONTENT_TYPE:
                        stats.fault(FaultKind.WRONG_CONTENT_TYPE);
                        respond(response, 200, new ByteArrayEntity(HTML_PAGE, HTML));
                        return;
                    default:
                        break;
                }
            }
            GenRequest req;
            try {
                req = RequestParser.parse(config.flavour(), chat ? GenRequest.Api.CHAT : GenRequest.Api.COMPLETIONS,
                        body, config.model());
            } catch (BadRequest e) {
                error(response, 400, e.getMessage(), "invalid_request_error", e.param, e.code);
                return;
            }
            Generator.Result result = generator.generate(req, config.flavour());
            FaultKind kind = fault == null ? null : fault.kind();
            if (kind != null && kind != FaultKind.SLOW && kind != FaultKind.DELAY) {
                stats.fault(kind);
            }
            if (req.stream) {
                List<byte[]> events = chat ? renderer.chatStream(req, result) : renderer.completionStream(req, result);
                if (kind == FaultKind.TRUNCATED) {
                    truncatedStream(events);
                    stats.status(200);
                    return;
                }
                if (kind == FaultKind.MALFORMED_JSON) {
                    int at = events.size() / 2;
                    byte[] ev = events.get(at);
                    byte[] broken = new byte[Math.max(8, ev.length / 2) + 2];
                    System.arraycopy(ev, 0, broken, 0, broken.length - 2);
                    broken[broken.length - 2] = '\n';
                    broken[broken.length - 1] = '\n';
                    events = new java.util.ArrayList<>(events);
                    events.set(at, broken);
                }
                Duration gap = fault == null ? Duration.ZERO : fault.eventDelay();
                respond(response, 200, new SseEntity(events, gap, kind == null || kind == FaultKind.SLOW
                        || kind == FaultKind.DELAY ? stats : null));
                return;
            }
            byte[] out = chat ? renderer.chat(req, result) : renderer.completion(req, result);
            if (kind == FaultKind.TRUNCATED) {
                OutputStream raw = SimConnection.current().hijack();
                raw.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + out.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                raw.write(out, 0, out.length / 2);
                SimConnection.current().finishHijacked();
                stats.status(200);
                return;
            }
            if (kind == FaultKind.MALFORMED_JSON) {
                out = java.util.Arrays.copyOf(out, out.length / 2);
            } else {
                stats.completed.increment();
            }
            respond(response, 200, new ByteArrayEntity(out, JSON));
        }
    }

    private void truncatedStream(List<byte[]> events) throws IOException {
        OutputStream raw = SimConnection.current().hijack();
        raw.write(("HTTP/1.1 200 OK\r\nContent-Type: " + SSE + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        int keep = Math.max(1, events.size() / 2);
        for (int i = 0; i < keep && i < events.size() - 1; i++) {
            byte[] ev = events.get(i);
            raw.write((Integer.toHexString(ev.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            raw.write(ev);
            raw.write('\r');
            raw.write('\n');
        }
        // the next chunk is announced in full but cut half-way
        byte[] ev = events.get(Math.min(keep, events.size() - 1));
        raw.write((Integer.toHexString(ev.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.write(ev, 0, ev.length / 2);
        SimConnection.current().finishHijacked();
    }

    private boolean authorized(ClassicHttpRequest request) {
        if (apiKey == null) {
            return true;
        }
        Header h = request.getFirstHeader("Authorization");
        return h != null && MessageDigest.isEqual(apiKey, h.getValue().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] readBody(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        long declared = entity.getContentLength();
        int max = config.maxRequestBytes();
        if (declared > max) {
            error(response, 413, "Request body of " + declared + " bytes exceeds the simulated provider's limit of "
                    + max + " bytes.", "invalid_request_error", null, null);
            return null;
        }
        ByteBuf buf = new ByteBuf(declared > 0 ? (int) declared : 1024);
        byte[] chunk = new byte[8192];
        try (InputStream in = entity.getContent()) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
                if (buf.size() > max) {
                    error(response, 413, "Request body exceeds the simulated provider's limit of " + max + " bytes.",
                            "invalid_request_error", null, null);
                    return null;
                }
            }
        }
        return buf.toByteArray();
    }

    private void statusFault(ClassicHttpResponse response, Fault fault) {
        int code = fault.status();
        switch (code) {
            case 429: {
                Duration ra = fault.retryAfter();
                String wait = ra == null ? "" : " Please try again in " + ra.toMillis() + "ms.";
                if (ra != null) {
                    long secs = (ra.toMillis() + 999) / 1000;
                    response.addHeader("retry-after", Long.toString(secs));
                    response.addHeader("retry-after-ms", Long.toString(ra.toMillis()));
                }
                error(response, 429, "Rate limit reached for requests (simulated)." + wait, "requests", null,
                        "rate_limit_exceeded");
                return;
            }
            case 500:
                error(response, 500, "The server had an error while processing your request. Sorry about that! "
                        + "(simulated)", "server_error", null, null);
                return;
            case 503:
                error(response, 503, "The server is overloaded or not ready yet. (simulated)", "server_error", null,
                        null);
                return;
            default:
                error(response, code, "Simulated failure with status " + code + ".",
                        code < 500 ? "invalid_request_error" : "server_error", null, null);
        }
    }

    private void error(ClassicHttpResponse response, int code, String message, String type, String param,
                       String errCode) {
        JsonOut o = new JsonOut(new ByteBuf(256));
        o.obj().name("error").obj().name("message").str(message).name("type").str(type).name("param").str(param)
                .name("code").str(errCode).end().end();
        respond(response, code, new ByteArrayEntity(o.toByteArray(), JSON));
    }

    private void respond(ClassicHttpResponse response, int code, HttpEntity entity) {
        stats.status(code);
        response.setCode(code);
        response.setEntity(entity);
    }

    private static void sleep(Duration d) throws IOException {
        if (d.isZero()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("simulated provider shutting down");
        }
    }

    private static byte[] modelsBody(Config config) {
        JsonOut o = new JsonOut(new ByteBuf(256));
        o.obj().name("object").str("list").name("data").arr().obj().name("id").str(config.model())
                .name("object").str("model").name("created").num(Renderer.EPOCH)
                .name("owned_by").str(config.flavour() == Flavour.OPENAI ? "system"
                        : config.flavour() == Flavour.VLLM ? "vllm" : "fireworks");
        if (config.flavour() == Flavour.VLLM) {
            o.name("root").str(config.model()).name("parent").nul().name("max_model_len").num(32768);
        }
        o.end().endArr().end();
        return o.toByteArray();
    }

    /** A streamed SSE body: one flush per event, optional gap between events. */
    private static final class SseEntity implements HttpEntity {
        private final List<byte[]> events;
        private final Duration gap;
        private final Stats completedOnSuccess;

        SseEntity(List<byte[]> events, Duration gap, Stats completedOnSuccess) {
            this.events = events;
            this.gap = gap;
            this.completedOnSuccess = completedOnSuccess;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    sleep(gap);
                }
                out.write(events.get(i));
                out.flush();
            }
            if (completedOnSuccess != null) {
                completedOnSuccess.completed.increment();
            }
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("a streamed SSE body can only be written");
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public String getContentType() {
            return SSE.toString();
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public boolean isChunked() {
            return true;
        }

        @Override
        public Set<String> getTrailerNames() {
            return Collections.emptySet();
        }

        @Override
        public org.apache.hc.core5.function.Supplier<List<? extends Header>> getTrailers() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    /** The predicate-facing view of a request. */
    private static final class RequestView implements SimRequest {
        private final ClassicHttpRequest request;
        private final String path;
        private final byte[] body;
        private final long ordinal;
        final long bodyHash;
        int attempt;
        private String text;

        RequestView(ClassicHttpRequest request, String path, byte[] body, long ordinal) {
            this.request = request;
            this.path = path;
            this.body = body;
            this.ordinal = ordinal;
            this.bodyHash = Rng.hash(body, body.length);
        }

        @Override
        public long ordinal() {
            return ordinal;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Optional<String> header(String name) {
            Header h = request.getFirstHeader(name);
            return h == null ? Optional.empty() : Optional.of(h.getValue());
        }

        @Override
        public String body() {
            if (text == null) {
                text = new String(body, StandardCharsets.UTF_8);
            }
            return text;
        }
    }
}
