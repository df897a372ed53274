package io.evalprotocol.testkit.sim.internal;

/** A request the simulated provider rejects with 400 and an OpenAI-format error body. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final String param;
    public final String code;

    public BadRequest(String message, String param, String code) {
        super(message, null, false, false);
        this.param = param;
        this.code = code;
    }
}
