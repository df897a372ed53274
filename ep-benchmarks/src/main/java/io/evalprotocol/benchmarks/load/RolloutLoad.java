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
import java.util.ArrayList;
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
    /** Medians over rounds for one concurrency. */
    public static final class Result {
        public final int concurrency;
        public final double bareRowsPerSecond;
        public final double sdkRowsPerSecond;
        public final double ratio;
        public final double minRatio;
        public final double maxRatio;
        public final double bareP50;
        public final double bareP99;
        public final double sdkP50;
        public final double sdkP99;
        public final int replyBytes;
        public final int sdkFailures;
        /** Median CPU time of this whole JVM (simulated server included) per row, in microseconds. */
        public final double bareCpuMicrosPerRow;
        public final double sdkCpuMicrosPerRow;
        /** Warm-up pairs of rounds run before the measured ones. */
        public final int warmupPairs;

        Result(int concurrency, double bare, double sdk, double[] ratios, double bareP50, double bareP99, double sdkP50,
                double sdkP99, int replyBytes, int sdkFailures, double bareCpu, double sdkCpu, int warmupPairs) {
            this.concurrency = concurrency;
            this.bareRowsPerSecond = bare;
            this.sdkRowsPerSecond = sdk;
            this.ratio = median(ratios);
            this.minRatio = java.util.Arrays.stream(ratios).min().orElse(Double.NaN);
            this.maxRatio = java.util.Arrays.stream(ratios).max().orElse(Double.NaN);
            this.bareP50 = bareP50;
            this.bareP99 = bareP99;
            this.sdkP50 = sdkP50;
            this.sdkP99 = sdkP99;
            this.replyBytes = replyBytes;
            this.sdkFailures = sdkFailures;
            this.bareCpuMicrosPerRow = bareCpu;
            this.sdkCpuMicrosPerRow = sdkCpu;
            this.warmupPairs = warmupPairs;
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
                List<LoadDriver.Round> b = new ArrayList<>();
                List<LoadDriver.Round> s = new ArrayList<>();
                double[] ratios = new double[rounds];
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
                    b.add(rb);
                    s.add(rs);
                    ratios[r] = rs.rowsPerSecond() / rb.rowsPerSecond();
                    bareCpu[r] = rb.cpuMicrosPerRow();
                    sdkCpu[r] = rs.cpuMicrosPerRow();
                }
                return new Result(concurrency, median(b, LoadDriver.Round::rowsPerSecond),
                        median(s, LoadDriver.Round::rowsPerSecond), ratios,
                        median(b, x -> x.percentileMillis(50)), median(b, x -> x.percentileMillis(99)),
                        median(s, x -> x.percentileMillis(50)), median(s, x -> x.percentileMillis(99)), reply,
                        failures.get(), median(bareCpu), median(sdkCpu), warmPairs);
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

    private static double median(List<LoadDriver.Round> rounds, java.util.function.ToDoubleFunction<LoadDriver.Round> f) {
        double[] v = rounds.stream().mapToDouble(f).toArray();
        return median(v);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** {@code java -cp benchmarks.jar ...RolloutLoad REQUESTS ROUNDS CONCURRENCY...}: one JSON line per concurrency. */
    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            Result r = run(Integer.parseInt(args[i]), requests, rounds);
            System.out.println(String.format(Locale.ROOT, "{\"concurrency\":%d,\"bare_rows_s\":%.1f,\"sdk_rows_s\":%.1f,"
                    + "\"ratio\":%.3f,\"bare_p50_ms\":%.2f,\"bare_p99_ms\":%.2f,\"sdk_p50_ms\":%.2f,\"sdk_p99_ms\":%.2f,"
                    + "\"bare_cpu_us_row\":%.1f,\"sdk_cpu_us_row\":%.1f,\"reply_bytes\":%d,\"sdk_failures\":%d,"
                    + "\"min_ratio\":%.3f,\"max_ratio\":%.3f,\"warmup_pairs\":%d}", r.concurrency,
                    r.bareRowsPerSecond, r.sdkRowsPerSecond, r.ratio, r.bareP50, r.bareP99, r.sdkP50, r.sdkP99,
                    r.bareCpuMicrosPerRow, r.sdkCpuMicrosPerRow, r.replyBytes, r.sdkFailures, r.minRatio, r.maxRatio,
                    r.warmupPairs));
        }
    }
}
