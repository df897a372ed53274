package io.evalprotocol.benchmarks;

import java.util.List;

/** Every JMH state+benchmark class, for the smoke test. */
final class BenchmarkClasses {
    static final List<Class<?>> ALL = List.of(DecodeBenchmark.class, JsonlBenchmark.class, StreamBenchmark.class);

    private BenchmarkClasses() {}
}
