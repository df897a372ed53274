package io.evalprotocol.benchmarks.runner;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs one benchmark class through JMH's API and returns ops/s per (method, body). */
final class Jmh {
    /** One JMH score: operations per second and the 99.9% confidence half-width. */
    static final class Score {
        final double opsPerSecond;
        final double error;

        Score(double opsPerSecond, double error) {
            this.opsPerSecond = opsPerSecond;
            this.error = error;
        }
    }

    private Jmh() {}

    /** The {@code @Benchmark} methods of {@code type} among {@code wanted} (SDK paths appear as they land). */
    static List<String> present(Class<?> type, List<String> wanted) {
        List<String> found = new ArrayList<>();
        for (String name : wanted) {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.isAnnotationPresent(Benchmark.class)) {
                    found.add(name);
                    break;
                }
            }
        }
        return found;
    }

    static Map<String, Score> run(Class<?> type, List<String> methods, String param, List<String> values, Profile p,
            Path bodiesDir, Path outDir) throws RunnerException {
        Map<String, Score> scores = new LinkedHashMap<>();
        if (methods.isEmpty() || values.isEmpty()) {
            return scores;
        }
        String simple = type.getSimpleName();
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + type.getName().replace(".", "\\.") + "\\.(" + String.join("|", methods) + ")$")
                .param(param, values.toArray(new String[0]))
                .forks(p.forks)
                .warmupIterations(p.warmupIterations)
                .warmupTime(TimeValue.seconds(p.warmupSeconds))
                .measurementIterations(p.iterations)
                .measurementTime(TimeValue.seconds(p.iterationSeconds))
                .jvmArgsAppend(p.heap, "-Dep.bench.bodies=" + bodiesDir.toAbsolutePath())
                .result(outDir.resolve("jmh-" + simple + "-" + p.name + ".json").toString())
                .resultFormat(ResultFormatType.JSON)
                .output(outDir.resolve("jmh-" + simple + "-" + p.name + ".log").toString())
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(b.build()).run();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            String value = r.getParams().getParam(param);
            scores.put(method + "|" + value,
                    new Score(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        return scores;
    }
}
