package io.evalprotocol.provider.openai;

/**
 * The token-id extractors this module registers: the OpenAI-compatible id shapes any server may send
 * (ids in the {@code openai.} namespace describe wire shapes, whichever server writes them) and an opt-in
 * RECONSTRUCTED extractor for OpenAI's own models, which never return ids.
 *
 * <table>
 *   <caption>Extractors</caption>
 *   <tr><th>id</th><th>priority</th><th>fidelity</th><th>reads</th></tr>
 *   <tr><td>{@value #CHOICE_TOKEN_IDS}</td><td>{@value #CHOICE_TOKEN_IDS_PRIORITY}</td><td>EXACT</td>
 *       <td>{@code choices[].token_ids} and {@code prompt_token_ids} from a server this SDK has no module for
 *       (SGLang, or vLLM/Fireworks without their module or marker)</td></tr>
 *   <tr><td>{@value #CONTENT_TOKEN_ID}</td><td>{@value #CONTENT_TOKEN_ID_PRIORITY}</td><td>EXACT</td>
 *       <td>{@code logprobs.content[].token_id} (eval-protocol PR #448)</td></tr>
 *   <tr><td>{@value #LEGACY_TOKEN_IDS}</td><td>{@value #LEGACY_TOKEN_IDS_PRIORITY}</td><td>EXACT</td>
 *       <td>legacy {@code logprobs.token_ids[]} (PR #448; Together), streamed {@code delta.token_id}</td></tr>
 *   <tr><td>{@value #TIKTOKEN_RECONSTRUCTED}</td><td>{@value #TIKTOKEN_RECONSTRUCTED_PRIORITY}</td>
 *       <td>RECONSTRUCTED</td><td>each {@code logprobs.content[].bytes} looked up in the model's tiktoken
 *       vocabulary (o200k_base, cl100k_base); opt-in</td></tr>
 * </table>
 *
 * <p>The EXACT extractors claim a response by its shape alone and never before the first response, so they
 * add no request flags when probed; chosen explicitly they add the flag their shape needs.
 */
public final class OpenAiExtractors {
    /** The provider hint that names OpenAI's own API. */
    public static final String PROVIDER = "openai";

    public static final String CHOICE_TOKEN_IDS = "openai.choice-token-ids";
    public static final String CONTENT_TOKEN_ID = "openai.content-token-id";
    public static final String LEGACY_TOKEN_IDS = "openai.legacy-token-ids";
    public static final String TIKTOKEN_RECONSTRUCTED = "openai.tiktoken-reconstructed";

    public static final int CHOICE_TOKEN_IDS_PRIORITY = 60;
    public static final int CONTENT_TOKEN_ID_PRIORITY = 50;
    public static final int LEGACY_TOKEN_IDS_PRIORITY = 40;
    public static final int TIKTOKEN_RECONSTRUCTED_PRIORITY = 10;

    private OpenAiExtractors() {}
}
