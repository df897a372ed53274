package io.evalprotocol.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately primitive HTTP/1.1 server on 127.0.0.1 for tests that need byte-level control over the
 * response: cut bodies, lying Content-Length, SSE paced by latches. Each request is handed to the
 * {@link Handler} with the raw socket output; keep-alive is supported when the handler says so.
 */
public final class LoopbackServer implements AutoCloseable {
    /** Writes the whole response; returns true to keep the connection open for another request. */
    @FunctionalInterface
    public interface Handler {
        boolean handle(Request request, Exchange exchange) throws Exception;
    }

    /** A received request. */
    public static final class Request {
        public final String method;
        public final String path;
        public final Map<String, String> headers;
        public final byte[] body;
        public final int index;

        Request(String method, String path, Map<String, String> headers, byte[] body, int index) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.index = index;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The connection a response is written to. */
    public static final class Exchange {
        private final Socket socket;
        private final OutputStream out;

        Exchange(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.UTF_8));
        }

        public void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** A complete response with Content-Length. */
        public void respond(int status, String contentType, String body, String... extraHeaders) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            if (contentType != null) {
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("Content-Length: ").append(b.length).append("\r\n");
            for (String h : extraHeaders) {
                sb.append(h).append("\r\n");
            }
            sb.append("\r\n");
            write(sb.toString());
            write(b);
        }

        /** Starts a chunked response; follow with {@link #chunk} calls and {@link #endChunks}. */
        public void startChunked(int status, String contentType, String... extraHeaders) throws IOException {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            sb.append("Content-Type: ").append(contentType).append("\r\n");
            sb.append("Transfer-Encoding: chunked\r\n");
            for (String h : extraHeaders) {
                sb.append(h).append("\r\n");
            }
            sb.append("\r\n");
            write(sb.toString());
        }

        public void chunk(String data) throws IOException {
            byte[] b = data.getBytes(StandardCharsets.UTF_8);
            write(Integer.toHexString(b.length) + "\r\n");
            write(b);
            write("\r\n");
        }

        public void endChunks() throws IOException {
            write("0\r\n\r\n");
        }

        /** Blocks until the client closes the connection (or 10 s pass); true if it did. */
        public boolean awaitClientClose() throws IOException {
            socket.setSoTimeout(10_000);
            try {
                return socket.getInputStream().read() == -1;
            } catch (SocketException e) {
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final Handler handler;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    public LoopbackServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        pool.execute(this::acceptLoop);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            while (!closed) {
                Request r = read(in);
                if (r == null) {
                    return;
                }
                requests.add(r);
                if (!handler.handle(r, new Exchange(s))) {
                    return;
                }
            }
        } catch (Exception e) {
            // connection reset by the client, or the test's handler gave up: nothing to report
        }
    }

    private Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        byte[] body = new byte[0];
        String cl = headers.get("content-length");
        if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            while (true) {
                int n = Integer.parseInt(line(in).trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                bos.write(in.readNBytes(n));
                line(in);
            }
            body = bos.toByteArray();
        }
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], headers, body, counter.getAndIncrement());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                bos.write(b);
            }
        }
        if (b == -1 && bos.size() == 0) {
            return null;
        }
        return bos.toString(StandardCharsets.ISO_8859_1);
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 404: return "Not Found";
            case 408: return "Request Timeout";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
