package io.evalprotocol.provider.fireworks;

/**
 * The token-id extractors this module registers, and the Fireworks request flags they use.
 *
 * <table>
 *   <caption>Extractors</caption>
 *   <tr><th>id</th><th>priority</th><th>reads (first present wins)</th><th>request flags it adds</th></tr>
 *   <tr><td>{@value #RAW_OUTPUT}</td><td>{@value #RAW_OUTPUT_PRIORITY}</td>
 *       <td>{@code choices[].raw_output.completion_token_ids} with {@code raw_output.completion_logprobs};
 *       then as {@value #TOKEN_IDS}. Non-streaming only.</td>
 *       <td>{@code raw_output}, {@code return_token_ids}, {@code logprobs}</td></tr>
 *   <tr><td>{@value #TOKEN_IDS}</td><td>{@value #TOKEN_IDS_PRIORITY}</td>
 *       <td>{@code choices[].token_ids}, then {@code logprobs.content[].token_id}, then legacy
 *       {@code logprobs.token_ids[]}</td>
 *       <td>{@code return_token_ids}, {@code logprobs}</td></tr>
 * </table>
 *
 * <p>Flat logprobs are {@code sampling_logprob} (the logprob under the sampling distribution, what RL
 * trainers need) when every entry has it, else {@code logprob}; the result names the field. Flags are added
 * only when the request does not set them: send {@code "raw_output": false} to keep responses small.
 */
public final class FireworksExtractors {
    /** The provider hint that names Fireworks; {@code fireworks_ai} (LiteLLM's name) is accepted too. */
    public static final String PROVIDER = "fireworks";

    /** Reads {@code raw_output} (the full raw completion, reasoning included) before everything else. */
    public static final String RAW_OUTPUT = "fireworks.raw-output";

    /** Reads {@code choices[].token_ids} or the ids inside {@code logprobs}; streams and lean responses. */
    public static final String TOKEN_IDS = "fireworks.token-ids";

    public static final int RAW_OUTPUT_PRIORITY = 300;
    public static final int TOKEN_IDS_PRIORITY = 200;

    /** Request flag: {@code choices[].token_ids} and {@code prompt_token_ids}. */
    public static final String RETURN_TOKEN_IDS = "return_token_ids";

    /** Request flag: {@code choices[].raw_output} (raw text and ids before reasoning and tool parsing). */
    public static final String RAW_OUTPUT_FLAG = "raw_output";

    private FireworksExtractors() {}
}
