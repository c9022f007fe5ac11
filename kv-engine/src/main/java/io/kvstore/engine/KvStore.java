package io.kvstore.engine;

import io.kvstore.engine.codec.ZstdDictionary;
import io.kvstore.engine.commit.CommitPipeline;
import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.dictionary.DictionaryFile;
import io.kvstore.engine.io.DirectoryLock;
import io.kvstore.engine.io.DirectoryWatch;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.StoreFileGoneException;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.recovery.Recovery;
import io.kvstore.engine.snapshot.SnapshotReader;
import io.kvstore.engine.snapshot.SnapshotWriter;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.table.OrderedIndex;
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
 * <p><b>Expiry.</b> An entry may carry an absolute expiry time (ms since the epoch, by {@link KvOptions#clock()}):
 * {@link #put(byte[], byte[], long)}, {@link #expireAt}, {@link #expireAfter}, {@link #persist},
 * {@link #expiresAt}, {@link #ttlMillis}, and the same inside transactions. From that time on the entry is absent
 * for every read (get, exists, cursors, range cursors, counts, transactions' reads and their validation), whether
 * or not it has been removed yet. Expired entries are removed when a read finds them, by a background sweep
 * ({@link ExpirySweeper}) and first under LRU eviction; every removal is logged (an EXPIRE op), and an entry
 * already expired when the store opens is not loaded. See docs/engine.md, "Expiry".
 *
 * <p>Design: the index is {@link HashTable} (single writer, lock-free readers); the log is
 * {@link WalWriter}; snapshots are {@link SnapshotWriter}; opening runs {@link Recovery}.
 */
public final class KvStore implements AutoCloseable {
    private final Path dir;
    private final KvOptions options;
    private final HashTable table;
    /** Every key in order, beside the table (ranges, prefixes, ordered scans); same single writer. */
    private final OrderedIndex index;
    private final CommitPipeline pipeline;
    /** Null when in memory or read-only. Used only under the pipeline's lock. */
    private final WalWriter wal;
    private final DirectoryLock lock;
    private final ScheduledExecutorService maintenance;
    /** The expiry sweep of an in-memory store on {@link InMemorySweep}'s shared thread; null otherwise. */
    private java.util.concurrent.ScheduledFuture<?> inMemorySweep;
    /** Null when read-only. */
    private final ExpirySweeper sweeper;
    /** Lazy removals submitted and not yet committed (bounded: the sweep catches what is skipped). */
    private final java.util.concurrent.atomic.AtomicInteger lazyRemovals = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_LAZY_REMOVALS = 256;
    /** Marker for {@link #put(byte[], byte[], long)}: keep the entry's current expiry time. */
    public static final long KEEP_EXPIRY = WriteRequest.KEEP_EXPIRY;
    /** Null when in memory or read-only. */
    private final DirectoryWatch watch;
    /** Bytes of the dictionary files loaded at open (docs/format/dictionary.md); set once by {@link #open}. */
    private long loadedDictionaryBytes;
    /** Whether the store had a dictionary at open (then the policy uses it and trains none). */
    private boolean dictionaryLoaded;
    private final ReentrantLock snapshotLock = new ReentrantLock();
    private final AtomicBoolean snapshotQueued = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long snapshotLsn;
    private volatile long walBytesAtSnapshot;
    /** Snapshot attempts that failed in a row (0 after a success). Written under snapshotLock. */
    private volatile int snapshotFailures;
    /** The error of the latest snapshot attempt, null if it succeeded (or none was made). */
    private volatile String lastSnapshotError;
    /** Store-clock time before which no automatic snapshot is attempted (backoff after failures); 0: none. */
    private volatile long nextSnapshotAttemptMillis;

    /** First wait after a failed snapshot; doubles with each failure in a row up to {@link #SNAPSHOT_BACKOFF_MAX_MILLIS}. */
    static final long SNAPSHOT_BACKOFF_MIN_MILLIS = 1_000;
    static final long SNAPSHOT_BACKOFF_MAX_MILLIS = 60_000;
    /**
     * How often the commit path checks that the current log segment and LOCK file are still the store's (besides
     * the segment after every force of a commit group), and how often a background check does when idle.
     */
    static final long FILE_CHECK_MILLIS = 100;
    static final long BACKGROUND_FILE_CHECK_MILLIS = 1_000;

    private KvStore(Path dir, KvOptions options, HashTable table, OrderedIndex index, WalWriter wal,
                    DirectoryLock lock, long lastLsn, long snapshotLsn, long expiringEntries) {
        this.dir = dir;
        this.options = options;
        this.table = table;
        this.index = index;
        this.wal = wal;
        this.lock = lock;
        this.pipeline = new CommitPipeline(table, index, wal, options, lastLsn, expiringEntries);
        this.snapshotLsn = snapshotLsn;
        this.watch = wal != null ? DirectoryWatch.of(dir) : null;
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
            IoCheck all = () -> {
                wal.verifySegment();
                lock.verify();
            };
            pipeline.setFileChecks(() -> {
                if (watch.changed()) {
                    all.run();
                }
            }, all, FILE_CHECK_MILLIS);
            maintenance.scheduleWithFixedDelay(pipeline::checkFiles, BACKGROUND_FILE_CHECK_MILLIS,
                    BACKGROUND_FILE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            maintenance = null; // in-memory stores sweep on the shared IN_MEMORY_SWEEPS thread (below)
        }
        sweeper = options.readOnly() ? null : new ExpirySweeper(table, pipeline);
        long sweep = options.expirySweepMillis();
        if (sweeper != null && maintenance == null && sweep > 0) {
            inMemorySweep = InMemorySweep.schedule(this, sweep);
        }
        if (sweeper != null && maintenance != null && sweep > 0) {
            long budget = (long) (sweep * 1_000_000L * ExpirySweeper.BUDGET_FRACTION);
            maintenance.scheduleWithFixedDelay(() -> {
                try {
                    if (!closed && !pipeline.isFailed()) {
                        sweeper.runCycle(ExpirySweeper.MIN_SEGMENTS, budget);
                    }
                } catch (KvException e) {
                    // closed or failed meanwhile: the next open does not load what has expired
                }
            }, sweep, sweep, TimeUnit.MILLISECONDS);
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
            OrderedIndex index = new OrderedIndex();
            Recovery.Result r = Recovery.run(fs, abs, table, index, options.readOnly(), options.salvage(),
                    options.clock().getAsLong());
            if (!options.readOnly()) {
                wal = WalWriter.open(fs, abs, r.lastLsn() + 1, options.walSegmentBytes());
            }
            // zstd-dict: the store's dictionary, or a trainer that writes the new one into the directory
            ZstdDictionary existing = r.dictionaries().newest();
            KvOptions bound = options.withCompression(options.compression().bind(options.readOnly() ? null
                    : (id, dict) -> DictionaryFile.write(fs, abs, id, dict), existing));
            KvStore store = new KvStore(abs, bound, table, index, wal, lock, r.lastLsn(), r.snapshotLsn(),
                    r.expiringEntries());
            store.loadedDictionaryBytes = r.dictionaries().fileBytes();
            store.dictionaryLoaded = existing != null;
            return store;
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
        return new KvStore(null, options.withCompression(options.compression().bind(null, null)), table,
                new OrderedIndex(), null, null, 0, 0, 0);
    }

    // ---- reads ----

    /** The value, or null if absent (or expired). */
    public byte[] get(byte[] key) {
        checkOpen();
        checkKey(key);
        byte[] rec = live(table.get(key));
        // the record's key is this key, so its length need not be decoded again
        return rec == null ? null : EntryRecord.value(rec, EntryRecord.keyOffset(rec) + key.length);
    }

    /**
     * Reads the value of {@code key} in place, without copying it: calls {@code reader} with the stored bytes
     * (see {@link KvValueReader} for what it may do with them) and returns its result, or returns null without
     * calling it when the key is absent. For callers whose bytes go straight out (to a stream, a socket, a
     * decoder); {@link #get(byte[])} gives an array the caller owns instead. Same consistency as {@code get}.
     * A value the store keeps compressed ({@link KvOptions.Builder#compression}) is decompressed first, and the
     * reader gets that plain copy (offset 0): readers always see plain bytes.
     */
    public <R> R get(byte[] key, KvValueReader<? extends R> reader) {
        checkOpen();
        checkKey(key);
        Objects.requireNonNull(reader, "reader");
        byte[] rec = live(table.get(key));
        if (rec == null) {
            return null;
        }
        int offset = EntryRecord.keyOffset(rec) + key.length; // the record's key is this key
        if (EntryRecord.isCompressed(rec)) { // readers always see plain bytes: lend a decompressed copy
            byte[] plain = EntryRecord.value(rec, offset);
            return reader.read(plain, 0, plain.length);
        }
        return reader.read(rec, offset, EntryRecord.valueEnd(rec) - offset);
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

    /** The entry with its version, timestamps and expiry, or null if absent (or expired). */
    public KvEntry getEntry(byte[] key) {
        checkOpen();
        checkKey(key);
        byte[] rec = live(table.get(key));
        return rec == null ? null : toEntry(rec);
    }

    public boolean exists(byte[] key) {
        checkOpen();
        checkKey(key);
        return live(table.get(key)) != null;
    }

    /**
     * {@code rec}, or null if it is null or expired; an expired record found is removed in the background (a
     * logged EXPIRE, unless too many such removals are pending already: the sweep gets those).
     */
    byte[] live(byte[] rec) {
        if (rec == null || !EntryRecord.hasExpiry(rec)) {
            return rec;
        }
        if (EntryRecord.expiresMillis(rec) > options.clock().getAsLong()) {
            return rec;
        }
        removeLazily(rec);
        return null;
    }

    private void removeLazily(byte[] rec) {
        if (sweeper == null || closed || pipeline.isFailed() || lazyRemovals.get() >= MAX_LAZY_REMOVALS) {
            return;
        }
        lazyRemovals.incrementAndGet();
        pipeline.submitAsync(WriteRequest.expireIfDue(new byte[][] {EntryRecord.key(rec)}, 1), r -> null)
                .whenComplete((v, e) -> lazyRemovals.decrementAndGet());
    }

    /** {@code records} without the expired ones (checked as each is reached). */
    Iterator<byte[]> liveRecords(Iterator<byte[]> records) {
        java.util.function.LongSupplier clock = options.clock();
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (!records.hasNext()) {
                        return false;
                    }
                    byte[] r = records.next();
                    if (!EntryRecord.hasExpiry(r) || EntryRecord.expiresMillis(r) > clock.getAsLong()) {
                        next = r;
                    }
                }
                return true;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] r = next;
                next = null;
                return r;
            }
        };
    }

    /** Calls {@code action} for each live entry (weakly consistent: see {@link #iterator()}). */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        checkOpen();
        Iterator<byte[]> it = liveRecords(table.records());
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
        Iterator<byte[]> it = liveRecords(table.records());
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
        return new RecordCursor(liveRecords(table.records()));
    }

    /**
     * The entries whose keys are in {@code range}, in ascending (or, with {@code descending}, descending) key order
     * ({@link KeyRange}: unsigned byte order). The cursor walks the ordered index as it was when the cursor was
     * made: a consistent, point-in-time view of the keys in the range, whatever is written meanwhile (records
     * written later are not seen). Finding the start costs about log2(n) key comparisons; each step after that
     * is a few loads. A cursor of a store closed meanwhile goes on over the entries that were in memory.
     */
    public KvCursor cursor(KeyRange range, boolean descending) {
        checkOpen();
        return new RecordCursor(liveRecords(records(range, descending)));
    }

    /** {@link #cursor(KeyRange, boolean)} in ascending order. */
    public KvCursor cursor(KeyRange range) {
        return cursor(range, false);
    }

    /**
     * Number of live (unexpired) entries whose keys are in {@code range}. While the store holds no entry with an
     * expiry time this is the count at one point in time and costs a few key comparisons and index node reads per
     * tree level (no walk over the entries). Otherwise the index cannot tell expired entries from live ones, so
     * the count walks the range's records (the point-in-time view of {@link #cursor(KeyRange, boolean)}) and counts
     * those unexpired when reached: exact, never counting an expired entry, at the cost of a scan.
     */
    public long count(KeyRange range) {
        checkOpen();
        Objects.requireNonNull(range, "range");
        if (range.isEmpty()) {
            return 0;
        }
        // read before the index: an entry with an expiry leaves the counter only after it has left the published
        // index, so 0 here means the index read next holds none but those committed meanwhile (not yet expired)
        boolean noExpiry = pipeline.expiringEntries() == 0;
        long n = index.count(range.lowBound(), range.lowInclusive(), range.highBound(), range.highInclusive());
        if (noExpiry) {
            return n;
        }
        long live = 0;
        for (Iterator<byte[]> it = liveRecords(records(range, false)); it.hasNext(); it.next()) {
            live++;
        }
        return live;
    }

    /**
     * Number of live entries in the whole store: {@link #count(KeyRange) count(KeyRange.all())}. (The entry count of
     * {@link #stats()} also counts expired entries not yet removed.)
     */
    public long count() {
        return count(KeyRange.all());
    }

    Iterator<byte[]> records(KeyRange range, boolean descending) {
        Objects.requireNonNull(range, "range");
        if (range.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        return index.records(range.lowBound(), range.lowInclusive(), range.highBound(), range.highInclusive(),
                descending);
    }

    // ---- writes ----

    /**
     * Inserts or replaces, with an absolute expiry time in ms since the epoch by the store's clock: 0 for none,
     * {@link #KEEP_EXPIRY} to keep the expiry the key has now (none if absent). A time at or before the clock deletes
     * the key (as Redis does for an expiry in the past). A plain {@link #put(byte[], byte[])} clears any expiry.
     *
     * @throws KvLimitException a negative time other than {@link #KEEP_EXPIRY}
     */
    public void put(byte[] key, byte[] value, long expiresAtMillis) {
        checkWritable();
        checkSizes(key, value);
        checkExpiry(expiresAtMillis, true);
        commit(WriteRequest.single(key.clone(), value.clone(), expiresAtMillis));
    }

    /** {@link #put(byte[], byte[], long)} expiring {@code ttlMillis} (&gt; 0) from now by the store's clock. */
    public void putWithTtl(byte[] key, byte[] value, long ttlMillis) {
        put(key, value, expiryFromTtl(ttlMillis));
    }

    /**
     * Sets the expiry time of the key's current value (a write: new version, logged): at {@code atMillis} (ms since
     * the epoch, &gt; 0; a time already passed deletes the key). Returns false if the key is absent.
     */
    public boolean expireAt(byte[] key, long atMillis) {
        checkWritable();
        checkKey(key);
        checkExpiry(atMillis, false);
        if (atMillis == 0) {
            throw new KvLimitException("expiry time must be > 0 (use persist to remove an expiry)");
        }
        WriteRequest r = WriteRequest.single(key.clone(), WriteRequest.KEEP_VALUE, atMillis);
        commit(r);
        return r.result();
    }

    /** {@link #expireAt} {@code ttlMillis} from now by the store's clock ({@code ttlMillis <= 0} deletes the key). */
    public boolean expireAfter(byte[] key, long ttlMillis) {
        long now = options.clock().getAsLong();
        return expireAt(key, ttlMillis <= 0 ? Math.max(1, now) : saturatedAdd(now, ttlMillis));
    }

    /** Removes the key's expiry time (a write). Returns true if the key was present with an expiry. */
    public boolean persist(byte[] key) {
        checkWritable();
        checkKey(key);
        WriteRequest r = WriteRequest.single(key.clone(), WriteRequest.KEEP_VALUE, 0);
        commit(r);
        return r.result();
    }

    /**
     * The key's absolute expiry time in ms since the epoch, -1 if it has none, -2 if the key is absent (Redis'
     * {@code PEXPIRETIME}).
     */
    public long expiresAt(byte[] key) {
        checkOpen();
        checkKey(key);
        byte[] rec = live(table.get(key));
        return rec == null ? -2 : EntryRecord.hasExpiry(rec) ? EntryRecord.expiresMillis(rec) : -1;
    }

    /** Remaining time to live in ms (&gt; 0), -1 if the key has no expiry, -2 if absent (Redis' {@code PTTL}). */
    public long ttlMillis(byte[] key) {
        checkOpen();
        checkKey(key);
        long now = options.clock().getAsLong();
        byte[] rec = live(table.get(key));
        if (rec == null) {
            return -2;
        }
        return EntryRecord.hasExpiry(rec) ? Math.max(1, EntryRecord.expiresMillis(rec) - now) : -1;
    }

    /** The absolute expiry time {@code ttlMillis} from now; {@code ttlMillis} must be &gt; 0. */
    long expiryFromTtl(long ttlMillis) {
        if (ttlMillis <= 0) {
            throw new KvLimitException("time to live must be > 0 ms: " + ttlMillis);
        }
        return saturatedAdd(options.clock().getAsLong(), ttlMillis);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static void checkExpiry(long expiresAtMillis, boolean keepAllowed) {
        if (expiresAtMillis < 0 && !(keepAllowed && expiresAtMillis == KEEP_EXPIRY)) {
            throw new KvLimitException("expiry time must be >= 0 ms since the epoch: " + expiresAtMillis);
        }
    }

    /**
     * Runs the expiry sweep over the whole table now, synchronously (tests, tools); returns the number of expired
     * entries it removed. Does nothing on a read-only store.
     */
    public long sweepExpired() {
        checkWritable();
        synchronized (sweeper) {
            return sweeper.runCycle(HashTable.segmentCount(), Long.MAX_VALUE);
        }
    }

    /** Inserts or replaces (clearing any expiry time the key had). */
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
        if (live(table.get(key)) == null) {
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
        if (hooked(request)) {
            return;
        }
        pipeline.submit(request);
        maybeScheduleSnapshot();
    }

    /** The hook writes go through, or null (see {@link #setCommitHook}). */
    private volatile CommitHook commitHook;

    /**
     * Sends every later write of the public API through {@code hook} (null: none, the default); see
     * {@link CommitHook} for the contract. The replicated server sets one so that no write reaches this store
     * without passing through its Raft log. Thread-safe; writes already in progress are not affected.
     */
    public void setCommitHook(CommitHook hook) {
        this.commitHook = hook;
    }

    /** Runs {@code request} through the commit hook if one is set and takes it; true if it did. */
    private boolean hooked(WriteRequest request) {
        CommitHook h = commitHook;
        if (h == null) {
            return false;
        }
        checkWritable();
        return h.commit(new CommitHook.Commit() {
            @Override
            public java.util.List<CommitHook.Change> evaluate() {
                return pipeline.evaluate(request);
            }

            @Override
            public boolean forEachKey(java.util.function.Consumer<byte[]> action) {
                return request.forEachKey(action);
            }
        });
    }

    private static final Function<WriteRequest, Void> NO_VALUE = r -> null;
    private static final Function<WriteRequest, Boolean> RESULT = WriteRequest::result;

    /** Submits {@code request} without waiting; the future gives {@code value} of the committed request. */
    <T> CompletableFuture<T> commitAsync(WriteRequest request, Function<? super WriteRequest, ? extends T> value) {
        if (commitHook != null) {
            try {
                if (hooked(request)) {
                    return CompletableFuture.completedFuture(value.apply(request));
                }
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
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
            snapshotLocked();
            snapshotFailures = 0;
            lastSnapshotError = null;
            nextSnapshotAttemptMillis = 0;
        } catch (KvException e) {
            snapshotFailed(e);
            throw e;
        } finally {
            snapshotLock.unlock();
        }
    }

    /**
     * Records a failed snapshot and schedules the next automatic attempt with exponential backoff: 1 s after the
     * first failure, doubling up to 60 s. Removes the temp file a failed attempt may have left (SnapshotWriter
     * deletes its own, but that delete can fail too). snapshotLock held.
     */
    private void snapshotFailed(KvException e) {
        int failures = snapshotFailures + 1;
        snapshotFailures = failures;
        lastSnapshotError = e.getMessage();
        long wait = SNAPSHOT_BACKOFF_MIN_MILLIS << Math.min(failures - 1, 30);
        nextSnapshotAttemptMillis = options.clock().getAsLong() + Math.min(wait, SNAPSHOT_BACKOFF_MAX_MILLIS);
        try {
            StoreFiles.deleteTempFiles(options.fileLayer(), dir);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the next open deletes leftover temp files too
        }
    }

    private void snapshotLocked() {
        {
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
                // in key order: opening appends; blocks compressed with the store's codec, if any
                SnapshotWriter.write(fs, dir, lsn, liveRecords(index.records()), options.compression().blockCodec());
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
        }
    }

    private void snapshotBeforeClose() {
        long trigger = options.snapshotOnCloseWalBytes();
        if (trigger <= 0 || wal == null || options.readOnly() || pipeline.isFailed()
                || walBytes() - walBytesAtSnapshot < trigger || backingOff()) {
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
        if (bytes - walBytesAtSnapshot >= trigger && !backingOff() && snapshotQueued.compareAndSet(false, true)) {
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

    /** Whether automatic snapshots wait for {@link #nextSnapshotAttemptMillis} after failures. */
    private boolean backingOff() {
        return snapshotFailures > 0 && options.clock().getAsLong() < nextSnapshotAttemptMillis;
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
        // stored bytes include the zstd dictionaries (loaded at open, or trained since); raw bytes do not
        long dictionaries = loadedDictionaryBytes + (dictionaryLoaded ? 0 : options.compression().dictionaryBytes());
        return new KvStats(count, table.memoryUsed() + index.memoryUsed() + dictionaries, options.memoryLimitBytes(),
                buckets,
                buckets == 0 ? 0 : (double) count / buckets, pipeline.lastLsn(),
                Math.max(0, walTotal), snapshotLsn, pipeline.evictions(), pipeline.isFailed(), snapshotFailures,
                lastSnapshotError, snapshotFailures > 0 ? nextSnapshotAttemptMillis : 0,
                pipeline.isFailed() ? String.valueOf(pipeline.failedException().getCause()) : null,
                pipeline.commits(), pipeline.commitGroups(), pipeline.syncs(), options.compression().name(),
                table.memoryUsed() + index.memoryUsed() + table.savedBytes());
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
     * store closes anyway (the log still holds everything). Releases the lock and files even when it throws.
     * Idempotent.
     *
     * @throws KvIOException acknowledged commits were not made durable (a failed final or interval force under
     *     {@link SyncPolicy#INTERVAL} or {@link SyncPolicy#NONE}; the message gives their number and LSNs), or the
     *     store's log segment was deleted or replaced while it was open (the message names the commits it held),
     *     or closing the log failed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        snapshotBeforeClose();
        closed = true;
        options.compression().close(); // no dictionary is written after this
        if (maintenance != null) {
            maintenance.shutdown();
        }
        if (inMemorySweep != null) {
            inMemorySweep.cancel(false);
        }
        snapshotLock.lock();
        IOException failure = null;
        String loss = null;
        try {
            pipeline.commitQueued();
            if (wal != null) {
                pipeline.syncIfNeeded();
                pipeline.checkFiles();
                try {
                    pipeline.exclusively(() -> {
                        pipeline.close();
                        wal.close();
                    });
                } catch (IOException e) {
                    failure = e;
                }
                loss = lossAtClose(failure);
            } else {
                pipeline.close();
            }
        } finally {
            snapshotLock.unlock();
            closeQuietly(watch);
            closeQuietly(lock);
        }
        if (loss != null) {
            Throwable cause = failure != null ? failure : pipeline.failedException().getCause();
            throw new KvIOException("closing store " + dir + ": " + loss, cause);
        }
        if (failure != null) {
            throw new KvIOException("closing store " + dir + " failed: " + describe(failure), failure);
        }
    }

    /**
     * What the store lost that it had acknowledged, as found at close (after the final force): commits acknowledged
     * but never covered by a successful force (the force failed, under {@code interval}/{@code none}), or the
     * commits in a log segment that was deleted or replaced under the store. Null if nothing.
     */
    private String lossAtClose(IOException closeFailure) {
        Throwable cause = closeFailure != null ? closeFailure
                : pipeline.isFailed() ? pipeline.failedException().getCause() : null;
        if (cause == null) {
            return null;
        }
        long acked = pipeline.lastLsn();
        if (cause instanceof StoreFileGoneException gone
                && !gone.file().getFileName().toString().equals(StoreFiles.LOCK)) {
            long first = wal.currentFirstLsn();
            long n = Math.max(0, acked - first + 1);
            return gone.getMessage() + ": the " + n + " acknowledged commits it held" + (n == 0 ? "" : " (LSN "
                    + first + ".." + acked + ")") + " are not in the store's directory any more, nor are those of"
                    + " any older segment deleted with it; the store stopped acknowledging writes when it noticed";
        }
        long durable = wal.durableLsn();
        if (acked > durable) {
            return (acked - durable) + " acknowledged commits (LSN " + (durable + 1) + ".." + acked + ") were not"
                    + " made durable: the force of the log failed or could not be made (" + describeCause(cause)
                    + "); the log holds every commit up to LSN " + durable + " durably, those after it may be"
                    + " missing when the store is reopened";
        }
        return null;
    }

    /** A file check run by the commit pipeline. */
    @FunctionalInterface
    private interface IoCheck extends CommitPipeline.IoAction<IOException> {
    }

    private static String describeCause(Throwable t) {
        return t instanceof IOException io ? describe(io) : String.valueOf(t);
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
        if (inMemorySweep != null) {
            inMemorySweep.cancel(false);
        }
        pipeline.close();
        closeQuietly(wal == null ? null : wal::abandon);
        closeQuietly(watch);
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
                EntryRecord.createdMillis(rec), EntryRecord.updatedMillis(rec), EntryRecord.expiresMillis(rec));
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

    /**
     * The expiry sweep of in-memory stores: one shared daemon thread for all of them, each store's task holding it
     * only weakly, so that an in-memory store dropped without {@link #close()} costs no thread and is collected (its
     * task then cancels itself). Stores with files have their own maintenance thread, which close() stops.
     */
    private static final class InMemorySweep implements Runnable {
        private static final ScheduledExecutorService IN_MEMORY_SWEEPS =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "kvstore-expiry-sweep (in-memory stores)");
                    t.setDaemon(true);
                    return t;
                });

        private final java.lang.ref.WeakReference<KvStore> store;
        private final long budgetNanos;
        private volatile java.util.concurrent.ScheduledFuture<?> self;

        private InMemorySweep(KvStore store, long budgetNanos) {
            this.store = new java.lang.ref.WeakReference<>(store);
            this.budgetNanos = budgetNanos;
        }

        static java.util.concurrent.ScheduledFuture<?> schedule(KvStore store, long sweepMillis) {
            InMemorySweep task = new InMemorySweep(store,
                    (long) (sweepMillis * 1_000_000L * ExpirySweeper.BUDGET_FRACTION));
            task.self = IN_MEMORY_SWEEPS.scheduleWithFixedDelay(task, sweepMillis, sweepMillis,
                    TimeUnit.MILLISECONDS);
            return task.self;
        }

        @Override
        public void run() {
            KvStore s = store.get();
            if (s == null || s.closed) {
                java.util.concurrent.ScheduledFuture<?> f = self;
                if (f != null) {
                    f.cancel(false);
                }
                return;
            }
            try {
                if (!s.pipeline.isFailed()) {
                    s.sweeper.runCycle(ExpirySweeper.MIN_SEGMENTS, budgetNanos);
                }
            } catch (KvException e) {
                // closed or failed meanwhile
            } catch (RuntimeException e) {
                // never let one store's failure stop the shared thread's other tasks; this one runs again
            }
        }
    }
}
