package io.evalprotocol.core.internal.http;

import java.util.Locale;
import java.util.Map;

/**
 * A finished exchange: the status, the few headers the SDK uses (lower-case names), and the sink that
 * received the body (a {@link BufferingSink} with the error body when the status is not 2xx).
 */
public final class HttpResult {
    private final int status;
    private final Map<String, String> headers;
    private final BodySink sink;

    HttpResult(int status, Map<String, String> headers, BodySink sink) {
        this.status = status;
        this.headers = headers;
        this.sink = sink;
    }

    public int status() {
        return status;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** One of {@link HttpTransport#KEPT_HEADERS}, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public BodySink sink() {
        return sink;
    }
}
