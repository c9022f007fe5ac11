package io.kvstore.engine.io;

import io.kvstore.engine.KvStoreInUseException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive (or, for read-only opens, shared) lock on a store directory, held through an OS file lock on
 * {@code <dir>/LOCK} for as long as the store is open. The file records the holder's process id so that the
 * "in use" error can name it. Always uses the real file system: a lock is about processes, not about the
 * faults a test layer injects.
 *
 * <p>Thread-safety: {@link #close()} is idempotent and thread-safe.
 */
public final class DirectoryLock implements Closeable {
    public static final String FILE_NAME = StoreFiles.LOCK;

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @param shared take a shared lock (read-only open); if the directory is not writable and has no LOCK file,
     *     returns a lock that holds nothing
     * @throws KvStoreInUseException another process or another open store in this JVM holds it
     */
    public static DirectoryLock acquire(Path dir, boolean shared) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch;
        if (shared) {
            if (!Files.exists(file)) {
                return new DirectoryLock(null, null);
            }
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } else {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        }
        FileLock lock;
        try {
            lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new KvStoreInUseException("store " + dir + " is already open in this JVM; close it first or"
                    + " share the open KvStore");
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new KvStoreInUseException("store " + dir + " is in use by another process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
        }
        if (!shared) {
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
        }
        return new DirectoryLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = ch.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            try {
                if (lock != null && lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }
}
