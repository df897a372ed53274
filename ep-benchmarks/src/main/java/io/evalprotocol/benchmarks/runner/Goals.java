package io.evalprotocol.benchmarks.runner;

import io.evalprotocol.benchmarks.DecodeBenchmark;
import io.evalprotocol.benchmarks.bodies.BodySpec;
import io.evalprotocol.benchmarks.bodies.ChatBodies;
import io.evalprotocol.benchmarks.bodies.WriteBodies;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The goal runner: measures the SDK and its ceilings in one run on this machine and prints every goal as
 * a ratio with PASS / MISS. {@code java -cp benchmarks.jar io.evalprotocol.benchmarks.runner.Goals quick|full [outDir]}
 * (what {@code ep-benchmarks/run.sh} does).
 */
public final class Goals {
    static final String DECODE_C1 = "c1JacksonTokens";
    static final String DECODE_C2 = "c2ByteScan";
    static final String DECODE_P1 = "p1Message";
    static final String DECODE_P1B = "p1bIdsOnly";
    static final String REF_JACKSON_TREE = "refJacksonTree";
    static final String REF_JSONP_TREE = "refJsonpTree";

    private final Profile profile;
    private final Path out;
    private final Path bodies;
    private final Report report = new Report();
    private final Map<String, Long> bodySize = new LinkedHashMap<>();

    private Goals(Profile profile, Path out) {
        this.profile = profile;
        this.out = out;
        this.bodies = out.resolve("bodies");
    }

    public static void main(String[] args) throws Exception {
        Profile profile = Profile.named(args.length > 0 ? args[0] : "quick");
        Path out = Path.of(args.length > 1 ? args[1] : "ep-benchmarks/target/bench");
        Files.createDirectories(out);
        Goals g = new Goals(profile, out);
        boolean ok = g.run();
        if (!ok && Boolean.getBoolean("ep.bench.strict")) {
            System.exit(1);
        }
    }

    private boolean run() throws Exception {
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String loadBefore = loadAverage();
        System.out.printf(Locale.ROOT, "ep-benchmarks %s profile, %s%n", profile.name, started);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), loadBefore);

        writeBodies();
        Files.deleteIfExists(out.resolve("python-" + profile.name + ".log"));

        // Python's figures divide the SDK's in P2 and P1b/orjson, across processes: so each body's Python run
        // brackets its Java run (before and after, averaged), seconds apart, and a machine whose speed drifts
        // during the run (a shared host) moves both sides of the ratio alike.
        Map<String, double[]> decode = new LinkedHashMap<>();
        PythonPeers peers = new PythonPeers();
        for (String body : profile.decodeBodies) {
            PythonPeers before = pythonRun(body);
            decode.putAll(paired(DecodeBenchmark.class, decodeMethods(), List.of(body)));
            peers.addMeanOf(before, pythonRun(body));
        }
        Map<String, Jmh.Score> jmh = profile.jmh ? decodeRun() : Map.of();

        decodeGoals(decode, jmh, peers);
        jsonlGoals();
        footprintGoals();
        engineGoals();

        String loadAfter = loadAverage();
        report.note("");
        report.note("Load average before: " + loadBefore + "; after: " + loadAfter
                + " (other processes on the same 2 cores move absolute figures; ratios come from the same run).");
        System.out.println("Summary: " + report.summary()); // the results file ends with it too (Report.write)
        String header = "## ep-benchmarks `" + profile.name + "` run, " + started + "\n\n"
                + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ". JMH: forks "
                + profile.forks + ", warm-up " + profile.warmupIterations + " × " + profile.warmupSeconds + " s, measured "
                + profile.iterations + " × " + profile.iterationSeconds + " s.";
        Path md = out.resolve("results-" + profile.name + ".md");
        report.write(md, header);
        System.out.println("written: " + md);
        return report.allPass();
    }

    private void writeBodies() throws IOException {
        System.out.println("writing bodies to " + bodies + " ...");
        List<String> all = new ArrayList<>(profile.decodeBodies);
        for (String s : profile.sseBodies) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        for (String name : all) {
            BodySpec spec = BodySpec.parse(name);
            Path p = WriteBodies.write(bodies, spec, profile.sseBodies.contains(name));
            bodySize.put(name, Files.size(p));
            if (profile.sseBodies.contains(name)) {
                bodySize.put(name + ".sse", Files.size(bodies.resolve(name + ".sse")));
            }
            ChatBodies.clearCache();
        }
    }

    private List<String> decodeMethods() {
        List<String> wanted = new ArrayList<>(List.of(DECODE_C1, DECODE_C2, DECODE_P1, DECODE_P1B));
        if (profile.references) {
            wanted.add(REF_JACKSON_TREE);
            wanted.add(REF_JSONP_TREE);
        }
        return Jmh.present(DecodeBenchmark.class, wanted);
    }

    private Map<String, Jmh.Score> decodeRun() throws Exception {
        List<String> methods = decodeMethods();
        System.out.printf(Locale.ROOT, "JMH DecodeBenchmark: %s on %s (log in %s) ...%n", methods, profile.decodeBodies, out);
        return Jmh.run(DecodeBenchmark.class, methods, "body", profile.decodeBodies, profile, bodies, out);
    }

    /**
     * Same-fork ratios (see {@link Paired}): method|param → {ops/s, ratio to the first method, p25, p75}.
     * The first method must be the ceiling.
     */
    private Map<String, double[]> paired(Class<?> type, List<String> methods, List<String> params) throws Exception {
        Map<String, double[]> results = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String param : params) {
            System.out.printf(Locale.ROOT, "paired %s on %s: %s ...%n", type.getSimpleName(), param, methods);
            List<String> lines;
            try {
                lines = Paired.fork(type, param, profile.sliceMillis, profile.rounds, profile.pairedWarmupSeconds,
                        methods, List.of(profile.heap, "-Dep.bench.bodies=" + bodies.toAbsolutePath()));
            } catch (IllegalStateException e) {
                // e.g. the SDK refusing a body in setup: that body's goals stay NOT MEASURED, the rest go on
                report.note("Paired run failed (its goals are NOT MEASURED; the fork's error is in the log): "
                        + e.getMessage());
                continue;
            }
            for (String line : lines) {
                com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(line);
                results.put(n.get("method").asText() + "|" + param, new double[] {n.get("ops_s").asDouble(),
                        n.get("ratio").asDouble(), n.get("ratio_p25").asDouble(), n.get("ratio_p75").asDouble()});
            }
        }
        return results;
    }

    private PythonPeers pythonRun(String body) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("ep.bench.python.script", "ep-benchmarks/src/main/python/peers.py"));
        System.out.println("Python peers on " + body + " ...");
        return PythonPeers.run(script, List.of(bodies.resolve(body + ".json")), profile.pythonMinSeconds,
                out.resolve("python-" + profile.name + ".log"));
    }

    private static double jmhMbPerSecond(Map<String, Jmh.Score> scores, String method, String body, long bytes) {
        Jmh.Score s = scores.get(method + "|" + body);
        return s == null ? Double.NaN : s.opsPerSecond * bytes / 1e6;
    }

    private static double mbPerSecond(Map<String, double[]> paired, String method, String param, long bytes) {
        double[] r = paired.get(method + "|" + param);
        return r == null ? Double.NaN : r[0] * bytes / 1e6;
    }

    /** The same-fork ratio of {@code method} to the ceiling it was paired with. */
    private static double ratio(Map<String, double[]> paired, String method, String param) {
        double[] r = paired.get(method + "|" + param);
        return r == null ? Double.NaN : r[1];
    }

    private static String spread(Map<String, double[]> paired, String method, String param) {
        double[] r = paired.get(method + "|" + param);
        return r == null ? "" : String.format(Locale.ROOT, "rounds p25–p75 %.2f–%.2f", r[2], r[3]);
    }

    private void decodeGoals(Map<String, double[]> decode, Map<String, Jmh.Score> jmh, PythonPeers peers) {
        String noP1 = "no DecodeBenchmark." + DECODE_P1 + " yet (the SDK decode path has not landed)";
        String noP1b = "no DecodeBenchmark." + DECODE_P1B + " yet (the ids-only path has not landed)";

        report.section("Ceilings and peers (MB/s of body bytes)");
        for (String b : profile.decodeBodies) {
            long n = bodySize.get(b);
            double c1 = mbPerSecond(decode, DECODE_C1, b, n);
            double c2 = mbPerSecond(decode, DECODE_C2, b, n);
            report.note(String.format(Locale.ROOT,
                    "| %-12s | %-34s | C1 %s, C2 %s; Python json %s, orjson %s (loads only %s), pydantic typed %s, any %s, ep Message %s",
                    "ref", b + " (" + Report.fmt(n / 1e6, "MB") + ")", Report.fmt(c1, ""), Report.fmt(c2, ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "json_walk"), ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "orjson_walk"), ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "orjson_loads"), ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "pydantic_typed"), ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "pydantic_any"), ""),
                    Report.fmt(peers.mbPerSecond(b + ".json", "ep_message"), "")));
            if (profile.references) {
                report.note(String.format(Locale.ROOT, "| %-12s | %-34s | Jackson tree %s (%.2f × C1), JSON-P tree %s (%.2f × C1)",
                        "ref", b, Report.fmt(mbPerSecond(decode, REF_JACKSON_TREE, b, n), "MB/s"),
                        ratio(decode, REF_JACKSON_TREE, b),
                        Report.fmt(mbPerSecond(decode, REF_JSONP_TREE, b, n), "MB/s"),
                        ratio(decode, REF_JSONP_TREE, b)));
            }
            if (!jmh.isEmpty()) {
                report.note(String.format(Locale.ROOT, "| %-12s | %-34s | JMH (separate forks): C1 %s, C2 %s, P1 %s, P1b %s MB/s",
                        "jmh", b, Report.fmt(jmhMbPerSecond(jmh, DECODE_C1, b, n), ""),
                        Report.fmt(jmhMbPerSecond(jmh, DECODE_C2, b, n), ""),
                        Report.fmt(jmhMbPerSecond(jmh, DECODE_P1, b, n), ""),
                        Report.fmt(jmhMbPerSecond(jmh, DECODE_P1B, b, n), "")));
            }
        }
        for (String p : peers.problems()) {
            report.note("Python peers: " + p);
        }

        report.section("P1 decode: body → validated assistant Message, token_ids + logprobs kept unchanged");
        for (String b : profile.decodeBodies) {
            long n = bodySize.get(b);
            report.paired("P1", b, mbPerSecond(decode, DECODE_P1, b, n), "MB/s", "C1",
                    mbPerSecond(decode, DECODE_C1, b, n), ratio(decode, DECODE_P1, b), 0.5, noP1,
                    spread(decode, DECODE_P1, b));
        }
        report.section("P1b ids-only: token ids + flat logprobs, payload not kept");
        for (String b : profile.decodeBodies) {
            long n = bodySize.get(b);
            double p1b = mbPerSecond(decode, DECODE_P1B, b, n);
            report.paired("P1b", b, p1b, "MB/s", "C1", mbPerSecond(decode, DECODE_C1, b, n),
                    ratio(decode, DECODE_P1B, b), 0.9, noP1b, spread(decode, DECODE_P1B, b));
            if (BodySpec.parse(b).kind() == BodySpec.Kind.IDS) {
                report.ratio("P1b/orjson", b, p1b, "MB/s", "orjson.loads",
                        peers.mbPerSecond(b + ".json", "orjson_loads"), 1.0, noP1b);
            }
        }
        report.section("P2 vs Python eval-protocol's stack (pydantic v2 model_validate_json, typed logprobs)");
        for (String b : profile.decodeBodies) {
            if (!BodySpec.parse(b).kind().hasLogprobs()) {
                continue;
            }
            long n = bodySize.get(b);
            report.ratio("P2", b, mbPerSecond(decode, DECODE_P1, b, n), "MB/s", "pydantic",
                    peers.mbPerSecond(b + ".json", "pydantic_typed"), 10, noP1);
        }
    }

    private void jsonlGoals() throws Exception {
        List<String> methods = Jmh.present(io.evalprotocol.benchmarks.JsonlBenchmark.class,
                List.of("c1JacksonTokens", "readWriteRows", "readRows", "writeRows"));
        Map<String, double[]> r = paired(io.evalprotocol.benchmarks.JsonlBenchmark.class, methods, profile.jsonlBodies);
        report.section("P5 JSONL: read + write " + io.evalprotocol.benchmarks.bodies.EvalRows.ROWS
                + " eval-protocol rows (JsonlRowReader → JsonlRowWriter)");
        for (String rows : profile.jsonlBodies) {
            long n = io.evalprotocol.benchmarks.bodies.EvalRows.jsonl(BodySpec.parse(rows),
                    io.evalprotocol.benchmarks.bodies.EvalRows.ROWS).length;
            report.paired("P5", rows + " ×" + io.evalprotocol.benchmarks.bodies.EvalRows.ROWS + " ("
                    + Report.fmt(n / 1e6, "MB") + ")", mbPerSecond(r, "readWriteRows", rows, n), "MB/s", "C1",
                    mbPerSecond(r, "c1JacksonTokens", rows, n), ratio(r, "readWriteRows", rows), 0.5,
                    "JsonlBenchmark.readWriteRows missing", spread(r, "readWriteRows", rows));
            report.note(String.format(Locale.ROOT, "|              |   ↳ read alone %.2f × C1, write alone %.2f × C1",
                    ratio(r, "readRows", rows), ratio(r, "writeRows", rows)));
        }
    }

    private void footprintGoals() {
        report.section("P3 memory: retained heap (JOL) of what the SDK keeps");
        for (String b : profile.decodeBodies) {
            BodySpec spec = BodySpec.parse(b);
            Footprint.Result f = Footprint.measure(spec);
            report.atMost("P3 ids-only", b, f.idsOnlyBytesPerToken, "B/token",
                    "ids + flat logprobs (" + f.idsOnlyTokens + " tokens)", 16, null);
            if (spec.kind().hasLogprobs()) {
                report.atMost("P3 payload", b, f.messageBytes / f.payloadJsonBytes, "× JSON",
                        "Message / logprobs JSON " + Report.fmt(f.payloadJsonBytes / 1e6, "MB"), 1.5, null);
            }
            ChatBodies.clearCache();
        }
    }

    /**
     * The goals that run ep-core's rollout engine end to end: SSE decode (same-fork ratio to C1 over the
     * non-streamed twin) and P4 (rows/s through SingleTurnRolloutProcessor against a bare HttpClient 5 loop,
     * alternating rounds in this JVM, see {@link io.evalprotocol.benchmarks.load.RolloutLoad}).
     */
    private void engineGoals() throws Exception {
        List<String> methods = Jmh.present(io.evalprotocol.benchmarks.StreamBenchmark.class,
                List.of("c1Twin", "sseMessage"));
        Map<String, double[]> sse = paired(io.evalprotocol.benchmarks.StreamBenchmark.class, methods, profile.sseBodies);
        report.section("Streaming: SSE decode of a 16k-token stream ≥ 0.5 × C1 of its non-streamed twin");
        for (String b : profile.sseBodies) {
            long twin = bodySize.get(b);
            // both sides do one completion per operation: MB/s of the twin's bytes keeps them comparable
            report.paired("SSE", b + ".sse (" + Report.fmt(bodySize.get(b + ".sse") / 1e6, "MB") + ")",
                    mbPerSecond(sse, "sseMessage", b, twin), "MB/s", "C1 twin", mbPerSecond(sse, "c1Twin", b, twin),
                    ratio(sse, "sseMessage", b), 0.5, "StreamBenchmark.sseMessage missing", spread(sse, "sseMessage", b));
        }
        report.section("P4 rollout: rows/s through SingleTurnRolloutProcessor vs a bare HttpClient 5 loop (~2 KB replies)");
        int[] concurrencies = {64, 256};
        System.out.printf(Locale.ROOT, "P4 at concurrency 64 and 256: %d fresh JVM(s), %d rounds of %d rows each ...%n",
                profile.loadForks, profile.loadRounds, profile.loadRequestsPerRound);
        Map<Integer, io.evalprotocol.benchmarks.load.RolloutLoad.Result> load;
        try {
            load = loadForks(concurrencies);
        } catch (Exception | AssertionError e) {
            for (int c : concurrencies) {
                report.ratio("P4", "concurrency " + c, Double.NaN, "rows/s", "bare loop", Double.NaN, 0.9,
                        "load run failed: " + e);
            }
            return;
        }
        for (int c : concurrencies) {
            io.evalprotocol.benchmarks.load.RolloutLoad.Result r = load.get(c);
            // the goal is the median of the per-round ratios (rounds alternate, so each pair saw the same load)
            report.paired("P4", "concurrency " + c, r.sdkRowsPerSecond, "rows/s", "bare loop", r.bareRowsPerSecond,
                    r.sdkFailures > 0 ? Double.NaN : r.ratio, 0.9,
                    r.sdkFailures + " SDK rows did not finish; see the log", String.format(Locale.ROOT,
                            "%d alternating rounds of %d rows in %d fresh JVM(s), after %s warm-up pairs: per-round"
                            + " ratio min %.2f, max %.2f; p50 %.1f vs %.1f ms, p99 %.1f vs %.1f ms (SDK vs bare);"
                            + " JVM CPU per row %.0f vs %.0f µs (+%.0f µs, server included); replies %d B", r.rounds,
                            profile.loadRequestsPerRound, r.warmupPairs.length,
                            java.util.Arrays.toString(r.warmupPairs), r.minRatio, r.maxRatio, r.sdkP50, r.bareP50,
                            r.sdkP99, r.bareP99, r.sdkCpuMicrosPerRow, r.bareCpuMicrosPerRow,
                            r.sdkCpuMicrosPerRow - r.bareCpuMicrosPerRow, r.replyBytes));
        }
    }

    /**
     * P4's load ({@link io.evalprotocol.benchmarks.load.RolloutLoad#main}) in {@code loadForks} fresh JVMs one
     * after the other, their rounds pooled per concurrency. A fresh JVM per fork, as JMH does: what this JVM ran
     * before (other benchmarks, their bodies in the heap, their type profiles in the JIT) does not reach the
     * rollout path, and the spread between JVMs shows in the pooled rounds.
     */
    private Map<Integer, io.evalprotocol.benchmarks.load.RolloutLoad.Result> loadForks(int[] concurrencies)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Integer.toString(profile.loadRequestsPerRound),
                Integer.toString(profile.loadRounds)));
        for (int c : concurrencies) {
            args.add(Integer.toString(c));
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<Integer, io.evalprotocol.benchmarks.load.RolloutLoad.Rounds> pooled = new LinkedHashMap<>();
        for (int f = 1; f <= profile.loadForks; f++) {
            for (String line : Fork.jsonLines("load fork " + f + " of " + profile.loadForks, List.of("-Xmx3g"),
                    io.evalprotocol.benchmarks.load.RolloutLoad.class, args)) {
                io.evalprotocol.benchmarks.load.RolloutLoad.Rounds r = mapper.readValue(line,
                        io.evalprotocol.benchmarks.load.RolloutLoad.Rounds.class);
                pooled.merge(r.concurrency(), r, io.evalprotocol.benchmarks.load.RolloutLoad.Rounds::pool);
            }
        }
        Map<Integer, io.evalprotocol.benchmarks.load.RolloutLoad.Result> results = new LinkedHashMap<>();
        for (int c : concurrencies) {
            io.evalprotocol.benchmarks.load.RolloutLoad.Rounds r = pooled.get(c);
            if (r == null) {
                throw new IllegalStateException("no load fork reported concurrency " + c);
            }
            results.put(c, new io.evalprotocol.benchmarks.load.RolloutLoad.Result(r));
        }
        return results;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
