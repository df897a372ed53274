package io.evalprotocol.errors;

/** The SDK is set up wrongly: a bad option, a missing or ambiguous plugin. Thrown at build time or first use. */
public class EpConfigurationException extends EpException {
    private static final long serialVersionUID = 1L;

    public EpConfigurationException(String message) {
        super(message);
    }

    public EpConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
