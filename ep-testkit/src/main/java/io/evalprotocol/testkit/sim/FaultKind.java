package io.evalprotocol.testkit.sim;

/** The kinds of failure the simulated provider can inject; counted separately in {@link SimStats}. */
public enum FaultKind {
    /** An error status with an OpenAI-format body (429 with {@code Retry-After}, 500, 503, or any other). */
    HTTP_STATUS,
    /** A normal response, after a delay before the headers. */
    DELAY,
    /** A normal response, delayed before the headers and (when streaming) between SSE events. */
    SLOW,
    /** The connection is reset (TCP RST) after the request was read, before any response byte. */
    RESET,
    /** Headers and part of the body, then the connection closes: short of the declared Content-Length, or a
     * chunked SSE stream cut in the middle of an event. */
    TRUNCATED,
    /** A complete 200 response whose JSON (or one SSE event's JSON) is malformed. */
    MALFORMED_JSON,
    /** A 200 response with {@code Content-Type: text/html} (a proxy's error page). */
    WRONG_CONTENT_TYPE
}
