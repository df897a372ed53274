package io.evalprotocol.errors;

/**
 * Several extractors support the shape with the same, highest priority. The SDK never picks the first
 * found: the message names the tied ids and how to choose one explicitly.
 */
public class AmbiguousTokenIdExtractorException extends EpConfigurationException {
    private static final long serialVersionUID = 1L;

    public AmbiguousTokenIdExtractorException(String message) {
        super(message);
    }
}
