package io.kvstore.bench.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The disk's own durable-append rate, the ceiling for one committer without group commit: append 100 bytes to a
 * file and {@link FileChannel#force(boolean) force(false)} (fdatasync on Linux), in a loop, on the file system
 * the stores use.
 */
final class DiskSyncProbe {
    private DiskSyncProbe() {
    }

    /** Appends+fdatasyncs per second in {@code dir}, 1 thread. */
    static TimedLoop.Result run(Path dir, long warmupMillis, long measureMillis) throws InterruptedException {
        return TimedLoop.run(1, index -> {
            Path file = dir.resolve("fsync-probe.bin");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer record = ByteBuffer.allocateDirect(100);
            return new TimedLoop.Worker() {
                @Override
                public void step() throws IOException {
                    record.clear();
                    while (record.hasRemaining()) {
                        ch.write(record, ch.size());
                    }
                    ch.force(false);
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                    Files.deleteIfExists(file);
                }
            };
        }, warmupMillis, measureMillis);
    }
}
