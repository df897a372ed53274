package io.evalprotocol.benchmarks.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's {@code main} in a fresh JVM on this JVM's class path, as JMH forks do, and collects the JSON
 * lines (those starting with {@code {}) it prints; its standard error goes to ours.
 */
final class Fork {
    private Fork() {}

    /**
     * @param what names the run in the exception when the fork fails
     * @throws IllegalStateException when the fork exits with a status other than 0
     */
    static List<String> jsonLines(String what, List<String> jvmArgs, Class<?> main, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    lines.add(line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(what + " exited with " + exit);
        }
        return lines;
    }
}
