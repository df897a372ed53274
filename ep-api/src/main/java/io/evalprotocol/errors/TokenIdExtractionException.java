package io.evalprotocol.errors;

/**
 * A token-id extractor could not read ids from a response it was chosen for: the expected field is
 * missing or malformed, or ids and logprobs from the same channel disagree in length. The message names
 * the extractor, the choice index and, for misalignment, both lengths.
 */
public class TokenIdExtractionException extends InvalidResponseException {
    private static final long serialVersionUID = 1L;

    private final String extractorId;
    private final int choiceIndex;

    public TokenIdExtractionException(String extractorId, int choiceIndex, String message) {
        this(extractorId, choiceIndex, message, null);
    }

    public TokenIdExtractionException(String extractorId, int choiceIndex, String message, Throwable cause) {
        super("[" + extractorId + ", choice " + choiceIndex + "] " + message, cause);
        this.extractorId = extractorId;
        this.choiceIndex = choiceIndex;
    }

    /** Thrown when ids and logprobs read from the same channel differ in length. */
    public static TokenIdExtractionException misaligned(
            String extractorId, int choiceIndex, String idsField, int ids, String logprobsField, int logprobs) {
        return new TokenIdExtractionException(extractorId, choiceIndex,
                "misaligned token ids and logprobs: " + idsField + " has " + ids + " entries but "
                        + logprobsField + " has " + logprobs);
    }

    public String extractorId() {
        return extractorId;
    }

    public int choiceIndex() {
        return choiceIndex;
    }
}
