package io.evalprotocol.benchmarks.load;

import java.net.URI;
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

/**
 * The P4 ceiling: a bare HttpClient 5 async client that posts a request body and buffers the reply, with
 * nothing else (no JSON, no extraction, no row). Pool sized to the concurrency like the SDK's.
 */
public final class BareHttpLoop implements AutoCloseable {
    private final CloseableHttpAsyncClient client;
    private final URI uri;
    private final byte[] body;

    public BareHttpLoop(URI uri, byte[] body, int concurrency) {
        this.uri = uri;
        this.body = body;
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency)
                        .setMaxConnPerRoute(concurrency)
                        .build())
                .disableAutomaticRetries()
                .build();
        client.start();
    }

    /** Posts the body; completes with the reply size, or fails on a non-200 status. */
    public CompletableFuture<Integer> post() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        SimpleHttpRequest req = SimpleRequestBuilder.post(uri).setBody(body, ContentType.APPLICATION_JSON).build();
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
