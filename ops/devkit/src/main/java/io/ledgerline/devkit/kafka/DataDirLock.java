package io.ledgerline.devkit.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a data directory by one embedded broker, taken before the directory is formatted or opened.
 *
 * <p>Kafka's own {@code .lock} comes too late: the log manager takes it when the broker starts, after the
 * controller has opened the metadata log (in the same directory) and become active on it. A second broker on a
 * directory in use thus touches the first one's metadata log before it fails, and in one such run here the test
 * JVM exited. This lock is a file of its own, which Kafka ignores, held from start to close; it works across
 * processes and between brokers in one JVM.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "embedded-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir, null);
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dataDir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedKafkaException("Cannot lock Kafka data directory " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static EmbeddedKafkaException inUse(Path dataDir, Throwable cause) {
        return new EmbeddedKafkaException("Kafka data directory " + dataDir + " is in use by another embedded broker"
                + " (in this or another process). Stop it, or choose another data directory.", cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }
}
