package io.evalprotocol.errors;

/** A plugin could not be used: it failed to load, its id is taken, or it was built for another SPI version. */
public class IncompatiblePluginException extends EpConfigurationException {
    private static final long serialVersionUID = 1L;

    public IncompatiblePluginException(String message) {
        super(message);
    }

    public IncompatiblePluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
