package io.evalprotocol.benchmarks.runner;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Same-fork ratios: runs the benchmark methods of one JMH state class in one JVM, alternating short time
 * slices between them (rotating the order each round), and reports each method's throughput and its
 * per-round ratio to the first method (the ceiling). Load from other processes on the shared cores hits
 * both sides of every ratio alike, which separate JMH forks minutes apart cannot promise.
 *
 * <p>{@code java -cp benchmarks.jar ...Paired CLASS PARAM_VALUE SLICE_MS ROUNDS WARMUP_S METHOD...}; prints one
 * JSON line per method. The goal runner starts it once per body.
 */
public final class Paired {
    /** Keeps results alive so the JIT cannot drop the work. */
    public static volatile Object sink;

    private Paired() {}

    public static void main(String[] args) throws Throwable {
        Class<?> type = Class.forName(args[0]);
        String param = args[1];
        long sliceNanos = Long.parseLong(args[2]) * 1_000_000L;
        int rounds = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        List<String> names = Arrays.asList(args).subList(5, args.length);

        Object state = type.getDeclaredConstructor().newInstance();
        for (Field f : type.getFields()) {
            if (f.isAnnotationPresent(Param.class)) {
                f.set(state, param);
            }
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Setup.class)) {
                m.invoke(state);
            }
        }
        MethodHandle[] handles = new MethodHandle[names.size()];
        for (int i = 0; i < handles.length; i++) {
            Method m = type.getMethod(names.get(i));
            handles[i] = MethodHandles.publicLookup().unreflect(m).bindTo(state)
                    .asType(MethodType.methodType(Object.class));
        }

        long warmEnd = System.nanoTime() + warmupNanos;
        while (System.nanoTime() < warmEnd) {
            for (MethodHandle h : handles) {
                slice(h, Math.max(sliceNanos, 200_000_000L));
            }
        }
        double[][] opsPerSecond = new double[handles.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < handles.length; k++) {
                int i = (k + r) % handles.length;
                opsPerSecond[i][r] = slice(handles[i], sliceNanos);
            }
        }
        for (int i = 0; i < handles.length; i++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = opsPerSecond[i][r] / opsPerSecond[0][r];
            }
            System.out.println(String.format(Locale.ROOT,
                    "{\"method\":\"%s\",\"param\":\"%s\",\"ops_s\":%.6g,\"ratio\":%.6g,\"ratio_p25\":%.6g,\"ratio_p75\":%.6g}",
                    names.get(i), param, median(opsPerSecond[i]), median(ratio), pct(ratio, 25), pct(ratio, 75)));
        }
    }

    /** Runs {@code h} for at least one call and about {@code nanos}; returns calls per second. */
    private static double slice(MethodHandle h, long nanos) throws Throwable {
        long start = System.nanoTime();
        long end = start + nanos;
        long n = 0;
        long now;
        do {
            sink = h.invokeExact();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n * 1e9 / (now - start);
    }

    static double median(double[] v) {
        return pct(v, 50);
    }

    static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        double idx = p / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(idx);
        int hi = (int) Math.ceil(idx);
        return s[lo] + (s[hi] - s[lo]) * (idx - lo);
    }

    /** Runs {@link #main} in a fresh JVM; its JSON lines, one per method (see {@link Fork}). */
    static List<String> fork(Class<?> type, String param, int sliceMillis, int rounds, int warmupSeconds,
            List<String> methods, List<String> jvmArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(type.getName(), param, Integer.toString(sliceMillis),
                Integer.toString(rounds), Integer.toString(warmupSeconds)));
        args.addAll(methods);
        return Fork.jsonLines("paired run of " + type.getSimpleName() + " on " + param, jvmArgs, Paired.class, args);
    }
}
