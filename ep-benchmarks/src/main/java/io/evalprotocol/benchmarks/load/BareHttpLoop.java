package io.evalprotocol.benchmarks.load;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The P4 ceiling: a bare HttpClient 5 async client that posts a request body and buffers the reply, with
 * nothing else (no JSON, no extraction, no row).
 *
 * <p>Configured like the SDK's transport so that the two differ only in what the SDK does on top of HTTP:
 * the same pool size (total and per route), the same number of I/O reactor threads, HTTP/1.1 on cleartext,
 * the same request headers ({@code Authorization}, {@code Accept}, {@code User-Agent}), and the same
 * HttpClient features switched off (automatic retries, redirects, cookies, auth caching, and response
 * compression: HttpClient's default asks for gzip and wraps every reply in a decompression check, which the
 * SDK does not).
 */
public final class BareHttpLoop implements AutoCloseable {
    private final CloseableHttpAsyncClient client;
    private final URI uri;
    private final byte[] body;
    private final Map<String, String> headers;

    /** A loop with HttpClient's defaults for the I/O threads and no extra headers (for probing). */
    public BareHttpLoop(URI uri, byte[] body, int concurrency) {
        this(uri, body, concurrency, 0, Map.of(), null);
    }

    /**
     * @param ioThreads I/O reactor threads, 0 for HttpClient's default
     * @param headers sent with every request, besides {@code Content-Type}
     * @param userAgent the {@code User-Agent}, null for HttpClient's
     */
    public BareHttpLoop(URI uri, byte[] body, int concurrency, int ioThreads, Map<String, String> headers,
            String userAgent) {
        this.uri = uri;
        this.body = body;
        this.headers = Map.copyOf(headers);
        IOReactorConfig.Builder io = IOReactorConfig.custom();
        if (ioThreads > 0) {
            io.setIoThreadCount(ioThreads);
        }
        var builder = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency)
                        .setMaxConnPerRoute(concurrency)
                        .build())
                .setIOReactorConfig(io.build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression();
        if (userAgent != null) {
            builder.setUserAgent(userAgent);
        }
        this.client = builder.build();
        client.start();
    }

    /** Posts the body; completes with the reply size, or fails on a non-200 status. */
    public CompletableFuture<Integer> post() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        SimpleRequestBuilder rb = SimpleRequestBuilder.post(uri).setBody(body, ContentType.APPLICATION_JSON);
        headers.forEach(rb::addHeader);
        SimpleHttpRequest req = rb.build();
        client.execute(SimpleRequestProducer.create(req), SimpleResponseConsumer.create(),
                new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse r) {
                        if (r.getCode() != 200) {
                            f.completeExceptionally(new IllegalStateException("HTTP " + r.getCode() + ": " + r.getBodyText()));
                        } else {
                            f.complete(r.getBodyBytes().length);
                        }
                    }

                    @Override
                    public void failed(Exception e) {
                        f.completeExceptionally(e);
                    }

                    @Override
                    public void cancelled() {
                        f.cancel(false);
                    }
                });
        return f;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
