package io.evalprotocol.benchmarks.bodies;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seeded generator of realistic chat-completion bodies (non-streamed JSON and their SSE twins). The same
 * spec and seed always give the same bytes, so figures from different runs describe the same input.
 */
public final class ChatBodies {
    public static final long DEFAULT_SEED = 20261126L;

    private static final ConcurrentHashMap<Long, Vocabulary> VOCABULARIES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, GeneratedCompletion> CACHE = new ConcurrentHashMap<>();

    private ChatBodies() {}

    /** The completion for {@code spec} with the default seed (cached: a 128k-token k=5 body is ~70 MB). */
    public static GeneratedCompletion completion(BodySpec spec) {
        return completion(spec, DEFAULT_SEED);
    }

    public static GeneratedCompletion completion(BodySpec spec, long seed) {
        return CACHE.computeIfAbsent(spec.name() + "@" + seed, k -> generate(spec, seed));
    }

    /** Drops cached bodies (between benchmark trials that use different sizes). */
    public static void clearCache() {
        CACHE.clear();
    }

    static GeneratedCompletion generate(BodySpec spec, long seed) {
        Vocabulary v = VOCABULARIES.computeIfAbsent(seed, Vocabulary::create);
        SplittableRandom r = new SplittableRandom(seed * 31 + spec.name().hashCode());
        int n = spec.completionTokens();
        int k = Math.max(0, spec.kind().topK);
        int[] tok = new int[n];
        for (int i = 0; i < n - 1; i++) {
            int roll = r.nextInt(1000);
            if (roll < 4 && i + 2 < n - 1) {
                tok[i++] = v.emojiHead;
                tok[i] = v.emojiTail;
            } else if (roll < 6 && i + 2 < n - 1) {
                tok[i++] = v.heartHead;
                tok[i] = v.heartTail;
            } else {
                tok[i] = v.sample(r);
            }
        }
        tok[n - 1] = v.eos;

        String[] lp = new String[n];
        int[][] alt = new int[n][];
        String[][] altLp = new String[n][];
        if (spec.kind().hasLogprobs()) {
            for (int i = 0; i < n; i++) {
                double[] values = new double[k == 0 ? 1 : k];
                double top = -Math.abs(r.nextGaussian()) * (r.nextInt(4) == 0 ? 2.0 : 0.05);
                values[0] = top;
                for (int j = 1; j < values.length; j++) {
                    values[j] = values[j - 1] - r.nextDouble() * 3.0;
                }
                int rank = k == 0 ? 0 : (r.nextInt(5) == 0 ? r.nextInt(k) : 0);
                String[] text = new String[values.length];
                for (int j = 0; j < values.length; j++) {
                    text[j] = pythonRepr(values[j], 4 + r.nextInt(6));
                }
                if (r.nextInt(2000) == 0) {
                    text[rank] = "-9999.0"; // OpenAI/vLLM "not in the top 20" sentinel
                } else if (r.nextInt(50) == 0) {
                    text[rank] = "0.0";
                }
                lp[i] = text[rank];
                if (k > 0) {
                    int[] a = new int[k];
                    for (int j = 0; j < k; j++) {
                        a[j] = j == rank ? tok[i] : v.sample(r);
                    }
                    alt[i] = a;
                    altLp[i] = text;
                }
            }
        }
        int[] prompt = new int[BodySpec.PROMPT_TOKENS];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = v.ids[v.sample(r)];
        }
        String id = String.format(Locale.ROOT, "%016x", r.nextLong());
        return new GeneratedCompletion(spec, v, tok, lp, alt, altLp, prompt, id);
    }

    /**
     * Formats like Python's {@code repr(float)} for a value rounded to {@code digits} significant digits:
     * positional from 1e-4 up, else {@code 1.5e-05}. Logprobs on the wire look like this.
     */
    static String pythonRepr(double value, int digits) {
        if (value == 0) {
            return "0.0";
        }
        BigDecimal bd = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
        double abs = Math.abs(bd.doubleValue());
        if (abs >= 1e-4) {
            String s = bd.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
        String unscaled = bd.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (bd.signum() < 0) {
            sb.append('-');
        }
        sb.append(unscaled.charAt(0));
        if (unscaled.length() > 1) {
            sb.append('.').append(unscaled, 1, unscaled.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    /** One generated completion: the token sequence, its logprobs, and renderings of it. */
    public static final class GeneratedCompletion {
        private final BodySpec spec;
        private final Vocabulary v;
        private final int[] tok;
        private final String[] lp;
        private final int[][] alt;
        private final String[][] altLp;
        private final int[] prompt;
        private final String responseId;
        private volatile byte[] json;
        private volatile byte[] sse;

        GeneratedCompletion(BodySpec spec, Vocabulary v, int[] tok, String[] lp, int[][] alt, String[][] altLp,
                int[] prompt, String responseId) {
            this.spec = spec;
            this.v = v;
            this.tok = tok;
            this.lp = lp;
            this.alt = alt;
            this.altLp = altLp;
            this.prompt = prompt;
            this.responseId = responseId;
        }

        public BodySpec spec() {
            return spec;
        }

        public String model() {
            return spec.kind().hasLogprobs() ? "accounts/fireworks/models/qwen3-8b" : "Qwen/Qwen3-8B";
        }

        /** The completion token ids, EOS last. */
        public int[] completionTokenIds() {
            int[] ids = new int[tok.length];
            for (int i = 0; i < tok.length; i++) {
                ids[i] = v.ids[tok[i]];
            }
            return ids;
        }

        public int[] promptTokenIds() {
            return prompt.clone();
        }

        /** The sampled tokens' logprobs as numbers, or null for an ids-only body. */
        public double[] flatLogprobs() {
            if (!spec.kind().hasLogprobs()) {
                return null;
            }
            double[] d = new double[lp.length];
            for (int i = 0; i < lp.length; i++) {
                d[i] = Double.parseDouble(lp[i]);
            }
            return d;
        }

        /** {@code message.content}: the UTF-8 decoding of every token's bytes except EOS. */
        public String content() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(tok.length * 5);
            for (int t : tok) {
                if (t != v.eos) {
                    out.writeBytes(v.bytes[t]);
                }
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }

        /** The non-streamed response body (compact JSON, UTF-8). */
        public byte[] json() {
            byte[] b = json;
            if (b == null) {
                b = renderJson();
                json = b;
            }
            return b;
        }

        /** The streamed twin: one SSE event per token, {@code prompt_token_ids} on the first, usage on the last. */
        public byte[] sse() {
            byte[] b = sse;
            if (b == null) {
                b = renderSse();
                sse = b;
            }
            return b;
        }

        /** The JSON text of {@code choices[0].logprobs} exactly as it appears in {@link #json()}. */
        public String logprobsJson() {
            return logprobsJson(false);
        }

        /**
         * {@code choices[0].logprobs} as text; with {@code pydanticForm} every non-ASCII character is raw UTF-8
         * (how pydantic and so Python eval-protocol rows write it), else as in {@link #json()}.
         */
        public String logprobsJson(boolean pydanticForm) {
            if (!spec.kind().hasLogprobs()) {
                return "null";
            }
            JsonBytes out = new JsonBytes(tok.length * 100);
            logprobs(out, 0, tok.length, pydanticForm);
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }

        private byte[] renderJson() {
            int perToken = spec.kind().topK < 0 ? 12 : 110 + spec.kind().topK * 85;
            JsonBytes out = new JsonBytes(tok.length * perToken + 16 * 1024);
            int n = tok.length;
            out.raw("{\"id\":\"chatcmpl-").raw(responseId).raw("\",\"object\":\"chat.completion\",\"created\":1764115200,\"model\":");
            out.str(model(), false).raw(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
            out.str(content(), false);
            int[] ids = completionTokenIds();
            if (spec.kind().hasLogprobs()) {
                out.raw("},\"finish_reason\":\"stop\",\"logprobs\":");
                logprobs(out, 0, n);
                out.raw(",\"token_ids\":").ints(ids, 0, n).raw("}],");
                out.raw("\"usage\":{\"prompt_tokens\":").num(prompt.length).raw(",\"total_tokens\":").num(prompt.length + n)
                        .raw(",\"completion_tokens\":").num(n).raw("},");
                out.raw("\"prompt_token_ids\":").ints(prompt, 0, prompt.length).raw("}");
            } else {
                out.raw(",\"refusal\":null,\"annotations\":null,\"audio\":null,\"function_call\":null,\"tool_calls\":[],"
                        + "\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null,"
                        + "\"token_ids\":").ints(ids, 0, n).raw("}],\"service_tier\":null,\"system_fingerprint\":null,");
                out.raw("\"usage\":{\"prompt_tokens\":").num(prompt.length).raw(",\"total_tokens\":").num(prompt.length + n)
                        .raw(",\"completion_tokens\":").num(n).raw(",\"prompt_tokens_details\":null},");
                out.raw("\"prompt_logprobs\":null,\"prompt_token_ids\":").ints(prompt, 0, prompt.length)
                        .raw(",\"kv_transfer_params\":null}");
            }
            return out.toByteArray();
        }

        private void logprobs(JsonBytes out, int from, int to) {
            logprobs(out, from, to, false);
        }

        private void logprobs(JsonBytes out, int from, int to, boolean pydanticForm) {
            out.raw("{\"content\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    out.ch(',');
                }
                entry(out, tok[i], lp[i], pydanticForm);
                out.raw(",\"top_logprobs\":[");
                if (alt[i] != null) {
                    for (int j = 0; j < alt[i].length; j++) {
                        if (j > 0) {
                            out.ch(',');
                        }
                        entry(out, alt[i][j], altLp[i][j], pydanticForm);
                        out.ch('}');
                    }
                }
                out.raw("]}");
            }
            out.raw("]}");
        }

        private void entry(JsonBytes out, int t, String logprob, boolean pydanticForm) {
            out.raw("{\"token\":").str(v.tokenText[t], v.escapeNonAscii[t] && !pydanticForm);
            out.raw(",\"logprob\":").raw(logprob);
            out.raw(",\"bytes\":").unsignedBytes(v.bytes[t]);
            out.raw(",\"token_id\":").num(v.ids[t]);
        }

        private byte[] renderSse() {
            int n = tok.length;
            int perToken = spec.kind().topK < 0 ? 230 : 330 + Math.max(0, spec.kind().topK) * 85;
            JsonBytes out = new JsonBytes(n * perToken + 16 * 1024);
            String head = "data: {\"id\":\"chatcmpl-" + responseId + "\",\"object\":\"chat.completion.chunk\",\"created\":1764115200,\"model\":\""
                    + model() + "\",\"choices\":[{\"index\":0,\"delta\":";
            out.raw(head).raw("{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"prompt_token_ids\":")
                    .ints(prompt, 0, prompt.length).raw("}\n\n");
            int[] ids = completionTokenIds();
            Utf8Deltas deltas = new Utf8Deltas();
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                out.raw(head).raw("{\"content\":").str(t(i) == v.eos ? "" : deltas.next(v.bytes[t(i)]), false).raw("},");
                if (spec.kind().hasLogprobs()) {
                    out.raw("\"logprobs\":");
                    logprobs(out, i, i + 1);
                } else {
                    out.raw("\"logprobs\":null");
                }
                out.raw(",\"finish_reason\":").raw(last ? "\"stop\"" : "null");
                out.raw(",\"token_ids\":").ints(ids, i, i + 1).raw("}]");
                if (last) {
                    out.raw(",\"usage\":{\"prompt_tokens\":").num(prompt.length).raw(",\"total_tokens\":")
                            .num(prompt.length + n).raw(",\"completion_tokens\":").num(n).raw("}");
                }
                out.raw("}\n\n");
            }
            out.raw("data: [DONE]\n\n");
            return out.toByteArray();
        }

        private int t(int i) {
            return tok[i];
        }
    }

    /** Splits a byte stream into the longest complete-UTF-8 text deltas, as servers stream {@code delta.content}. */
    private static final class Utf8Deltas {
        private byte[] pending = new byte[0];

        String next(byte[] b) {
            byte[] all = Arrays.copyOf(pending, pending.length + b.length);
            System.arraycopy(b, 0, all, pending.length, b.length);
            int complete = completePrefix(all);
            pending = Arrays.copyOfRange(all, complete, all.length);
            return new String(all, 0, complete, StandardCharsets.UTF_8);
        }

        private static int completePrefix(byte[] b) {
            int i = 0;
            int lastComplete = 0;
            while (i < b.length) {
                int c = b[i] & 0xff;
                int len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
                if (i + len > b.length) {
                    break;
                }
                i += len;
                lastComplete = i;
            }
            return lastComplete;
        }
    }
}
