package io.evalprotocol.core.internal.http;

import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Cancels one exchange for certain, whenever the cancel comes.
 *
 * <p>Why: cancelling the future of HttpClient 5.6's {@code execute()} cancels the last "dependency" its exec
 * chain registered, and the chain registers them out of order. {@code AsyncConnectExec} calls
 * {@code setDependency(acquireEndpoint(..., callback))} and {@code setDependency(connectEndpoint(..., callback))};
 * when the lease or the connect completes before those calls return (a pooled connection, a fast loopback
 * connect), the callback has already run the exchange and registered its cancellable, which the stale lease or
 * connect cancellable then replaces. The cancel then reaches a lease that is long done: the request goes on,
 * and the connection stays open until the response ends or more data arrives (an idle stream, or a server
 * still generating a long answer, keeps it for up to {@code responseTimeout}).
 *
 * <p>How: {@link #INTERCEPTOR} runs just before HttpClient's main transport (after the connection is leased and
 * connected) and hands the transport this object as the scope's dependency, so that the exchange's own
 * cancellable (HttpClient's "hard cancellation", which fails the exchange and discards its connection) is
 * registered here, in order: {@link #cancel()} cancels it if it is registered,
 * and {@link #setDependency} cancels it at once if the cancel came first. An exchange cancelled before it gets
 * this far is failed by the interceptor without being sent. Dependencies are still passed on to HttpClient's
 * own future, so that its cancel keeps working as before.
 */
final class ExchangeCancel implements CancellableDependency {
    /** The {@link HttpContext} attribute under which {@link HttpTransport} passes an exchange's instance. */
    static final String ATTRIBUTE = ExchangeCancel.class.getName();

    /** Placed before HttpClient's main transport ({@code ChainElement.MAIN_TRANSPORT}). */
    static final AsyncExecChainHandler INTERCEPTOR = ExchangeCancel::intercept;

    private static final Cancellable CANCELLED = () -> false;

    /** The exchange's cancellable; {@link #CANCELLED} once cancelled. */
    private final AtomicReference<Cancellable> current = new AtomicReference<>();
    /** HttpClient's own dependency holder (the future {@code execute()} returned); null until intercepted. */
    private volatile CancellableDependency downstream;

    private static void intercept(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, java.io.IOException {
        Object attribute = scope.clientContext.getAttribute(ATTRIBUTE);
        if (!(attribute instanceof ExchangeCancel)) {
            chain.proceed(request, entity, scope, callback);
            return;
        }
        ExchangeCancel cancel = (ExchangeCancel) attribute;
        if (cancel.isCancelled()) {
            // HttpClient's own cancel() callbacks fail an exchange the same way
            callback.failed(new InterruptedIOException("cancelled before the request was sent"));
            return;
        }
        cancel.downstream = scope.cancellableDependency;
        chain.proceed(request, entity, new AsyncExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest,
                cancel, scope.clientContext, scope.execRuntime, scope.scheduler, scope.execCount), callback);
    }

    @Override
    public void setDependency(Cancellable dependency) {
        CancellableDependency d = downstream;
        if (d != null) {
            d.setDependency(dependency);
        }
        for (;;) {
            Cancellable c = current.get();
            if (c == CANCELLED) {
                dependency.cancel();
                return;
            }
            if (current.compareAndSet(c, dependency)) {
                return;
            }
        }
    }

    @Override
    public boolean cancel() {
        Cancellable c = current.getAndSet(CANCELLED);
        if (c == CANCELLED) {
            return false;
        }
        if (c != null) {
            c.cancel();
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return current.get() == CANCELLED;
    }
}
