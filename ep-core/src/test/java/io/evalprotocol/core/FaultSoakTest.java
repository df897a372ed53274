package io.evalprotocol.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.evalprotocol.api.EvaluationRow;
import io.evalprotocol.api.InputMetadata;
import io.evalprotocol.api.Message;
import io.evalprotocol.api.Status;
import io.evalprotocol.api.StatusCode;
import io.evalprotocol.testkit.sim.Fault;
import io.evalprotocol.testkit.sim.FaultKind;
import io.evalprotocol.testkit.sim.FaultPlan;
import io.evalprotocol.testkit.sim.FaultRule;
import io.evalprotocol.testkit.sim.Flavour;
import io.evalprotocol.testkit.sim.SimRequest;
import io.evalprotocol.testkit.sim.SimStats;
import io.evalprotocol.testkit.sim.SimulatedProvider;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows against the simulated provider at concurrency 64 while it injects, per attempt: 5% 429 with
 * {@code Retry-After}, 1.5% 500, 1.5% 503, 1% connection reset, 1% truncated body, 1% malformed JSON and 1%
 * responses slower than the response timeout. Which attempt of which row fails how is a seeded function of
 * (row, attempt), so the outcome of every row is known in advance and checked exactly:
 *
 * <ul>
 *   <li>every input row comes out exactly once, with the status its fault sequence implies after retries,
 *       and the server saw exactly the attempts that sequence implies (none beyond the budget);</li>
 *   <li>the simulator's own counters (statuses sent, faults injected by kind, requests) match;</li>
 *   <li>every retry after a 429 waited what {@code Retry-After-Ms} said;</li>
 *   <li>the connection pool is idle afterwards, and closing the client leaves no SDK thread behind;</li>
 *   <li>the heap retained after the run is small (the output is streamed, not kept); the peak (sampled every
 *       10 ms) is reported.</li>
 * </ul>
 *
 * The 1,000-row run is part of the default build; the 10,000-row run is tagged {@code soak}
 * ({@code ./mvnw -pl ep-core -am verify -Psoak}). Figures go to {@code target/soak-report.txt}. Waits are real
 * but a few milliseconds long: backoff 1-4 ms, {@code Retry-After-Ms: 5}.
 */
class FaultSoakTest {
    private static final int CONCURRENCY = 64;
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration RETRY_AFTER = Duration.ofMillis(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(1000);
    // HttpCore checks timeouts on its once-a-second select wake-up: a response must be late by more than that
    private static final Duration SLOW = Duration.ofMillis(3000);
    private static final Pattern ROW = Pattern.compile("soak-row-(\\d+)");

    /** What one attempt gets, with its share of attempts in percent. */
    enum Injected {
        RATE_LIMITED(5, Fault.rateLimited(RETRY_AFTER)),
        SERVER_ERROR(1.5, Fault.serverError()),
        UNAVAILABLE(1.5, Fault.unavailable()),
        RESET(1, Fault.reset()),
        TRUNCATED(1, Fault.truncated()),
        MALFORMED(1, Fault.malformedJson()),
        SLOW(1, Fault.slow(FaultSoakTest.SLOW)),
        NONE(0, null);

        final double percent;
        final Fault fault;

        Injected(double percent, Fault fault) {
            this.percent = percent;
            this.fault = fault;
        }

        boolean retryable() {
            return this != MALFORMED && this != NONE;
        }
    }

    @Test
    void thousandRowsSurviveTheFaultMixExactly() throws Exception {
        soak(1_000, false, 11);
    }

    @Test
    void streamedRowsSurviveTheFaultMixExactly() throws Exception {
        soak(400, true, 4);
    }

    @Test
    @Tag("soak")
    void tenThousandRowsSurviveTheFaultMixExactly() throws Exception {
        soak(10_000, false, 21);
    }

    @Test
    @Tag("soak")
    void tenThousandStreamedRowsSurviveTheFaultMixExactly() throws Exception {
        soak(10_000, true, 22);
    }

    /** The fault for attempt {@code attempt} (0-based) of row {@code row}: a pure function of the seed. */
    static Injected pick(long seed, int row, int attempt) {
        long z = seed * 0x9e3779b97f4a7c15L + row * 0xbf58476d1ce4e5b9L + attempt * 0x94d049bb133111ebL;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z ^= z >>> 31;
        double x = (z >>> 11) * 0x1.0p-53 * 100;
        for (Injected i : Injected.values()) {
            if (x < i.percent) {
                return i;
            }
            x -= i.percent;
        }
        return Injected.NONE;
    }

    /** The status and attempt count a row must end with, given its faults per attempt. */
    static Expected expected(long seed, int row) {
        for (int a = 0; a < MAX_ATTEMPTS; a++) {
            Injected f = pick(seed, row, a);
            if (f == Injected.NONE) {
                return new Expected(StatusCode.FINISHED, null, a + 1);
            }
            if (!f.retryable() || a == MAX_ATTEMPTS - 1) {
                return new Expected(code(f), reason(f), a + 1);
            }
        }
        throw new AssertionError("unreachable");
    }

    private static StatusCode code(Injected f) {
        switch (f) {
            case RATE_LIMITED: return StatusCode.RESOURCE_EXHAUSTED;
            case SERVER_ERROR: return StatusCode.INTERNAL;
            case UNAVAILABLE:
            case RESET:
            case TRUNCATED: return StatusCode.UNAVAILABLE;
            case MALFORMED: return StatusCode.DATA_LOSS;
            case SLOW: return StatusCode.DEADLINE_EXCEEDED;
            default: throw new IllegalArgumentException(f.name());
        }
    }

    private static String reason(Injected f) {
        switch (f) {
            case RATE_LIMITED: return "HTTP_429";
            case SERVER_ERROR: return "HTTP_500";
            case UNAVAILABLE: return "HTTP_503";
            case RESET:
            case TRUNCATED: return "IO_ERROR";
            case MALFORMED: return "INVALID_RESPONSE";
            case SLOW: return "TIMEOUT";
            default: throw new IllegalArgumentException(f.name());
        }
    }

    private void soak(int rows, boolean stream, long seed) throws Exception {
        Set<String> threadsBefore = sdkThreads();
        Map<Integer, List<Injected>> seen = new ConcurrentHashMap<>();
        Map<Injected, AtomicInteger> injected = new EnumMap<>(Injected.class);
        for (Injected i : Injected.values()) {
            injected.put(i, new AtomicInteger());
        }
        ThreadLocal<Injected> decision = new ThreadLocal<>();
        FaultPlan.Builder plan = FaultPlan.builder().rule(FaultRule.when(r -> {
            // observes every generation request first; never injects itself
            int row = rowOf(r);
            Injected f = pick(seed, row, r.attempt());
            seen.computeIfAbsent(row, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(f);
            injected.get(f).incrementAndGet();
            decision.set(f);
            return false;
        }, Fault.serverError()));
        for (Injected i : Injected.values()) {
            if (i.fault != null) {
                plan.rule(FaultRule.when(r -> decision.get() == i, i.fault));
            }
        }

        ConcurrentLinkedQueue<Duration> waits = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-sleeper");
            t.setDaemon(true);
            return t;
        });
        Sleeper sleeper = d -> {
            waits.add(d);
            CompletableFuture<Void> f = new CompletableFuture<>();
            var task = timer.schedule(() -> f.complete(null), d.toNanos(), TimeUnit.NANOSECONDS);
            f.whenComplete((v, t) -> task.cancel(false));
            return f;
        };

        Map<String, Integer> outputs = new ConcurrentHashMap<>();
        Map<Integer, Status> statuses = new ConcurrentHashMap<>();
        AtomicInteger withoutTokenIds = new AtomicInteger();
        warmUp();
        long retainedBefore = retainedHeap();
        AtomicLong peakHeap = new AtomicLong();
        Runtime rt = Runtime.getRuntime();
        // sampled every 10 ms: the JVM's pool peaks count garbage the young generation never needed to collect
        timer.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max),
                0, 10, TimeUnit.MILLISECONDS);
        long startNanos = System.nanoTime();
        SimStats stats;
        PoolStats pool;
        RolloutSummary summary;
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).seed(seed)
                .faults(plan.build()).build().start();
                EpClient client = EpClient.builder()
                        .environment(k -> null, k -> null)
                        .baseUri(sim.baseUri())
                        .model(sim.model())
                        .provider("vllm")
                        .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())))
                        .completionParams(CompletionParams.builder().maxTokens(12).logprobs(true).stream(stream).build())
                        .maxConcurrentRequests(CONCURRENCY)
                        .responseTimeout(RESPONSE_TIMEOUT)
                        .retryPolicy(RetryPolicy.builder().maxAttempts(MAX_ATTEMPTS)
                                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(4))
                                .maxRetryAfter(Duration.ofSeconds(1)).build())
                        .sleeper(sleeper)
                        .build()) {
            SingleTurnRolloutProcessor processor = new SingleTurnRolloutProcessor(client);
            // rows are made as the processor pulls them and dropped once recorded: nothing holds the batch
            summary = processor.processAll(inputs(rows), out -> {
                String id = out.inputMetadata().rowId().orElseThrow();
                outputs.merge(id, 1, Integer::sum);
                statuses.put(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)), out.rolloutStatus());
                if (out.rolloutStatus().code() == StatusCode.FINISHED
                        && out.messages().get(out.messages().size() - 1).tokenIds().isEmpty()) {
                    withoutTokenIds.incrementAndGet();
                }
            }).completion().get(10, TimeUnit.MINUTES);
            stats = sim.stats();
            pool = awaitIdle(client);
        } finally {
            timer.shutdownNow();
        }
        long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
        long retainedGrowth = retainedHeap() - retainedBefore;
        Set<String> leftover = sdkThreads();
        leftover.removeAll(threadsBefore);

        // every input row exactly once
        assertThat(summary.rows()).isEqualTo(rows);
        assertThat(outputs).hasSize(rows);
        assertThat(outputs.values()).allMatch(n -> n == 1);

        // each row's status and attempt count follow from its faults; the server saw exactly those attempts
        List<String> mismatches = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            Expected want = expected(seed, row);
            Status got = statuses.get(row);
            List<Injected> attempts = seen.getOrDefault(row, List.of());
            String problem = want.check(got, attempts.size());
            if (problem != null && mismatches.size() < 20) {
                mismatches.add("row " + row + " " + faults(seed, row) + ": " + problem + " server saw " + attempts);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(withoutTokenIds.get()).as("finished rows without token ids").isZero();

        for (Injected i : Injected.values()) {
            assertThat(injected.get(i).get()).as("attempts that got " + i).isPositive();
        }

        // the simulator's counters agree with what was injected
        long attemptsTotal = seen.values().stream().mapToLong(List::size).sum();
        assertThat(stats.generationRequests()).isEqualTo(attemptsTotal);
        assertThat(stats.status(429)).isEqualTo(injected.get(Injected.RATE_LIMITED).get());
        assertThat(stats.status(500)).isEqualTo(injected.get(Injected.SERVER_ERROR).get());
        assertThat(stats.status(503)).isEqualTo(injected.get(Injected.UNAVAILABLE).get());
        assertThat(stats.faults(FaultKind.HTTP_STATUS)).isEqualTo(injected.get(Injected.RATE_LIMITED).get()
                + injected.get(Injected.SERVER_ERROR).get() + injected.get(Injected.UNAVAILABLE).get());
        assertThat(stats.faults(FaultKind.RESET)).isEqualTo(injected.get(Injected.RESET).get());
        assertThat(stats.faults(FaultKind.TRUNCATED)).isEqualTo(injected.get(Injected.TRUNCATED).get());
        assertThat(stats.faults(FaultKind.MALFORMED_JSON)).isEqualTo(injected.get(Injected.MALFORMED).get());
        assertThat(stats.faults(FaultKind.SLOW)).isEqualTo(injected.get(Injected.SLOW).get());

        // retries: one wait per retry, and every retry after a 429 waited exactly Retry-After-Ms
        long retries = attemptsTotal - rows;
        assertThat(waits).hasSize((int) retries);
        long retried429 = 0;
        for (int row = 0; row < rows; row++) {
            List<Injected> attempts = seen.getOrDefault(row, List.of());
            for (int a = 0; a < attempts.size() - 1; a++) {
                retried429 += attempts.get(a) == Injected.RATE_LIMITED ? 1 : 0;
            }
        }
        assertThat(waits.stream().filter(RETRY_AFTER::equals).count()).isEqualTo(retried429);
        assertThat(waits).allMatch(w -> w.compareTo(RETRY_AFTER) <= 0);

        // resources
        assertThat(pool.getLeased()).as("leased connections after the run").isZero();
        assertThat(pool.getPending()).as("pending connection requests after the run").isZero();
        assertThat(leftover).as("SDK threads left after close()").isEmpty();
        assertThat(retainedGrowth).as("heap retained after the run").isLessThan(64L * 1024 * 1024);

        Map<StatusCode, Long> byCode = statuses.values().stream()
                .collect(Collectors.groupingBy(Status::code,
                        () -> new TreeMap<>(Comparator.comparing(StatusCode::name)), Collectors.counting()));
        report(String.format(Locale.ROOT, "%-9s rows=%d stream=%s concurrency=%d wall=%.1fs requests=%d retries=%d"
                        + " injected={429:%d, 500:%d, 503:%d, reset:%d, truncated:%d, malformed:%d, slow:%d}"
                        + " statuses=%s peakHeap=%dMiB retainedGrowth=%dKiB pool{leased=%d, pending=%d, idle=%d}"
                        + " leftoverThreads=%d",
                rows >= 10_000 ? "soak" : "ci", rows, stream, CONCURRENCY, wallMillis / 1000.0,
                stats.generationRequests(), retries,
                injected.get(Injected.RATE_LIMITED).get(), injected.get(Injected.SERVER_ERROR).get(),
                injected.get(Injected.UNAVAILABLE).get(), injected.get(Injected.RESET).get(),
                injected.get(Injected.TRUNCATED).get(), injected.get(Injected.MALFORMED).get(),
                injected.get(Injected.SLOW).get(), byCode, peakHeap.get() >> 20, retainedGrowth >> 10,
                pool.getLeased(), pool.getPending(), pool.getAvailable(), leftover.size()));
    }

    /**
     * The pool once no connection is leased, or as it is after 10 s. A row completes when its body has been
     * read, a moment before HttpClient hands the connection back, and the pool offers no event to wait for.
     */
    private static PoolStats awaitIdle(EpClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PoolStats p = client.engine().transport().poolStats();
        while ((p.getLeased() > 0 || p.getPending() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(1);
            p = client.engine().transport().poolStats();
        }
        return p;
    }

    private static String faults(long seed, int row) {
        List<Injected> l = new ArrayList<>();
        for (int a = 0; a < MAX_ATTEMPTS; a++) {
            l.add(pick(seed, row, a));
        }
        return "planned " + l;
    }

    private static int rowOf(SimRequest r) {
        Matcher m = ROW.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("request without a soak row marker: " + r.body());
        }
        return Integer.parseInt(m.group(1));
    }

    private static Iterable<EvaluationRow> inputs(int rows) {
        return () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < rows;
            }

            @Override
            public EvaluationRow next() {
                if (next >= rows) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return EvaluationRow.builder()
                        .inputMetadata(InputMetadata.builder().rowId("soak-row-" + i).build())
                        .addMessage(Message.user("soak-row-" + i + ": what is " + i + " + 17?"))
                        .build();
            }
        };
    }

    private static Set<String> sdkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("ep-"))
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    /** Loads what stays loaded anyway (the simulator's tokenizer, the SDK's classes) before the heap baseline. */
    private static void warmUp() {
        try (SimulatedProvider sim = SimulatedProvider.builder().flavour(Flavour.VLLM).build().start()) {
            for (boolean stream : new boolean[] {false, true}) {
                try (EpClient client = EpClient.builder().environment(k -> null, k -> null).baseUri(sim.baseUri())
                        .model(sim.model()).provider("vllm")
                        .extractorRegistry(TokenIdExtractorRegistry.of(List.of(new ChoiceTokenIdsExtractor())))
                        .completionParams(CompletionParams.builder().stream(stream).build())
                        .build()) {
                    EvaluationRow row = EvaluationRow.builder().addMessage(Message.user("warm up")).build();
                    new SingleTurnRolloutProcessor(client).process(row).join();
                }
            }
        }
    }

    /** Heap in use after a full collection. */
    private static long retainedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Set by the first report of this JVM, which starts the file afresh. */
    private static boolean reported;

    private static synchronized void report(String line) throws IOException {
        System.out.println(line);
        Files.writeString(Path.of("target", "soak-report.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, reported ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        reported = true;
    }

    static final class Expected {
        final StatusCode code;
        final String reason;
        final int attempts;

        Expected(StatusCode code, String reason, int attempts) {
            this.code = code;
            this.reason = reason;
            this.attempts = attempts;
        }

        /** Null when {@code got} and the server's attempt count are what this row must show, else what differs. */
        String check(Status got, int serverAttempts) {
            if (got == null) {
                return "no output row";
            }
            if (got.code() != code) {
                return "status " + got.code() + " (" + got.message() + "), want " + code;
            }
            if (serverAttempts != attempts) {
                return "server saw " + serverAttempts + " attempts, want " + attempts;
            }
            if (reason == null) {
                return null;
            }
            JsonObject detail = got.details().get(0);
            if (!reason.equals(detail.getString("reason"))) {
                return "reason " + detail.getString("reason") + ", want " + reason;
            }
            String recorded = detail.getJsonObject("metadata").getString("attempts", "?");
            return recorded.equals(Integer.toString(attempts)) ? null
                    : "row records " + recorded + " attempts, want " + attempts;
        }
    }
}
