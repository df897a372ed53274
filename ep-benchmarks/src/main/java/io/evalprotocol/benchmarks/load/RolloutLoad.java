package io.evalprotocol.benchmarks.load;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.core.CompletionParams;
import io.evalprotocol.core.EpClient;
import io.evalprotocol.core.SingleTurnRolloutProcessor;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * P4: rows/s through {@link SingleTurnRolloutProcessor} against the simulated vLLM provider (loopback),
 * against a bare HttpClient 5 loop posting the same request to the same server, alternating rounds in one
 * JVM so both see the same machine. Replies are ~2 KB ({@code max_tokens} calibrated once).
 */
public final class RolloutLoad {
    /**
     * The figures of every measured round of one concurrency, from one JVM or pooled from several (forks): what
     * {@link Result} takes medians of, and what a fork prints as one JSON line.
     */
    public record Rounds(int concurrency, int replyBytes, int sdkFailures, int[] warmupPairs, double[] ratios,
            double[] bareRowsPerSecond, double[] sdkRowsPerSecond, double[] bareP50, double[] bareP99, double[] sdkP50,
            double[] sdkP99, double[] bareCpuMicrosPerRow, double[] sdkCpuMicrosPerRow) {
        /** These rounds and {@code other}'s, of the same concurrency, as one set. */
        public Rounds pool(Rounds other) {
            if (other.concurrency != concurrency) {
                throw new IllegalArgumentException("concurrency " + other.concurrency + " pooled with " + concurrency);
            }
            return new Rounds(concurrency, Math.max(replyBytes, other.replyBytes), sdkFailures + other.sdkFailures,
                    concat(warmupPairs, other.warmupPairs), concat(ratios, other.ratios),
                    concat(bareRowsPerSecond, other.bareRowsPerSecond), concat(sdkRowsPerSecond, other.sdkRowsPerSecond),
                    concat(bareP50, other.bareP50), concat(bareP99, other.bareP99), concat(sdkP50, other.sdkP50),
                    concat(sdkP99, other.sdkP99), concat(bareCpuMicrosPerRow, other.bareCpuMicrosPerRow),
                    concat(sdkCpuMicrosPerRow, other.sdkCpuMicrosPerRow));
        }

        private static double[] concat(double[] a, double[] b) {
            double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }

        private static int[] concat(int[] a, int[] b) {
            int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }

    /** Medians over the rounds of one concurrency (of every fork's rounds, when pooled). */
    public static final class Result {
        public final int concurrency;
        public final double bareRowsPerSecond;
        public final double sdkRowsPerSecond;
        /** The goal: the median of the per-round ratios (each round's SDK rows/s over its bare twin's). */
        public final double ratio;
        public final double minRatio;
        public final double maxRatio;
        public final double bareP50;
        public final double bareP99;
        public final double sdkP50;
        public final double sdkP99;
        public final int replyBytes;
        public final int sdkFailures;
        /** Median CPU time of the whole JVM (simulated server included) per row, in microseconds. */
        public final double bareCpuMicrosPerRow;
        public final double sdkCpuMicrosPerRow;
        /** Warm-up pairs of rounds each JVM ran before its measured ones (one entry per fork). */
        public final int[] warmupPairs;
        /** Number of measured rounds. */
        public final int rounds;
        public final Rounds all;

        public Result(Rounds r) {
            this.all = r;
            this.concurrency = r.concurrency;
            this.bareRowsPerSecond = median(r.bareRowsPerSecond);
            this.sdkRowsPerSecond = median(r.sdkRowsPerSecond);
            this.ratio = median(r.ratios);
            this.minRatio = java.util.Arrays.stream(r.ratios).min().orElse(Double.NaN);
            this.maxRatio = java.util.Arrays.stream(r.ratios).max().orElse(Double.NaN);
            this.bareP50 = median(r.bareP50);
            this.bareP99 = median(r.bareP99);
            this.sdkP50 = median(r.sdkP50);
            this.sdkP99 = median(r.sdkP99);
            this.replyBytes = r.replyBytes;
            this.sdkFailures = r.sdkFailures;
            this.bareCpuMicrosPerRow = median(r.bareCpuMicrosPerRow);
            this.sdkCpuMicrosPerRow = median(r.sdkCpuMicrosPerRow);
            this.warmupPairs = r.warmupPairs.clone();
            this.rounds = r.ratios.length;
        }
    }

    private static final String PROMPT = "Write a short paragraph about token ids.";
    private static final String API_KEY = "sk-bench";
    /** The SDK's own User-Agent, so that both sides send requests of the same size. */
    private static final String USER_AGENT = "ep-java/0.1.0";

    private RolloutLoad() {}

    public static Result run(int concurrency, int requests, int rounds) throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(7).build().start()) {
            URI chat = URI.create(sim.baseUri() + "/chat/completions");
            int maxTokens = 16;
            int reply = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                try (BareHttpLoop probe = new BareHttpLoop(chat, request(sim.model(), maxTokens), 1)) {
                    reply = probe.post().get();
                }
                if (Math.abs(reply - 2048) < 256) {
                    break;
                }
                // replies carry logprobs, ~100 bytes a token on top of a ~700-byte envelope
                maxTokens = Math.max(1, maxTokens + (int) Math.round((2048 - reply) / 100.0));
            }
            byte[] body = request(sim.model(), maxTokens);
            EvaluationRow row = EvaluationRow.of(List.of(Message.user(PROMPT)));
            // Both sides: same pool, same I/O thread count, same headers (the SDK's Authorization and Accept).
            int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
            try (BareHttpLoop bare = new BareHttpLoop(chat, body, concurrency, ioThreads,
                            Map.of("Authorization", "Bearer " + API_KEY, "Accept", "application/json"), USER_AGENT);
                    EpClient client = EpClient.builder().baseUri(sim.baseUri()).model(sim.model()).provider("vllm")
                            .apiKey(API_KEY).maxConcurrentRequests(concurrency).ioThreads(ioThreads)
                            .completionParams(CompletionParams.builder().maxTokens(maxTokens).logprobs(true).build()).build()) {
                SingleTurnRolloutProcessor p = new SingleTurnRolloutProcessor(client);
                java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
                java.util.function.IntFunction<CompletableFuture<?>> sdk = i -> p.process(row).thenApply(r -> {
                    if (r.rolloutStatus() == null || !StatusCode.FINISHED.equals(r.rolloutStatus().code())) {
                        failures.incrementAndGet();
                    }
                    return r;
                });
                java.util.function.IntFunction<CompletableFuture<?>> raw = i -> bare.post();
                // Warm-up, alternating. The JVM runs the simulated server, HttpClient twice and the SDK: thousands of
                // hot methods, and on 2 busy cores C2 gets too little CPU to keep up (its queue, and the tiered
                // thresholds that grow with it, kept it compiling through 60 pairs of rounds, with rows/s still
                // doubling). So after each pair the load stops until the compiler has gone idle, and the warm-up
                // ends once a pair of rounds needed (almost) no compilation.
                int warm = Math.min(requests, 2000);
                java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
                boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
                int warmPairs = 0;
                long warmUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(MAX_WARMUP_SECONDS);
                for (int w = 0; w < MAX_WARMUP_ROUNDS && System.nanoTime() < warmUntil; w++) {
                    long compiled = timed ? jit.getTotalCompilationTime() : 0;
                    LoadDriver.run(raw, warm, concurrency, 120);
                    LoadDriver.run(sdk, warm, concurrency, 120);
                    warmPairs++;
                    long pairCompiled = timed ? jit.getTotalCompilationTime() - compiled : 0;
                    if (w + 1 >= WARMUP_ROUNDS && (!timed || pairCompiled <= QUIET_JIT_MILLIS)) {
                        break;
                    }
                    if (timed) {
                        awaitIdleCompiler(jit);
                    }
                }
                double[] ratios = new double[rounds];
                double[] bareRows = new double[rounds];
                double[] sdkRows = new double[rounds];
                double[][] latency = new double[4][rounds];
                double[] bareCpu = new double[rounds];
                double[] sdkCpu = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    LoadDriver.Round rb;
                    LoadDriver.Round rs;
                    if (r % 2 == 0) {
                        rb = LoadDriver.run(raw, requests, concurrency, 300);
                        rs = LoadDriver.run(sdk, requests, concurrency, 300);
                    } else {
                        rs = LoadDriver.run(sdk, requests, concurrency, 300);
                        rb = LoadDriver.run(raw, requests, concurrency, 300);
                    }
                    ratios[r] = rs.rowsPerSecond() / rb.rowsPerSecond();
                    bareRows[r] = rb.rowsPerSecond();
                    sdkRows[r] = rs.rowsPerSecond();
                    latency[0][r] = rb.percentileMillis(50);
                    latency[1][r] = rb.percentileMillis(99);
                    latency[2][r] = rs.percentileMillis(50);
                    latency[3][r] = rs.percentileMillis(99);
                    bareCpu[r] = rb.cpuMicrosPerRow();
                    sdkCpu[r] = rs.cpuMicrosPerRow();
                }
                return new Result(new Rounds(concurrency, reply, failures.get(), new int[] {warmPairs}, ratios, bareRows,
                        sdkRows, latency[0], latency[1], latency[2], latency[3], bareCpu, sdkCpu));
            }
        }
    }

    /** Alternating warm-up rounds of up to 2000 rows per side before the measured rounds: at least this many, */
    static final int WARMUP_ROUNDS = 5;
    /** and then more, up to this many, until the JIT compiled for at most {@link #QUIET_JIT_MILLIS} in a pair. */
    static final int MAX_WARMUP_ROUNDS = 80;
    static final long QUIET_JIT_MILLIS = 50;
    /** The warm-up ends after this long whatever the JIT does (the report gives the pairs it ran). */
    static final long MAX_WARMUP_SECONDS = 150;
    /** The compiler counts as idle once its total time stood still this long; waits at most 10 s. */
    private static final long IDLE_COMPILER_MILLIS = 200;

    private static void awaitIdleCompiler(java.lang.management.CompilationMXBean jit) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long last = jit.getTotalCompilationTime();
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince >= IDLE_COMPILER_MILLIS * 1_000_000L) {
                return;
            }
        }
    }

    private static byte[] request(String model, int maxTokens) {
        return String.format(Locale.ROOT, "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],"
                + "\"max_tokens\":%d,\"logprobs\":true,\"return_token_ids\":true}", model, PROMPT, maxTokens).getBytes(StandardCharsets.UTF_8);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * {@code java -cp benchmarks.jar ...RolloutLoad REQUESTS ROUNDS CONCURRENCY...}: for each concurrency, one
     * JSON line with every round's figures ({@link Rounds}), and a summary line on standard error.
     */
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            Result r = run(Integer.parseInt(args[i]), requests, rounds);
            System.out.println(JSON.writeValueAsString(r.all));
            System.err.println(String.format(Locale.ROOT, "P4 fork: concurrency %d, ratio %.3f (rounds %.2f-%.2f),"
                    + " bare %.0f rows/s, SDK %.0f rows/s, JVM CPU per row %.1f vs %.1f us, %d warm-up pairs",
                    r.concurrency, r.ratio, r.minRatio, r.maxRatio, r.bareRowsPerSecond, r.sdkRowsPerSecond,
                    r.sdkCpuMicrosPerRow, r.bareCpuMicrosPerRow, r.warmupPairs[0]));
        }
    }
}
