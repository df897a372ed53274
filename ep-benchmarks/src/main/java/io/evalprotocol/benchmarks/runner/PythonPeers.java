package io.evalprotocol.benchmarks.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code peers.py} on the body files and collects MB/s per (file name, method). */
final class PythonPeers {
    private final Map<String, Double> mbPerSecond = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    static PythonPeers run(Path script, List<Path> files, double minSeconds, Path log) throws IOException, InterruptedException {
        PythonPeers peers = new PythonPeers();
        if (!Files.isRegularFile(script)) {
            peers.problems.add("Python peer script not found at " + script + " (run from the repository root or set -Dep.bench.python.script)");
            return peers;
        }
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("ep.bench.python", "python3"), script.toString(),
                "--min-time", Double.toString(minSeconds)));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = mapper.readTree(line);
                String file = Path.of(n.get("file").asText()).getFileName().toString();
                if (n.has("error")) {
                    peers.problems.add(file + " " + n.get("method").asText() + ": " + n.get("error").asText());
                } else {
                    peers.mbPerSecond.put(file + "|" + n.get("method").asText(), n.get("median_mb_s").asDouble());
                }
            }
        }
        int exit = proc.waitFor();
        if (exit != 0) {
            peers.problems.add("peers.py exited with " + exit + "; see " + log);
        }
        return peers;
    }

    /**
     * Adds the mean of two runs' figures (one before and one after the Java run of the same files), or the one
     * figure a run has when the other lacks it; their problems too.
     */
    void addMeanOf(PythonPeers a, PythonPeers b) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.mbPerSecond.keySet());
        keys.addAll(b.mbPerSecond.keySet());
        for (String k : keys) {
            Double x = a.mbPerSecond.get(k);
            Double y = b.mbPerSecond.get(k);
            mbPerSecond.put(k, x == null ? y : y == null ? x : (x + y) / 2);
        }
        problems.addAll(a.problems);
        problems.addAll(b.problems);
    }

    /** Median MB/s of {@code method} on {@code fileName}, or NaN when not measured. */
    double mbPerSecond(String fileName, String method) {
        return mbPerSecond.getOrDefault(fileName + "|" + method, Double.NaN);
    }

    List<String> problems() {
        return problems;
    }
}
