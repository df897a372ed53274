package io.evalprotocol.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Runs every {@code @Benchmark} method once on tiny bodies, so that a benchmark that throws or returns
 * nothing fails {@code ./mvnw verify} instead of a 40-minute run. Measures nothing.
 */
class BenchmarkSmokeTest {
    static Stream<Arguments> benchmarks() {
        List<Arguments> all = new ArrayList<>();
        for (Class<?> type : BenchmarkClasses.ALL) {
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    for (String body : SmokeParams.values(type)) {
                        all.add(Arguments.of(type.getSimpleName() + "." + m.getName(), body, type, m));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("benchmarks")
    void benchmarkMethodRunsOnceAndProducesAValue(String label, String param, Class<?> type, Method method)
            throws Exception {
        Object state = type.getDeclaredConstructor().newInstance();
        for (Field f : type.getFields()) {
            if (f.isAnnotationPresent(Param.class)) {
                f.set(state, param);
            }
        }
        invokeAnnotated(state, Setup.class);
        try {
            Object result = method.invoke(state);
            if (method.getReturnType() != void.class) {
                assertThat(result).as(label).isNotNull();
            }
        } finally {
            invokeAnnotated(state, TearDown.class);
        }
    }

    private static void invokeAnnotated(Object state, Class<? extends java.lang.annotation.Annotation> a)
            throws Exception {
        for (Method m : state.getClass().getMethods()) {
            if (m.isAnnotationPresent(a)) {
                m.invoke(state);
            }
        }
    }
}
