package io.evalprotocol.cli.internal;

import io.evalprotocol.errors.EpException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second {@code ep rollout} off an output file this one is writing: two writers would both take
 * the same missing rows and write them twice, and one's resume repair could truncate the other's row in
 * flight.
 *
 * <p>The lock is an operating-system lock on {@code <output>.lock}, not on the output itself: POSIX drops a
 * process's locks on a file when any of its descriptors for that file closes, and the output is opened and
 * closed several times (scan, repair, append). A lock file left behind by a killed run holds no lock, so
 * it never blocks the next run, which deletes it when done.
 */
public final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code output} for this process.
     *
     * @throws EpException another process holds the lock
     * @throws IOException the lock file cannot be created
     */
    public static OutputLock acquire(Path output) throws IOException {
        Path file = output.resolveSibling(output.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new EpException("another ep rollout is writing " + output + " (it holds " + file + "); wait for it "
                    + "to finish, or stop it and run again with --resume");
        }
        return new OutputLock(file, channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            lock.release();
            channel.close();
        }
    }
}
