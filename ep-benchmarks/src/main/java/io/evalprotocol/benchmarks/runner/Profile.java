package io.evalprotocol.benchmarks.runner;

import java.util.List;

/** How long and on what the goal runner measures. {@code quick} finishes in a few minutes on 2 cores. */
final class Profile {
    final String name;
    final List<String> decodeBodies;
    final List<String> sseBodies;
    final List<String> jsonlBodies;
    final boolean references;
    final int forks;
    final int warmupIterations;
    final int warmupSeconds;
    final int iterations;
    final int iterationSeconds;
    final double pythonMinSeconds;
    final int loadRounds;
    final int loadRequestsPerRound;
    /** Fresh JVMs the P4 load runs in, one after the other; their rounds are pooled. */
    final int loadForks;
    final String heap;
    /** Same-fork alternation (see {@link Paired}): slice length, rounds, warm-up. */
    final int sliceMillis;
    final int rounds;
    final int pairedWarmupSeconds;
    /** Whether to run the JMH forks too (absolute figures for the record; the goals use the paired ratios). */
    final boolean jmh;

    private Profile(String name, List<String> decodeBodies, List<String> sseBodies, List<String> jsonlBodies,
            boolean references, int forks, int warmupIterations, int warmupSeconds, int iterations,
            int iterationSeconds, double pythonMinSeconds, int loadRounds, int loadRequestsPerRound, int loadForks,
            String heap, int sliceMillis, int rounds, int pairedWarmupSeconds, boolean jmh) {
        this.name = name;
        this.decodeBodies = decodeBodies;
        this.sseBodies = sseBodies;
        this.jsonlBodies = jsonlBodies;
        this.references = references;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupSeconds = warmupSeconds;
        this.iterations = iterations;
        this.iterationSeconds = iterationSeconds;
        this.pythonMinSeconds = pythonMinSeconds;
        this.loadRounds = loadRounds;
        this.loadRequestsPerRound = loadRequestsPerRound;
        this.loadForks = loadForks;
        this.heap = heap;
        this.sliceMillis = sliceMillis;
        this.rounds = rounds;
        this.pairedWarmupSeconds = pairedWarmupSeconds;
        this.jmh = jmh;
    }

    static Profile named(String name) {
        switch (name) {
            case "quick":
                return new Profile("quick",
                        List.of("lp-k0-1k", "lp-k5-1k", "ids-1k", "lp-k0-16k", "lp-k5-16k", "ids-16k", "lp-k5-128k"),
                        List.of("lp-k0-16k"), List.of("lp-k0-1k"),
                        false, 1, 2, 1, 3, 1, 1.0, 9, 10_000, 2, "-Xmx3g", 250, 12, 4, false);
            case "full":
                return new Profile("full",
                        List.of("lp-k0-1k", "lp-k5-1k", "ids-1k", "lp-k0-16k", "lp-k5-16k", "ids-16k",
                                "lp-k0-128k", "lp-k5-128k", "ids-128k"),
                        List.of("lp-k0-16k", "lp-k5-16k", "ids-16k"), List.of("lp-k0-1k", "lp-k5-1k"),
                        true, 2, 3, 2, 5, 2, 4.0, 9, 10_000, 3, "-Xmx6g", 400, 25, 8, true);
            case "smoke":
                // wiring check only: figures from it mean nothing
                return new Profile("smoke", List.of("lp-k5-1k", "ids-1k"), List.of("lp-k0-1k"), List.of("lp-k0-1k"),
                        false, 1, 1, 1, 1, 1, 0.2, 1, 200, 1, "-Xmx2g", 50, 3, 1, true);
            default:
                throw new IllegalArgumentException("unknown profile '" + name + "'; use quick, full or smoke");
        }
    }
}
