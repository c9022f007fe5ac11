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
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The exclusive (or, for read-only opens, shared) lock on a store directory, held through an OS file lock on
 * {@code <dir>/LOCK} for as long as the store is open. The file records the holder's process id so that the
 * "in use" error can name it. Always uses the real file system: a lock is about processes, not about the
 * faults a test layer injects.
 *
 * <p>LOCK can be deleted by hand while its holder runs; the next opener would then create a new LOCK and lock
 * that. So the writer also holds an OS lock on its current log segment ({@link io.kvstore.engine.wal.WalWriter}),
 * and {@link #acquire} refuses a directory any of whose log segments another holder has locked. The holder notices
 * a deleted or replaced LOCK by {@link #verify()} and stops acknowledging writes.
 *
 * <p>Thread-safety: {@link #close()} is idempotent and thread-safe.
 */
public final class DirectoryLock implements Closeable {
    public static final String FILE_NAME = StoreFiles.LOCK;

    private final FileChannel channel;
    private final FileLock lock;
    /** The LOCK file this lock holds; null for a holder-less lock. */
    private final FileIdentity identity;

    private DirectoryLock(FileChannel channel, FileLock lock, FileIdentity identity) {
        this.channel = channel;
        this.lock = lock;
        this.identity = identity;
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
                try {
                    checkSegmentsFree(dir);
                } catch (java.nio.file.AccessDeniedException unreadable) {
                    // a read-only open of a directory it cannot list fails later with a clearer error
                }
                return new DirectoryLock(null, null, null);
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
        try {
            checkSegmentsFree(dir);
            if (!shared) {
                byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
            }
            return new DirectoryLock(ch, lock, FileIdentity.of(file));
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } finally {
                ch.close();
            }
            throw e;
        }
    }

    /**
     * Refuses the directory if another holder locks one of its log segments: a live writer whose LOCK was deleted.
     * Probes each segment with a shared lock that is released at once.
     */
    private static void checkSegmentsFree(Path dir) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> StoreFiles.parseWalSegment(n) >= 0).sorted().toList();
        }
        for (String name : names) {
            FileChannel ch;
            try {
                ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ);
            } catch (NoSuchFileException gone) {
                continue;
            }
            try (ch) {
                FileLock probe;
                try {
                    probe = ch.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException e) {
                    throw new KvStoreInUseException("store " + dir + " is already open in this JVM (its log segment "
                            + name + " is locked although LOCK was not: was LOCK deleted?); close it first");
                }
                if (probe == null) {
                    throw new KvStoreInUseException("store " + dir + " is in use by another process: its log segment "
                            + name + " is locked although LOCK was not (was LOCK deleted while it was open?)");
                }
                probe.release();
            }
        }
    }

    /**
     * Checks that {@code LOCK} is still the file this lock holds: one {@code stat}. A holder-less lock (read-only
     * open of a directory without LOCK) always passes.
     *
     * @throws StoreFileGoneException LOCK was deleted or replaced
     */
    public void verify() throws IOException {
        if (identity != null) {
            identity.verify();
        }
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
