package io.evalprotocol.errors;

/** An extractor id was asked for explicitly but no discovered extractor has it. The message lists the known ids. */
public class UnknownTokenIdExtractorException extends EpConfigurationException {
    private static final long serialVersionUID = 1L;

    public UnknownTokenIdExtractorException(String message) {
        super(message);
    }
}
