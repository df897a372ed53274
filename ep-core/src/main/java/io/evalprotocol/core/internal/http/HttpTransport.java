package io.evalprotocol.core.internal.http;

import io.evalprotocol.core.internal.concurrent.OwnedThreadFactory;
import io.evalprotocol.errors.EpException;
import io.evalprotocol.errors.EpIoException;
import io.evalprotocol.errors.EpTimeoutException;
import io.evalprotocol.errors.InvalidResponseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's single HTTP stack: one {@link CloseableHttpAsyncClient} with a pool sized to the concurrency
 * limit, HTTP/1.1 and HTTP/2 (ALPN over TLS, or h2c with prior knowledge), HttpClient's own retries and
 * redirects off (retrying is the SDK's job, and a redirected POST is a configuration mistake).
 *
 * <p>{@link #post} completes with an {@link HttpResult} for every status, and fails only with an
 * {@link EpException}: {@link EpTimeoutException}, {@link EpIoException}, or the sink's own exception.
 */
public final class HttpTransport implements AutoCloseable {
    /** Response headers kept on {@link HttpResult} (lower case). */
    public static final Set<String> KEPT_HEADERS = Set.of(
            "retry-after", "retry-after-ms", "x-should-retry", "content-type", "content-length", "x-request-id");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpTransport.class);

    private final CloseableHttpAsyncClient client;
    private final PoolingAsyncClientConnectionManager pool;
    /** Every HttpClient thread: the I/O dispatchers and the one that starts them. */
    private final OwnedThreadFactory threads = new OwnedThreadFactory("ep-http");
    private final TransportOptions options;
    private volatile boolean closing;

    public HttpTransport(TransportOptions options) {
        this.options = options;
        Timeout connect = Timeout.of(options.connectTimeout);
        Timeout response = Timeout.of(options.responseTimeout);
        PoolingAsyncClientConnectionManager cm = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(options.maxConnections)
                .setMaxConnPerRoute(options.maxConnections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(options.http2PriorKnowledge ? HttpVersionPolicy.FORCE_HTTP_2
                                : HttpVersionPolicy.NEGOTIATE)
                        .build())
                .setMessageMultiplexing(options.http2PriorKnowledge)
                .build();
        this.pool = cm;
        IOReactorConfig.Builder io = IOReactorConfig.custom().setSoTimeout(response);
        if (options.ioThreads > 0) {
            io.setIoThreadCount(options.ioThreads);
        }
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(cm)
                .setIOReactorConfig(io.build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(response)
                        .setConnectionRequestTimeout(response)
                        .build())
                .setThreadFactory(threads)
                // HttpClient logs reactor exceptions at ERROR; the ones raised while shutting down (a selector
                // closed under a terminating reactor) are expected and not worth alarming anybody.
                .setIoReactorExceptionCallback(ex -> {
                    if (closing || ex instanceof java.nio.channels.ClosedSelectorException) {
                        LOG.debug("I/O reactor exception during shutdown", ex);
                    } else {
                        LOG.warn("I/O reactor exception", ex);
                    }
                })
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "ep-exchange-cancel",
                        ExchangeCancel.INTERCEPTOR)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                // Keeps SSE unbuffered and makes maxResponseBytes count what the server sent.
                .disableContentCompression()
                .setUserAgent(options.userAgent)
                .build();
        client.start();
    }

    /**
     * Sends {@code body} as a JSON POST. Cancelling the returned future aborts the exchange and frees its
     * connection.
     */
    public CompletableFuture<HttpResult> post(URI uri, Map<String, String> headers, byte[] body, BodySink.Factory sinks) {
        return post(uri, RequestHeaders.of(headers), body, sinks);
    }

    /** Like {@link #post(URI, Map, byte[], BodySink.Factory)} with headers prepared once for many requests. */
    public CompletableFuture<HttpResult> post(URI uri, RequestHeaders headers, byte[] body, BodySink.Factory sinks) {
        AsyncRequestBuilder rb = AsyncRequestBuilder.post(uri)
                .setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON));
        for (Header h : headers.headers) {
            rb.addHeader(h);
        }
        AsyncRequestProducer producer = rb.build();
        CompletableFuture<HttpResult> result = new CompletableFuture<>();
        ResponseConsumer consumer = new ResponseConsumer(sinks, options.maxErrorBodyBytes);
        ExchangeCancel cancel = new ExchangeCancel();
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(ExchangeCancel.ATTRIBUTE, cancel);
        Future<HttpResult> exchange;
        // HttpClient fails the exchange with an InterruptedIOException (read as a timeout, and retried) when the
        // thread that starts it has its interrupt flag set; the request runs on the reactor, so the caller's
        // interrupt is not its business: the flag is cleared for the call and set again after.
        boolean interrupted = Thread.interrupted();
        try {
            exchange = client.execute(producer, consumer, null, context,
                    new FutureCallback<>() {
                        @Override
                        public void completed(HttpResult r) {
                            result.complete(r);
                        }

                        @Override
                        public void failed(Exception ex) {
                            result.completeExceptionally(translate(ex, uri));
                        }

                        @Override
                        public void cancelled() {
                            result.cancel(false);
                        }
                    });
        } catch (RuntimeException e) {
            // execute() rejects work once the client is shutting down.
            result.completeExceptionally(new CancellationException("client is closed"));
            return result;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                // HttpClient's own cancel can reach a stale dependency and get lost (see ExchangeCancel), which
                // then cancels the exchange itself; HttpClient's still stops a lease or connect under way, and
                // the aborted consumer fails the exchange on its next data should both miss.
                consumer.abort();
                cancel.cancel();
                exchange.cancel(true);
            }
        });
        return result;
    }

    /** Connections leased, waited for and idle right now: after a run, none may stay leased. */
    public PoolStats poolStats() {
        return pool.getTotalStats();
    }

    EpException translate(Exception ex, URI uri) {
        String where = "POST " + Urls.redacted(uri);
        if (ex instanceof ResponseConsumer.SinkException) {
            return ((ResponseConsumer.SinkException) ex).error();
        }
        if (ex instanceof ConnectTimeoutException) {
            return new EpTimeoutException("could not connect within connectTimeout=" + options.connectTimeout
                    + " (" + where + ")", ex);
        }
        if (ex instanceof SocketTimeoutException) {
            return new EpTimeoutException("no response data within responseTimeout=" + options.responseTimeout
                    + " (" + where + ")", ex);
        }
        // The pool's lease deadline (connectionRequestTimeout, set to responseTimeout): HttpClient's async pool
        // fails with a DeadlineTimeoutException, its classic API with a ConnectionRequestTimeoutException.
        if (ex instanceof ConnectionRequestTimeoutException || ex instanceof TimeoutException) {
            return new EpTimeoutException("no connection from the pool within responseTimeout="
                    + options.responseTimeout + " (" + where + ")", ex);
        }
        // What is left of InterruptedIOException is no timeout: HttpClient fails an exchange it cancelled (its
        // own cancel() callbacks, or a lease or connect cancelled while shutting down) with a bare one.
        if (ex instanceof InterruptedIOException) {
            return new EpIoException("the HTTP client cancelled the exchange (" + where + ")"
                    + (ex.getMessage() != null ? ": " + ex.getMessage() : ""), ex);
        }
        if (ex instanceof ConnectionClosedException || ex instanceof TruncatedChunkException) {
            return new EpIoException("connection closed before the response was complete (" + where + "): "
                    + ex.getMessage(), ex);
        }
        if (ex instanceof UnknownHostException) {
            return new EpIoException("unknown host " + uri.getHost() + " (" + where + ")", ex);
        }
        if (ex instanceof ConnectException) {
            return new EpIoException("connection refused (" + where + "): " + ex.getMessage(), ex);
        }
        if (ex instanceof IOException) {
            return new EpIoException("I/O error (" + where + "): " + ex, ex);
        }
        if (ex instanceof HttpException) {
            return new InvalidResponseException("malformed HTTP response (" + where + "): " + ex.getMessage(), ex);
        }
        if (ex instanceof EpException) {
            return (EpException) ex;
        }
        return new EpIoException("request failed (" + where + "): " + ex, ex);
    }

    /**
     * Stops the I/O reactor: graceful first (open exchanges end, connections close), then immediate if it
     * has not finished within {@code graceMillis}. Returns once every HTTP thread has ended.
     */
    public void close(long graceMillis) {
        closing = true;
        client.close(CloseMode.GRACEFUL);
        try {
            client.awaitShutdown(TimeValue.ofMilliseconds(graceMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close(CloseMode.IMMEDIATE);
        try {
            client.awaitShutdown(TimeValue.ofSeconds(5));
            // HttpClient has stopped its threads but does not wait for all of them to end (see OwnedThreadFactory).
            List<String> alive = threads.awaitEnded(Duration.ofSeconds(5));
            if (!alive.isEmpty()) {
                LOG.warn("HTTP threads still running 5 s after close: {}", alive);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5_000);
    }

    /**
     * The configured request headers as HttpClient's immutable header objects, made once per client rather than
     * once per request (each is a {@link ConfiguredHeader}).
     */
    public static final class RequestHeaders {
        private final Header[] headers;

        private RequestHeaders(Header[] headers) {
            this.headers = headers;
        }

        public static RequestHeaders of(Map<String, String> headers) {
            Header[] h = new Header[headers.size()];
            int i = 0;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                h[i++] = new ConfiguredHeader(e.getKey(), e.getValue());
            }
            return new RequestHeaders(h);
        }
    }

    /**
     * A header from the client's configuration (the API key's {@code Authorization}, user headers): marked
     * sensitive, so that HTTP/2 never puts it in a compression table (RFC 7541 §7.1.3), and printed without its
     * value, so that HttpClient's DEBUG header log ({@code org.apache.hc.client5.http.headers}) does not show
     * the key. The value still goes on the wire: HttpClient writes {@code getName()} and {@code getValue()}.
     */
    static final class ConfiguredHeader extends BasicHeader {
        private static final long serialVersionUID = 1L;
        private static final Set<String> PLAIN = Set.of("accept", "content-type", "user-agent");

        ConfiguredHeader(String name, String value) {
            super(name, value, !PLAIN.contains(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return isSensitive() ? getName() + ": [REDACTED]" : super.toString();
        }
    }
}
