package io.evalprotocol.benchmarks.bodies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes bodies to files for the Python peers: {@code <dir>/<name>.json} and {@code <name>.sse}. */
public final class WriteBodies {
    private WriteBodies() {}

    /** Writes {@code spec}'s body (and, when {@code withSse}, its SSE twin) unless an identical file is there. */
    public static Path write(Path dir, BodySpec spec, boolean withSse) throws IOException {
        Files.createDirectories(dir);
        ChatBodies.GeneratedCompletion c = ChatBodies.completion(spec);
        Path json = dir.resolve(spec.name() + ".json");
        writeIfChanged(json, c.json());
        if (withSse) {
            writeIfChanged(dir.resolve(spec.name() + ".sse"), c.sse());
        }
        return json;
    }

    private static void writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.exists(file) && Files.size(file) == bytes.length
                && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Files.write(file, bytes);
    }

    /** {@code java -cp benchmarks.jar io.evalprotocol.benchmarks.bodies.WriteBodies DIR NAME...}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path p = write(dir, BodySpec.parse(args[i]), true);
            System.out.println(p + " " + Files.size(p) + " bytes");
        }
    }
}
