package io.evalprotocol.provider.vllm;

/**
 * The token-id extractors this module registers, and the vLLM request flags they use.
 *
 * <p>Use the ids for explicit selection ({@code -Dep.token-id-extractor=vllm.token-ids}) and the
 * {@link #PROVIDER} hint to tell ep-core that an endpoint is a vLLM server.
 *
 * <table>
 *   <caption>Extractors</caption>
 *   <tr><th>id</th><th>priority</th><th>reads</th><th>request flags it adds</th></tr>
 *   <tr><td>{@value #TOKEN_IDS}</td><td>{@value #TOKEN_IDS_PRIORITY}</td>
 *       <td>{@code choices[].token_ids}, {@code prompt_token_ids} (vLLM &ge; 0.10.2)</td>
 *       <td>{@code return_token_ids: true}</td></tr>
 *   <tr><td>{@value #LOGPROB_TOKEN_IDS}</td><td>{@value #LOGPROB_TOKEN_IDS_PRIORITY}</td>
 *       <td>{@code "token_id:N"} tokens in {@code logprobs} (older servers)</td>
 *       <td>{@code return_tokens_as_token_ids: true}, {@code logprobs}</td></tr>
 * </table>
 */
public final class VllmExtractors {
    /** The provider hint that names a vLLM server. */
    public static final String PROVIDER = "vllm";

    /** Reads {@code choices[].token_ids} and {@code prompt_token_ids} ({@code return_token_ids}). */
    public static final String TOKEN_IDS = "vllm.token-ids";

    /** Reads the {@code "token_id:N"} tokens of {@code logprobs} ({@code return_tokens_as_token_ids}). */
    public static final String LOGPROB_TOKEN_IDS = "vllm.logprob-token-ids";

    public static final int TOKEN_IDS_PRIORITY = 200;
    public static final int LOGPROB_TOKEN_IDS_PRIORITY = 100;

    /** Request flag: return the completion ids per choice and the prompt ids (vLLM &ge; 0.10.2). */
    public static final String RETURN_TOKEN_IDS = "return_token_ids";

    /** Request flag: write every logprob token as {@code "token_id:N"} (per request since about vLLM 0.8). */
    public static final String RETURN_TOKENS_AS_TOKEN_IDS = "return_tokens_as_token_ids";

    private VllmExtractors() {}
}
