package io.evalprotocol.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evalprotocol.errors.EpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondWriterOfTheSameOutputIsRefused() throws IOException {
        Path out = dir.resolve("out.jsonl");
        try (OutputLock first = OutputLock.acquire(out)) {
            assertThatThrownBy(() -> OutputLock.acquire(out))
                    .isInstanceOf(EpException.class)
                    .hasMessageContaining("another ep rollout is writing " + out)
                    .hasMessageContaining("--resume");
            try (OutputLock other = OutputLock.acquire(dir.resolve("other.jsonl"))) {
                assertThat(other).as("other outputs are independent").isNotNull();
            }
        }
    }

    @Test
    void releasingRemovesTheLockFileAndFreesTheOutput() throws IOException {
        Path out = dir.resolve("out.jsonl");
        OutputLock.acquire(out).close();

        assertThat(dir.resolve("out.jsonl.lock")).doesNotExist();
        OutputLock.acquire(out).close();
    }

    @Test
    void aLockFileLeftByAKilledRunDoesNotBlock() throws IOException {
        Path out = dir.resolve("out.jsonl");
        Files.writeString(dir.resolve("out.jsonl.lock"), "");

        try (OutputLock lock = OutputLock.acquire(out)) {
            assertThat(lock).isNotNull();
        }
    }
}
