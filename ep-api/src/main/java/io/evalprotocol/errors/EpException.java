package io.evalprotocol.errors;

/**
 * Root of every exception the SDK throws on purpose. Unchecked, like openai-java's and LangChain4j's:
 * a rollout failure is data about a row, not a reason to force try/catch on every caller.
 *
 * <p>Messages never contain API keys or authorization headers.
 */
public class EpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EpException(String message) {
        super(message);
    }

    public EpException(String message, Throwable cause) {
        super(message, cause);
    }
}
