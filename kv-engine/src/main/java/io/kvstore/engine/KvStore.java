package io.kvstore.engine;

import io.kvstore.engine.commit.CommitPipeline;
import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.io.DirectoryLock;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.recovery.Recovery;
import io.kvstore.engine.snapshot.SnapshotReader;
import io.kvstore.engine.snapshot.SnapshotWriter;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.wal.WalWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An embedded, persistent key-value store: arbitrary byte keys and values in a concurrent hash table, made
 * durable by a write-ahead log and snapshots.
 *
 * <p><b>Thread-safety.</b> Every method is safe to call from any number of threads. Reads never block on
 * writers. Writes go through one {@link CommitPipeline} (group commit): each write, and each transaction, is
 * one log record, validated, logged and applied in one order.
 *
 * <p><b>Durability.</b> When a write method (or {@link KvTransaction#commit()}) returns, its change is in the
 * log and forced to stable storage under {@link SyncPolicy#ALWAYS} (the default), at most
 * {@link KvOptions#syncIntervalMillis()} later under {@link SyncPolicy#INTERVAL}, and handed to the OS under
 * {@link SyncPolicy#NONE}. Readers never see a change before it is durable under the policy in force.
 *
 * <p><b>Asynchronous writes.</b> {@link #putAsync}, {@link #insertAsync}, {@link #deleteAsync},
 * {@link #compareAndSetAsync} and {@link KvTransaction#commitAsync()} validate and commit exactly as their
 * blocking counterparts, but return at once with a {@link CompletableFuture} and never block the calling
 * thread (an event loop may call them). The future completes once the write is durable under the sync policy,
 * or exceptionally with the exception the blocking call would have thrown (they never throw themselves).
 * <em>Visibility:</em> the write is applied to the table after it is durable and before its future completes:
 * once the future has completed, every read from any thread sees the write (or a later one); a reader on
 * another thread may see it a moment before the future completes, never before it is durable. <em>Order:</em>
 * writes submitted one after another (from one thread, or otherwise ordered by happens-before) commit in that
 * order, each as its own log record, even when the earlier ones have not completed yet; so a pipelining caller
 * need not wait between writes, but must wait for a write's future before a read that must see it. Concurrent
 * asynchronous and blocking writes share log forces (group commit). <em>Callbacks</em> attached to these
 * futures without an executor run on the thread that committed the write (a store thread, or a thread inside
 * a blocking write): keep them short, and never wait in them for another asynchronous write of the same store
 * (that write may need the very thread the callback runs on; chain it with {@code thenCompose} instead), or
 * use the {@code ...Async} variants with an executor. Blocking writes inside them work. Writes submitted
 * before {@link #close()} are committed by it; later ones fail with {@link KvClosedException}.
 *
 * <p><b>Errors.</b> Every failure is a {@link KvException} subclass: {@link KvStoreInUseException},
 * {@link KvCorruptionException}, {@link KvIOException} at open; {@link KvLimitException},
 * {@link KvMemoryLimitException}, {@link KvReadOnlyException}, {@link KvStoreFailedException},
 * {@link KvClosedException}, {@link KvConflictException}, {@link KvDuplicateKeyException} on use.
 *
 * <p>Design: the index is {@link HashTable} (single writer, lock-free readers); the log is
 * {@link WalWriter}; snapshots are {@link SnapshotWriter}; opening runs {@link Recovery}.
 */
public final class KvStore implements AutoCloseable {
    private final Path dir;
    private final KvOptions options;
    private final HashTable table;
    private final CommitPipeline pipeline;
    /** Null when in memory or read-only. Used only under the pipeline's lock. */
    private final WalWriter wal;
    private final DirectoryLock lock;
    private final ScheduledExecutorService maintenance;
    private final ReentrantLock snapshotLock = new ReentrantLock();
    private final AtomicBoolean snapshotQueued = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long snapshotLsn;
    private volatile long walBytesAtSnapshot;

    private KvStore(Path dir, KvOptions options, HashTable table, WalWriter wal, DirectoryLock lock,
                    long lastLsn, long snapshotLsn) {
        this.dir = dir;
        this.options = options;
        this.table = table;
        this.wal = wal;
        this.lock = lock;
        this.pipeline = new CommitPipeline(table, wal, options, lastLsn);
        this.snapshotLsn = snapshotLsn;
        if (wal != null) {
            this.walBytesAtSnapshot = 0;
            maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kvstore-maintenance " + dir);
                t.setDaemon(true);
                return t;
            });
            if (options.syncPolicy() == SyncPolicy.INTERVAL) {
                long ms = options.syncIntervalMillis();
                maintenance.scheduleWithFixedDelay(pipeline::syncIfNeeded, ms, ms, TimeUnit.MILLISECONDS);
            }
        } else {
            maintenance = null;
        }
    }

    /** Opens (creating if missing) the store in {@code dir} with default options. */
    public static KvStore open(Path dir) {
        return open(dir, KvOptions.defaults());
    }

    /**
     * Opens (creating if missing) the store in {@code dir}: locks the directory, loads the newest snapshot,
     * replays the log.
     *
     * @throws KvStoreInUseException another process (or open store) holds the directory
     * @throws KvCorruptionException damaged files (unless {@link KvOptions#salvage()})
     * @throws KvIOException the directory cannot be created, read or written
     */
    public static KvStore open(Path dir, KvOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        Path abs = dir.toAbsolutePath().normalize();
        FileLayer fs = options.fileLayer();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new KvIOException("cannot open store " + abs + ": it is a file, not a directory");
        }
        if (options.readOnly() && !Files.isDirectory(abs)) {
            throw new KvIOException("cannot open store " + abs + " read-only: the directory does not exist");
        }
        DirectoryLock lock = null;
        WalWriter wal = null;
        try {
            fs.createDirectories(abs);
            lock = DirectoryLock.acquire(abs, options.readOnly());
            HashTable table = new HashTable(options.evictionPolicy() == EvictionPolicy.LRU);
            Recovery.Result r = Recovery.run(fs, abs, table, options.readOnly(), options.salvage());
            if (!options.readOnly()) {
                wal = WalWriter.open(fs, abs, r.lastLsn() + 1, options.walSegmentBytes());
            }
            return new KvStore(abs, options, table, wal, lock, r.lastLsn(), r.snapshotLsn());
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(wal);
            closeQuietly(lock);
            if (e instanceof KvException ke) {
                throw ke;
            }
            if (e instanceof IOException io) {
                throw new KvIOException("cannot open store " + abs + ": " + describe(io), io);
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e;
        }
    }

    /** A store with no files at all. */
    public static KvStore inMemory() {
        return inMemory(KvOptions.defaults());
    }

    /** A store with no files at all; durability and file options are ignored. */
    public static KvStore inMemory(KvOptions options) {
        HashTable table = new HashTable(options.evictionPolicy() == EvictionPolicy.LRU);
        return new KvStore(null, options, table, null, null, 0, 0);
    }

    // ---- reads ----

    /** The value, or null if absent. */
    public byte[] get(byte[] key) {
        checkOpen();
        checkKey(key);
        byte[] rec = table.get(key);
        // the record's key is this key, so its length need not be decoded again
        return rec == null ? null : Arrays.copyOfRange(rec, EntryRecord.keyOffset(rec) + key.length, rec.length);
    }

    /**
     * Reads the value of {@code key} in place, without copying it: calls {@code reader} with the stored bytes
     * (see {@link KvValueReader} for what it may do with them) and returns its result, or returns null without
     * calling it when the key is absent. For callers whose bytes go straight out (to a stream, a socket, a
     * decoder); {@link #get(byte[])} gives an array the caller owns instead. Same consistency as {@code get}.
     */
    public <R> R get(byte[] key, KvValueReader<? extends R> reader) {
        checkOpen();
        checkKey(key);
        Objects.requireNonNull(reader, "reader");
        byte[] rec = table.get(key);
        if (rec == null) {
            return null;
        }
        int offset = EntryRecord.keyOffset(rec) + key.length; // the record's key is this key
        return reader.read(rec, offset, rec.length - offset);
    }

    /**
     * The value of {@code key} as a read-only buffer over the stored bytes (no copy; position 0, limit the value's
     * length), or null if absent. The buffer stays valid and unchanged after later writes of the key.
     */
    public ByteBuffer getView(byte[] key) {
        return get(key, VIEW);
    }

    private static final KvValueReader<ByteBuffer> VIEW =
            (bytes, offset, length) -> ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();

    /** The entry with its version and timestamps, or null if absent. */
    public KvEntry getEntry(byte[] key) {
        checkOpen();
        checkKey(key);
        byte[] rec = table.get(key);
        return rec == null ? null : toEntry(rec);
    }

    public boolean exists(byte[] key) {
        checkOpen();
        checkKey(key);
        return table.get(key) != null;
    }

    /** Calls {@code action} for each live entry (weakly consistent: see {@link #iterator()}). */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        checkOpen();
        Iterator<byte[]> it = table.records();
        while (it.hasNext()) {
            byte[] rec = it.next();
            action.accept(EntryRecord.key(rec), EntryRecord.value(rec));
        }
    }

    /**
     * Weakly consistent, streaming iterator over the live entries: an entry neither written nor deleted during
     * the iteration is returned exactly once; an entry written during it may appear with its old or new value,
     * and a key deleted and re-inserted during it may appear twice (as with ConcurrentHashMap). Never throws
     * ConcurrentModificationException. For a consistent view, iterate inside a {@link KvTransaction}, whose
     * commit fails if anything changed.
     */
    public Iterator<KvEntry> iterator() {
        checkOpen();
        Iterator<byte[]> it = table.records();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KvEntry next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return toEntry(it.next());
            }
        };
    }

    /**
     * The live entries as a {@link KvCursor}: the same weakly consistent, streaming walk as {@link #iterator()},
     * without copying each entry into a {@link KvEntry}. A cursor of a store closed meanwhile stops early or
     * goes on over the entries that were in memory; it never throws for that.
     */
    public KvCursor cursor() {
        checkOpen();
        return new RecordCursor(table.records());
    }

    // ---- writes ----

    /** Inserts or replaces. */
    public void put(byte[] key, byte[] value) {
        commit(putRequest(key, value));
    }

    /**
     * {@link #put}, asynchronously (see the class comment): the future completes when the write is durable, or
     * exceptionally with what {@code put} would throw.
     */
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        try {
            return commitAsync(putRequest(key, value), NO_VALUE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private WriteRequest putRequest(byte[] key, byte[] value) {
        checkWritable();
        checkSizes(key, value);
        return WriteRequest.single(key.clone(), value.clone());
    }

    /** Inserts; throws {@link KvDuplicateKeyException} if the key is present. */
    public void insert(byte[] key, byte[] value) {
        commit(insertRequest(key, value));
    }

    /**
     * {@link #insert}, asynchronously (see the class comment): the future completes when the write is durable,
     * or exceptionally with what {@code insert} would throw ({@link KvDuplicateKeyException} if the key is
     * present when the write commits).
     */
    public CompletableFuture<Void> insertAsync(byte[] key, byte[] value) {
        try {
            return commitAsync(insertRequest(key, value), NO_VALUE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private WriteRequest insertRequest(byte[] key, byte[] value) {
        checkWritable();
        checkSizes(key, value);
        return WriteRequest.conditional(key.clone(), value.clone(), 0, WriteRequest.Failure.DUPLICATE);
    }

    /** Returns whether the key was present and removed. */
    public boolean delete(byte[] key) {
        checkWritable();
        checkKey(key);
        if (table.get(key) == null) {
            return false;
        }
        WriteRequest r = WriteRequest.single(key.clone(), null);
        commit(r);
        return r.result();
    }

    /**
     * {@link #delete}, asynchronously (see the class comment): the future completes with whether the key was
     * present when the delete committed (an absent key writes nothing). Unlike {@code delete} it does not look
     * the key up first, so that it is ordered after writes of the same key submitted before it and not yet
     * committed.
     */
    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        try {
            checkWritable();
            checkKey(key);
            return commitAsync(WriteRequest.single(key.clone(), null), RESULT);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Compare-and-set: writes {@code newValue} (or deletes, if null) only if the key's current version is
     * {@code expectedVersion} (0 meaning absent). Returns whether it wrote.
     */
    public boolean compareAndSet(byte[] key, long expectedVersion, byte[] newValue) {
        WriteRequest r = casRequest(key, expectedVersion, newValue);
        commit(r);
        return r.result();
    }

    /**
     * {@link #compareAndSet}, asynchronously (see the class comment): the future completes with whether it
     * wrote, once that write is durable.
     */
    public CompletableFuture<Boolean> compareAndSetAsync(byte[] key, long expectedVersion, byte[] newValue) {
        try {
            return commitAsync(casRequest(key, expectedVersion, newValue), RESULT);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private WriteRequest casRequest(byte[] key, long expectedVersion, byte[] newValue) {
        checkWritable();
        if (newValue == null) {
            checkKey(key);
        } else {
            checkSizes(key, newValue);
        }
        if (expectedVersion < 0) {
            throw new KvLimitException("expectedVersion must be >= 0: " + expectedVersion);
        }
        return WriteRequest.conditional(key.clone(), newValue == null ? null : newValue.clone(),
                expectedVersion, WriteRequest.Failure.FALSE);
    }

    /** Starts an optimistic serializable transaction (see {@link KvTransaction}). */
    public KvTransaction begin() {
        checkOpen();
        return new OptimisticTransaction(this);
    }

    void commit(WriteRequest request) {
        pipeline.submit(request);
        maybeScheduleSnapshot();
    }

    private static final Function<WriteRequest, Void> NO_VALUE = r -> null;
    private static final Function<WriteRequest, Boolean> RESULT = WriteRequest::result;

    /** Submits {@code request} without waiting; the future gives {@code value} of the committed request. */
    <T> CompletableFuture<T> commitAsync(WriteRequest request, Function<? super WriteRequest, ? extends T> value) {
        CompletableFuture<T> f = pipeline.submitAsync(request, value);
        maybeScheduleSnapshot();
        return f;
    }

    /** Submits a transaction's request without waiting. */
    CompletableFuture<Void> commitAsync(WriteRequest request) {
        return commitAsync(request, NO_VALUE);
    }

    // ---- snapshots ----

    /**
     * Writes a snapshot now and drops the log segments it covers. Readers and writers continue meanwhile
     * (writers pause only while the log switches to a new segment). Does nothing for an in-memory store or when
     * nothing changed since the last snapshot.
     *
     * @throws KvIOException the snapshot could not be written (the store keeps working on its log)
     * @throws KvStoreFailedException the log could not be switched (the store is now failed)
     */
    public void snapshot() {
        checkOpen();
        if (options.readOnly()) {
            throw new KvReadOnlyException("store " + dir + " is open read-only");
        }
        if (wal == null) {
            return;
        }
        snapshotLock.lock();
        try {
            long[] s = new long[1];
            try {
                pipeline.exclusively(() -> {
                    s[0] = pipeline.lastLsn();
                    if (s[0] != snapshotLsn) {
                        wal.rollSegment(s[0] + 1);
                    }
                });
            } catch (IOException e) {
                pipeline.fail(e);
                throw new KvStoreFailedException("log segment switch failed during snapshot: " + describe(e), e);
            }
            long lsn = s[0];
            if (lsn == snapshotLsn) {
                return;
            }
            FileLayer fs = options.fileLayer();
            try {
                SnapshotWriter.write(fs, dir, lsn, table.records());
            } catch (IOException e) {
                throw new KvIOException("snapshot of " + dir + " failed: " + describe(e), e);
            }
            snapshotLsn = lsn;
            try {
                pipeline.exclusively(() -> {
                    wal.deleteSegmentsUpTo(lsn);
                    walBytesAtSnapshot = wal.totalBytes();
                });
                SnapshotReader.deleteOlderThan(fs, dir, lsn);
            } catch (IOException e) {
                throw new KvIOException("snapshot of " + dir + " was written but old files could not be removed: "
                        + describe(e), e);
            }
        } finally {
            snapshotLock.unlock();
        }
    }

    private void snapshotBeforeClose() {
        long trigger = options.snapshotOnCloseWalBytes();
        if (trigger <= 0 || wal == null || options.readOnly() || pipeline.isFailed()
                || walBytes() - walBytesAtSnapshot < trigger) {
            return;
        }
        try {
            snapshot();
        } catch (KvException e) {
            // closing must not fail because of it: the log still holds every acknowledged write
        }
    }

    private void maybeScheduleSnapshot() {
        long trigger = options.snapshotWalBytes();
        if (trigger <= 0 || maintenance == null || closed) {
            return;
        }
        long bytes = walBytes();
        if (bytes - walBytesAtSnapshot >= trigger && snapshotQueued.compareAndSet(false, true)) {
            try {
                maintenance.execute(() -> {
                    try {
                        if (!closed) {
                            snapshot();
                        }
                    } catch (KvException e) {
                        // The store keeps working on its log; the next trigger tries again.
                    } finally {
                        snapshotQueued.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                snapshotQueued.set(false);
            }
        }
    }

    private long walBytes() {
        return wal == null ? 0 : wal.totalBytes();
    }

    // ---- state ----

    public KvStats stats() {
        checkOpen();
        long buckets = table.bucketCount();
        long count = table.size();
        long walTotal = walBytes();
        return new KvStats(count, table.memoryUsed(), options.memoryLimitBytes(), buckets,
                buckets == 0 ? 0 : (double) count / buckets, pipeline.lastLsn(),
                Math.max(0, walTotal), snapshotLsn, pipeline.evictions(), pipeline.isFailed(), pipeline.commits(),
                pipeline.commitGroups(), pipeline.syncs());
    }

    public KvOptions options() {
        return options;
    }

    /** The directory, or null for an in-memory store. */
    public Path directory() {
        return dir;
    }

    public boolean isReadOnly() {
        return options.readOnly();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether an I/O error has put the store into the failed state (writes refused). */
    public boolean isFailed() {
        return pipeline.isFailed();
    }

    /**
     * Flushes, forces and closes the log, releases the directory lock. Waits for a running snapshot. When the
     * log has grown by at least {@link KvOptions#snapshotOnCloseWalBytes()} since the last snapshot, writes a
     * snapshot first, so that the next open loads it instead of replaying the log; if that snapshot fails the
     * store closes anyway (the log still holds everything). Idempotent.
     *
     * @throws KvIOException the final force failed (what was acknowledged earlier is unaffected)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        snapshotBeforeClose();
        closed = true;
        if (maintenance != null) {
            maintenance.shutdown();
        }
        snapshotLock.lock();
        IOException failure = null;
        try {
            pipeline.commitQueued();
            if (wal != null) {
                pipeline.syncIfNeeded();
                try {
                    pipeline.exclusively(() -> {
                        pipeline.close();
                        wal.close();
                    });
                } catch (IOException e) {
                    failure = e;
                }
            } else {
                pipeline.close();
            }
        } finally {
            snapshotLock.unlock();
            closeQuietly(lock);
        }
        if (failure != null) {
            throw new KvIOException("closing store " + dir + " failed: " + describe(failure), failure);
        }
    }

    /**
     * Test hook: stops the store as a killed process would, without flushing or forcing anything and without
     * closing the log, then releases the directory lock so that the same JVM can reopen it. What was handed to
     * the OS survives (as after kill -9); what a fault-injecting file layer has not forced is up to that layer.
     */
    void simulateCrash() {
        closed = true;
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        pipeline.close();
        closeQuietly(lock);
    }

    @Override
    public String toString() {
        return "KvStore[" + (dir == null ? "in-memory" : dir.toString()) + "]";
    }

    // ---- helpers shared with OptimisticTransaction ----

    HashTable table() {
        return table;
    }

    CommitPipeline pipeline() {
        return pipeline;
    }

    void checkOpen() {
        if (closed) {
            throw new KvClosedException("store " + (dir == null ? "(in-memory)" : dir) + " is closed");
        }
    }

    void checkWritable() {
        checkOpen();
        if (options.readOnly()) {
            throw new KvReadOnlyException("store " + dir + " is open read-only");
        }
        if (pipeline.isFailed()) {
            throw pipeline.failedException();
        }
    }

    static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
    }

    void checkSizes(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.length > options.maxKeyBytes()) {
            throw new KvLimitException("key of " + key.length + " bytes exceeds the limit of "
                    + options.maxKeyBytes() + " bytes");
        }
        if (value.length > options.maxValueBytes()) {
            throw new KvLimitException("value of " + value.length + " bytes exceeds the limit of "
                    + options.maxValueBytes() + " bytes");
        }
    }

    static KvEntry toEntry(byte[] rec) {
        return new KvEntry(EntryRecord.key(rec), EntryRecord.value(rec), EntryRecord.version(rec),
                EntryRecord.createdMillis(rec), EntryRecord.updatedMillis(rec));
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + ": " + fse.getFile();
        }
        return String.valueOf(e.getMessage() == null ? e : e.getMessage());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort during a failed open
            }
        }
    }
}
