package io.evalprotocol.core.internal.http;

import io.evalprotocol.errors.EpException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Streams a response body into a {@link BodySink} as bytes arrive. Non-2xx bodies go into a small
 * truncating buffer for the error message instead, so an error page can never exhaust memory.
 */
final class ResponseConsumer extends AbstractBinResponseConsumer<HttpResult> {
    private final BodySink.Factory factory;
    private final int maxErrorBodyBytes;
    private int status;
    private Map<String, String> headers;
    private BodySink sink;
    private volatile boolean aborted;

    ResponseConsumer(BodySink.Factory factory, int maxErrorBodyBytes) {
        this.factory = factory;
        this.maxErrorBodyBytes = maxErrorBodyBytes;
    }

    /** Fails the exchange at the next chance (response start or data), which makes HttpClient close the connection. */
    void abort() {
        aborted = true;
    }

    private void checkAborted() throws IOException {
        if (aborted) {
            throw new IOException("request cancelled");
        }
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws IOException {
        checkAborted();
        status = response.getCode();
        headers = new HashMap<>(8);
        for (Iterator<Header> it = response.headerIterator(); it.hasNext();) {
            Header h = it.next();
            String name = kept(h.getName());
            if (name != null) {
                headers.putIfAbsent(name, h.getValue());
            }
        }
        long length = -1;
        String cl = headers.get("content-length");
        if (cl != null) {
            try {
                length = Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
        }
        boolean success = status >= 200 && status < 300;
        sink = success ? factory.create() : new TruncatingSink(maxErrorBodyBytes);
        try {
            sink.start(contentType == null ? headers.get("content-type") : contentType.toString(), length);
        } catch (EpException e) {
            throw new SinkException(e);
        }
    }

    /** The lower-case name of a header the SDK keeps, or null; names are matched without lower-casing each one. */
    static String kept(String name) {
        for (String k : KEPT) {
            if (k.length() == name.length() && k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    private static final String[] KEPT = HttpTransport.KEPT_HEADERS.toArray(new String[0]);

    @Override
    protected int capacityIncrement() {
        // The sink consumes synchronously, so there is nothing to throttle.
        return Integer.MAX_VALUE;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        checkAborted();
        try {
            sink.data(src);
        } catch (EpException e) {
            throw new SinkException(e);
        }
    }

    @Override
    protected HttpResult buildResult() {
        if (sink == null) {
            sink = new TruncatingSink(0);
        }
        sink.end();
        return new HttpResult(status, headers == null ? Map.of() : headers, sink);
    }

    @Override
    public void releaseResources() {}

    /** Carries a sink's {@link EpException} through HttpClient, which only propagates IOExceptions from consumers. */
    static final class SinkException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient EpException error;

        SinkException(EpException error) {
            super(error.getMessage(), error);
            this.error = error;
        }

        EpException error() {
            return error;
        }
    }
}
