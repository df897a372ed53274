package io.evalprotocol.testkit.sim.internal;

/**
 * One generated choice: token ids (including the EOS id when the model stopped on its own), their sampled
 * logprobs, the incremental text each token released, and the visible message. Alternatives for
 * {@code top_logprobs} are computed on demand from the same seed, so asking for more of them never changes the
 * sampled tokens or their logprobs.
 */
public final class Choice {
    public int index;
    /** Completions: which prompt this choice continues. */
    public int promptIndex;
    public int[] promptIds;
    public String promptText;
    /** Generated ids, EOS included when {@link #eos}. */
    public int[] ids;
    public boolean eos;
    public int eosId;
    public String finishReason;
    /** vLLM {@code stop_reason}: the matched stop string, or null (EOS or length). */
    public String stopString;
    /** Visible content; null for a tool-call message. */
    public String content;
    /** The raw completion text before tool-call parsing (Fireworks {@code raw_output.completion}). */
    public String rawText;
    public String toolName;
    public String toolArgsCompact;
    public String toolArgsSpaced;
    /** Whether the tool call was forced (named or required tool_choice): vLLM then sends {@code content: ""}. */
    public boolean toolForced;
    /** Text each token released (see {@link TokenText#emit}). */
    public String[] emitted;
    /** Code points of content released before each token (Fireworks {@code text_offset}). */
    public int[] offsets;
    /** Sampled logprob per token, in millionths. */
    public long[] lpMicros;
    public long seed;

    public int count() {
        return ids.length;
    }

    /** Ids without a trailing EOS (what decodes to the raw text). */
    public int visibleCount() {
        return eos ? ids.length - 1 : ids.length;
    }

    public boolean isToolCall() {
        return toolName != null;
    }

    /**
     * The {@code k} most likely candidates at position {@code t}, most likely first. The sampled token is among
     * them only if it ranks in the top {@code k}. Probabilities sum to less than 1.
     */
    // StrictMath: alternatives must be bit-identical on every JVM and CPU for responses to be reproducible
    public Alternatives top(int t, int k) {
        int[] outIds = new int[k];
        long[] outLp = new long[k];
        int sampled = ids[t];
        long sampledLp = lpMicros[t];
        double mass = (1 - StrictMath.exp(sampledLp / 1e6)) * 0.5;
        int[] pool = Generator.POOL;
        boolean placed = false;
        int n = 0;
        for (int j = 0; n < k; j++) {
            long h = Rng.mix(seed, t * 64L + j, 0x70bL);
            double p = mass * (0.55 + 0.45 * ((h >>> 11) * 0x1.0p-53));
            mass *= 0.45;
            long lp = p <= 1e-300 ? -9_999_000_000L : Math.max(-9_999_000_000L, -(long) Math.ceil(-StrictMath.log(p) * 1e6));
            if (!placed && sampledLp >= lp) {
                outIds[n] = sampled;
                outLp[n] = sampledLp;
                n++;
                placed = true;
                if (n == k) {
                    break;
                }
            }
            int idx = (int) ((h >>> 33) % pool.length);
            while (pool[idx] == sampled || contains(outIds, n, pool[idx])) {
                idx = (idx + 1) % pool.length;
            }
            outIds[n] = pool[idx];
            outLp[n] = lp;
            n++;
        }
        return new Alternatives(outIds, outLp);
    }

    private static boolean contains(int[] a, int len, int v) {
        for (int i = 0; i < len; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Candidate ids and logprobs (millionths), most likely first. */
    public record Alternatives(int[] ids, long[] lpMicros) {
    }
}
