package io.evalprotocol.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared fixtures ({@code shared/fixtures}) beside the checkout: walks up from the working
 * directory to the first directory that contains {@code shared/fixtures}. CI builds with the shared tree
 * next to the clone, so a missing tree is a setup error and fails the test.
 */
final class SharedFixtures {
    private SharedFixtures() {
    }

    static Path path(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path fixtures = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(fixtures)) {
                Path file = fixtures.resolve(relative);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("fixture " + file + " does not exist");
                }
                return file;
            }
        }
        throw new IllegalStateException("no shared/fixtures directory above " + Path.of("").toAbsolutePath()
                + "; the build expects the shared tree beside the checkout");
    }
}
