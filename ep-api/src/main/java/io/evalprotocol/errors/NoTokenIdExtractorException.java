package io.evalprotocol.errors;

/** No discovered token-id extractor supports the provider shape at hand. The message lists what was discovered. */
public class NoTokenIdExtractorException extends EpConfigurationException {
    private static final long serialVersionUID = 1L;

    public NoTokenIdExtractorException(String message) {
        super(message);
    }
}
