package io.evalprotocol.benchmarks;

import java.util.List;

/** Tiny parameter values for {@link BenchmarkSmokeTest}. */
final class SmokeParams {
    private SmokeParams() {}

    static List<String> values(Class<?> type) {
        return List.of("lp-k0-40", "lp-k5-40", "ids-40");
    }
}
