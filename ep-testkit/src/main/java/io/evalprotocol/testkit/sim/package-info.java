/**
 * A simulated OpenAI-compatible provider for tests, load runs and first experiments: an in-process HTTP server
 * on 127.0.0.1 that answers like a model, in the exact wire format of OpenAI, vLLM or Fireworks, with real
 * token ids, and fails on demand.
 *
 * <h2>Start one</h2>
 * <pre>{@code
 * try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(42).build().start()) {
 *     URI base = sim.baseUri();   // http://127.0.0.1:PORT/v1
 *     ...
 * }
 * }</pre>
 * From a shell: {@code java ... io.evalprotocol.testkit.sim.SimulatedProviderMain --flavour vllm --port 8000
 * --seed 42 [--fault-mix standard]} prints the base URL and serves until interrupted.
 *
 * <h2>What it serves</h2>
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: {@code n}, {@code max_tokens}/{@code max_completion_tokens},
 *       {@code temperature} (0 makes all choices identical), {@code seed}, {@code stop}, {@code logprobs},
 *       {@code top_logprobs}, {@code tools}/{@code tool_choice}, {@code stream} with
 *       {@code stream_options.include_usage}; vLLM's {@code return_token_ids} and
 *       {@code return_tokens_as_token_ids}; Fireworks' {@code return_token_ids}, {@code raw_output},
 *       {@code perf_metrics_in_response}.</li>
 *   <li>{@code POST /v1/completions}: the prompt as a string, strings, token ids or lists of token ids;
 *       legacy {@code logprobs: N}, or Fireworks {@code logprobs: true}; streaming.</li>
 *   <li>{@code GET /v1/models}.</li>
 * </ul>
 * Bad requests get 400 with OpenAI's {@code {"error":{"message","type","param","code"}}}; the OpenAI flavour
 * rejects parameters OpenAI does not know, as the real API does.
 *
 * <h2>Tokens</h2>
 * jtokkit {@code o200k_base}. Chat prompts use a ChatML template with o200k-family special ids:
 * {@code <|im_start|>}{role}{@code <|im_sep|>}{content}{@code <|im_end|>} per message (tools first, as a
 * {@code tools} message holding the tools JSON), then {@code <|im_start|>assistant<|im_sep|>}; the markers are
 * 200264, 200266 and 200265, every text piece is tokenized separately as ordinary text. A chat reply that stops
 * by itself ends with EOS {@code <|im_end|>} (200265), a completion with {@code <|endoftext|>} (199999): vLLM and
 * Fireworks include and count it, like the real servers; OpenAI never shows it. A tool call is generated as
 * Hermes-style {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>} markup, which is what vLLM and
 * Fireworks token ids cover.
 *
 * <h2>Replies</h2>
 * Deterministic functions of the request and the seeds: arithmetic in the question is computed and shown step by
 * step, ending with an {@code Answer: N} line; other questions get short templated answers built from their own
 * words; a tool is called when {@code tool_choice} forces it or the last user message names it.
 *
 * <h2>Faults</h2>
 * {@link io.evalprotocol.testkit.sim.FaultPlan}: scripted {@link io.evalprotocol.testkit.sim.FaultRule}s (by
 * request ordinal, per-request attempt, prompt marker, header or any predicate) and a seeded random
 * {@link io.evalprotocol.testkit.sim.FaultMix}. Kinds: error statuses (429 with {@code Retry-After} and
 * {@code Retry-After-Ms}, 500, 503, ...), delays, slow streams, TCP reset, truncated bodies, malformed JSON, HTML
 * instead of JSON. {@link io.evalprotocol.testkit.sim.SimStats} counts what was served and injected.
 */
package io.evalprotocol.testkit.sim;
