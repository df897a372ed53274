package io.evalprotocol.benchmarks.bodies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bodies for benchmark forks: read from the directory the goal runner wrote (system property
 * {@value #DIR_PROPERTY}), so that a forked JVM does not spend seconds regenerating a 70 MB body, or
 * generated in place when run without the runner. Either way the bytes are identical.
 */
public final class BodyFiles {
    public static final String DIR_PROPERTY = "ep.bench.bodies";

    private BodyFiles() {}

    public static byte[] json(BodySpec spec) {
        return load(spec.name() + ".json", spec, false);
    }

    public static byte[] sse(BodySpec spec) {
        return load(spec.name() + ".sse", spec, true);
    }

    private static byte[] load(String file, BodySpec spec, boolean sse) {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null) {
            Path p = Path.of(dir, file);
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        ChatBodies.GeneratedCompletion c = ChatBodies.completion(spec);
        return sse ? c.sse() : c.json();
    }
}
