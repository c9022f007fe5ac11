package io.kvstore.engine.commit;

import io.kvstore.engine.EvictionPolicy;
import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvException;
import io.kvstore.engine.KvMemoryLimitException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.wal.WalBatch;
import io.kvstore.engine.wal.WalOp;
import io.kvstore.engine.wal.WalWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The single path by which changes reach the table: validates, logs, forces and applies {@link WriteRequest}s
 * with group commit.
 *
 * <p><b>Concurrency.</b> A submitting thread enqueues its request and takes {@link #lock}. Whoever holds the
 * lock is the leader: it drains every queued request, validates each against the table plus the effects of
 * the requests before it in the same group, appends one WAL record per request, writes the group with one
 * write and (under {@link SyncPolicy#ALWAYS}) one force, then applies the group to the table. Threads that
 * queued meanwhile find their request done when they get the lock. The table therefore has exactly one
 * writer, and readers never see a change before it is durable.
 *
 * <p><b>Failure.</b> An IOException from the log puts the pipeline into the failed state: the group that hit
 * it is not applied and not acknowledged, and every later write throws {@link KvStoreFailedException} until
 * the store is reopened. There is no retry (a failed fsync may have dropped the pages). So does a failed file check
 * ({@link #setFileChecks}): a log segment or lock file deleted or replaced under the store.
 */
public final class CommitPipeline {
    /** Largest number of requests one leader takes in a group. */
    private static final int MAX_GROUP = 4096;
    /** Estimated index bytes per new entry, for the memory limit (a slot at a typical load factor). */
    private static final long SLOT_ESTIMATE = 8;
    private static final byte[] TOMBSTONE = new byte[0];

    private final HashTable table;
    /** Null for an in-memory store. Guarded by {@link #lock}. */
    private final WalWriter wal;
    private final SyncPolicy syncPolicy;
    private final long memoryLimit;
    private final EvictionPolicy evictionPolicy;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<WriteRequest> queue = new ConcurrentLinkedQueue<>();
    private final SplittableRandom random = new SplittableRandom(42);

    /** LSN of the latest applied record. Written by the leader, read by anyone. */
    private volatile long lastLsn;
    /** Set once; never cleared. */
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Whether bytes were written since the last force. Guarded by {@link #lock}. */
    private boolean unsynced;
    private volatile long evictions;
    /** Runs after every group's write and force (cheap); null for none. Guarded by {@link #lock}. */
    private IoAction<IOException> forcedFileCheck;
    /** Checks that all of the store's files are still its own; null for none. Guarded by {@link #lock}. */
    private IoAction<IOException> fileCheck;
    /** The commit path runs {@link #fileCheck} at most this often. Guarded by lock. */
    private long fileCheckMillis;
    private long lastFileCheck;

    public CommitPipeline(HashTable table, WalWriter wal, KvOptions options, long lastLsn) {
        this.table = table;
        this.wal = wal;
        this.syncPolicy = options.syncPolicy();
        this.memoryLimit = options.memoryLimitBytes();
        this.evictionPolicy = options.evictionPolicy();
        this.clock = options.clock();
        this.lastLsn = lastLsn;
    }

    /** LSN of the latest applied write. */
    public long lastLsn() {
        return lastLsn;
    }

    public long evictions() {
        return evictions;
    }

    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Commits {@code request}: returns when it is applied (and durable under the sync policy), or throws.
     *
     * @throws KvConflictException, KvDuplicateKeyException per the request's conditions
     * @throws KvMemoryLimitException the memory limit would be exceeded (REJECT policy)
     * @throws KvStoreFailedException the log failed, now or earlier
     */
    public void submit(WriteRequest request) {
        queue.add(request);
        while (!request.done) {
            if (lock.tryLock()) {
                try {
                    if (!request.done) {
                        List<WriteRequest> group = new ArrayList<>();
                        WriteRequest r;
                        while (group.size() < MAX_GROUP && (r = queue.poll()) != null) {
                            group.add(r);
                        }
                        process(group);
                    }
                } finally {
                    unlockAndSignal();
                }
            } else {
                awaitLeader(request);
            }
        }
        if (request.error != null) {
            throw request.error;
        }
    }

    /*
     * Followers do not take the lock to learn that their request is done: a finished writer would otherwise
     * queue behind the next leader's fsync, and each group would carry about one new request. They wait on
     * {@link #signal} until their request is done or the lock is free (then one of them leads the next group).
     * The leader signals after every unlock; a follower re-checks the lock under the monitor before waiting, so
     * no signal is lost.
     */
    private final Object signal = new Object();

    private void awaitLeader(WriteRequest request) {
        synchronized (signal) {
            while (!request.done && lock.isLocked()) {
                try {
                    signal.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void unlockAndSignal() {
        lock.unlock();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Runs {@code action} as the only writer (used for snapshots, syncs and close). */
    public <E extends Exception> void exclusively(IoAction<E> action) throws E {
        lock.lock();
        try {
            action.run();
        } finally {
            unlockAndSignal();
        }
    }

    /** An action run under the pipeline lock. */
    @FunctionalInterface
    public interface IoAction<E extends Exception> {
        void run() throws E;
    }

    /**
     * Sets the checks that the store's files are still the ones it opened. {@code afterWrite} (meant to be cheap:
     * the store's checks the files only when its directory changed) runs after every commit group's write and
     * force, before the group is acknowledged. {@code all} (log segment and lock file) runs after the interval
     * force and in the commit path at most every {@code millis} (by the store's clock), and from
     * {@link #checkFiles()}. A check that throws puts the pipeline into the failed state.
     */
    public void setFileChecks(IoAction<IOException> afterWrite, IoAction<IOException> all, long millis) {
        lock.lock();
        try {
            forcedFileCheck = afterWrite;
            fileCheck = all;
            fileCheckMillis = millis;
        } finally {
            unlockAndSignal();
        }
    }

    /** Runs the file check now (the store's periodic check); a failed check fails the pipeline. */
    public void checkFiles() {
        lock.lock();
        try {
            if (failure == null && !closed) {
                try {
                    runFileCheck(clock.getAsLong(), false, true);
                } catch (IOException | RuntimeException e) {
                    fail(e);
                }
            }
        } finally {
            unlockAndSignal();
        }
    }

    /**
     * Runs {@link #fileCheck} if {@code all} or if it last ran {@link #fileCheckMillis} ago, else
     * {@link #forcedFileCheck} if {@code forced} (a commit group was just written and, per policy, forced). Lock
     * held.
     */
    private void runFileCheck(long now, boolean forced, boolean all) throws IOException {
        if (fileCheck != null && (all || now - lastFileCheck >= fileCheckMillis)) {
            lastFileCheck = now;
            fileCheck.run();
        } else if (forced && forcedFileCheck != null) {
            forcedFileCheck.run();
        }
    }

    /** Forces the log if anything was written since the last force (interval policy and close). */
    public void syncIfNeeded() {
        lock.lock();
        try {
            if (wal != null && unsynced && failure == null) {
                try {
                    wal.sync();
                    unsynced = false;
                    runFileCheck(clock.getAsLong(), false, true);
                } catch (IOException e) {
                    fail(e);
                }
            }
        } finally {
            unlockAndSignal();
        }
    }

    /** Puts the pipeline into the failed state. */
    public void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** Refuses further writes with {@link io.kvstore.engine.KvClosedException}. */
    public void close() {
        closed = true;
    }

    /** The exception a write gets once the pipeline has failed. */
    public KvStoreFailedException failedException() {
        Throwable f = failure;
        return new KvStoreFailedException("store is in the failed state after an I/O error (" + f
                + "); writes are refused until it is reopened", f);
    }

    // ---- leader only ----

    /**
     * Processes a group; whatever goes wrong, every request in it ends done, and none is acknowledged unless
     * its record was logged (and forced, per policy) and applied.
     */
    private void process(List<WriteRequest> group) {
        try {
            processGroup(group);
        } catch (Throwable t) {
            fail(t);
            for (WriteRequest r : group) {
                if (!r.done) {
                    r.error = failedException();
                    r.effects = null;
                    r.ops = null;
                }
            }
            if (t instanceof Error e) {
                throw e;
            }
        } finally {
            for (WriteRequest r : group) {
                r.done = true;
            }
        }
    }

    private void processGroup(List<WriteRequest> group) {
        if (closed || failure != null) {
            for (WriteRequest r : group) {
                r.error = closed ? new io.kvstore.engine.KvClosedException("store is closed") : failedException();
                r.done = true;
            }
            return;
        }
        long now = clock.getAsLong();
        long lsn = lastLsn;
        Map<ByteKey, byte[]> overlay = group.size() > 1 ? new HashMap<>() : null;
        long groupDelta = 0;
        List<WriteRequest> logged = new ArrayList<>(group.size());
        for (WriteRequest r : group) {
            try {
                long delta = prepare(r, lsn + 1, now, overlay, groupDelta);
                if (!r.effects.isEmpty()) {
                    lsn++;
                    r.lsn = lsn;
                    if (wal != null) {
                        wal.append(lsn, WalBatch.encodePayload(r.ops));
                    }
                    logged.add(r);
                    groupDelta += delta;
                    if (overlay != null) {
                        // ops and effects are parallel lists: the op gives the key without decoding the record
                        for (int i = 0; i < r.effects.size(); i++) {
                            Object e = r.effects.get(i);
                            overlay.put(new ByteKey(r.ops.get(i).key()), e instanceof byte[] rec ? rec : TOMBSTONE);
                        }
                    }
                }
            } catch (KvException e) {
                r.error = e;
                r.effects = null;
                r.ops = null;
            }
        }
        if (wal != null && !logged.isEmpty()) {
            try {
                wal.write();
                unsynced = true;
                if (syncPolicy == SyncPolicy.ALWAYS) {
                    wal.sync();
                    unsynced = false;
                }
                // after the force: a record forced into a deleted or replaced file is not acknowledged
                runFileCheck(now, true, false);
            } catch (IOException | RuntimeException e) {
                fail(e);
                for (WriteRequest r : logged) {
                    r.error = failedException();
                    r.effects = null;
                    r.ops = null;
                }
                logged.clear();
            }
        }
        for (WriteRequest r : logged) {
            ArrayList<Object> effects = r.effects;
            for (int i = 0; i < effects.size(); i++) {
                Object e = effects.get(i);
                if (e instanceof byte[] rec) {
                    table.put(rec, r.effectHashes[i - r.evictions]);
                } else if (e instanceof Evicted ev) {
                    table.remove(ev.key.bytes());
                    evictions++;
                } else {
                    table.remove(((ByteKey) e).bytes());
                }
            }
            r.effects = null;
            r.effectHashes = null;
            r.ops = null;
        }
        if (!logged.isEmpty()) {
            lastLsn = lsn;
        }
    }

    /**
     * Validates {@code r} and fills its effects; returns its memory delta. Throws to reject it. Each key is looked
     * up once: its condition is checked and its write prepared from the same view; a failed condition discards
     * what was prepared before it, so the outcome is as if every condition were checked first.
     */
    private long prepare(WriteRequest r, long nextLsn, long now, Map<ByteKey, byte[]> overlay, long groupDelta) {
        if (r.unchangedSinceLsn >= 0 && nextLsn - 1 != r.unchangedSinceLsn) {
            throw new KvConflictException("write conflict: the transaction read the whole table and other"
                    + " commits happened since it began");
        }
        int n = r.size;
        r.effects = new ArrayList<>(n);
        r.effectHashes = new long[n];
        r.evictions = 0;
        r.ops = new ArrayList<>(n);
        byte[][] keys = r.keys;
        long[] hashes = r.hashes;
        byte[][] values = r.values;
        long[] expected = r.expected;
        // Nothing logged since the reads: the table still holds what they saw, so every condition holds and a key
        // seen absent is still absent (no lookup at all for a batch of inserts).
        boolean unchanged = expected != null && r.readSinceLsn >= 0 && nextLsn - 1 == r.readSinceLsn;
        long delta = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = keys[i];
            byte[] value = values[i];
            long hash = hashes == null ? EntryRecord.hashKey(key) : hashes[i];
            byte[] cur;
            if (unchanged) {
                if (value == null) {
                    continue;
                }
                cur = expected[i] == 0 ? null : view(key, hash, overlay);
            } else {
                cur = view(key, hash, overlay);
                if (expected != null) {
                    long version = cur == null ? 0 : EntryRecord.version(cur);
                    if (version != expected[i]) {
                        conditionFailed(r, expected[i], version);
                        return 0;
                    }
                }
                if (value == null) {
                    continue;
                }
            }
            if (value == WriteRequest.DELETE) {
                if (cur != null) {
                    r.effects.add(new ByteKey(key));
                    r.ops.add(WalOp.delete(key));
                    delta -= EntryRecord.heapSize(cur) + SLOT_ESTIMATE;
                    r.result = true;
                }
            } else {
                long created = cur == null ? now : EntryRecord.createdMillis(cur);
                byte[] rec = EntryRecord.encode(key, value, nextLsn, created, now);
                r.effectHashes[r.effects.size()] = hash;
                r.effects.add(rec);
                r.ops.add(WalOp.put(key, value, created, now));
                delta += EntryRecord.heapSize(rec) - (cur == null ? -SLOT_ESTIMATE : EntryRecord.heapSize(cur));
                r.result = true;
            }
        }
        if (memoryLimit > 0 && delta > 0) {
            long projected = table.memoryUsed() + groupDelta + delta;
            if (projected > memoryLimit) {
                if (evictionPolicy == EvictionPolicy.REJECT) {
                    throw new KvMemoryLimitException("memory limit of " + memoryLimit + " bytes reached ("
                            + table.memoryUsed() + " used, this write needs " + delta + " more); reads and"
                            + " deletes still work");
                }
                Set<ByteKey> touched = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (values[i] != null) {
                        touched.add(new ByteKey(keys[i]));
                    }
                }
                delta -= evict(r, projected - memoryLimit, touched, overlay);
            }
        }
        return delta;
    }

    /** Rejects {@code r} per its failure mode: throws, or for {@link WriteRequest.Failure#FALSE} empties it. */
    private static void conditionFailed(WriteRequest r, long expectedVersion, long version) {
        switch (r.onFail) {
            case CONFLICT:
                throw new KvConflictException("write conflict: a key read or written by this transaction"
                        + " was changed by another commit (expected version " + expectedVersion
                        + ", found " + version + ")");
            case DUPLICATE:
                throw new KvDuplicateKeyException("duplicate key: the key already exists");
            default:
                r.effects.clear();
                r.ops.clear();
                r.result = false;
        }
    }

    /** Adds EVICT effects to {@code r} until {@code needed} bytes are freed; returns bytes freed. */
    private long evict(WriteRequest r, long needed, Set<ByteKey> touched, Map<ByteKey, byte[]> overlay) {
        long freed = 0;
        int attempts = 0;
        List<Object> evicted = new ArrayList<>();
        while (freed < needed && attempts++ < 1000) {
            byte[] cand = table.evictionCandidate(5, random);
            if (cand == null) {
                break;
            }
            ByteKey key = new ByteKey(EntryRecord.key(cand));
            if (touched.contains(key) || (overlay != null && overlay.containsKey(key))) {
                continue;
            }
            touched.add(key);
            evicted.add(new Evicted(key));
            freed += EntryRecord.heapSize(cand) + SLOT_ESTIMATE;
        }
        if (freed < needed) {
            throw new KvMemoryLimitException("memory limit of " + memoryLimit
                    + " bytes reached and eviction could not free enough space");
        }
        List<WalOp> evictOps = new ArrayList<>(evicted.size());
        for (Object e : evicted) {
            evictOps.add(WalOp.evict(((Evicted) e).key.bytes()));
        }
        r.effects.addAll(0, evicted);
        r.evictions += evicted.size();
        r.ops.addAll(0, evictOps);
        return freed;
    }

    /** The current record of {@code key} (whose hash is {@code hash}): the group's own writes first, then the table. */
    private byte[] view(byte[] key, long hash, Map<ByteKey, byte[]> overlay) {
        if (overlay != null) {
            byte[] o = overlay.get(new ByteKey(key));
            if (o != null) {
                return o == TOMBSTONE ? null : o;
            }
        }
        return table.get(key, hash);
    }

    /** Marks an eviction among a request's effects until it is logged. */
    private record Evicted(ByteKey key) {
    }

    /** Applies a recovered batch to the table (single-threaded recovery, before the pipeline serves). */
    public static void applyRecovered(HashTable table, WalBatch batch) {
        for (WalOp op : batch.ops()) {
            if (op.kind() == WalOp.PUT) {
                table.put(EntryRecord.encode(op.key(), op.value(), batch.lsn(), op.createdMillis(),
                        op.updatedMillis()));
            } else {
                table.remove(op.key());
            }
        }
    }
}
