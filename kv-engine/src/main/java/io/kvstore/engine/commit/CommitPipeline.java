package io.kvstore.engine.commit;

import io.kvstore.engine.EvictionPolicy;
import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvException;
import io.kvstore.engine.KvMemoryLimitException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.table.OrderedIndex;
import io.kvstore.engine.wal.WalBatch;
import io.kvstore.engine.wal.WalOp;
import io.kvstore.engine.wal.WalWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The single path by which changes reach the table: validates, logs, forces and applies {@link WriteRequest}s
 * with group commit.
 *
 * <p><b>Concurrency.</b> A submitting thread enqueues its request and takes {@link #lock}. Whoever holds the
 * lock is the leader: it drains every queued request, validates each against the table plus the effects of
 * the requests before it in the same group, appends one WAL record per request, writes the group with one
 * write and (under {@link SyncPolicy#ALWAYS}) one force, then applies the group to the table
 * ({@link #applyToTable}). Threads that find the lock taken park; after releasing the lock the leader unparks
 * the owner of the queue's head (who leads next) and then every submitter of its group. The table therefore
 * has exactly one writer, and readers never see a change before it is durable. Before a forced group the
 * leader may wait briefly for writers that are on their way back ({@link #gather()}).
 *
 * <p><b>Asynchronous submits.</b> {@link #submitAsync} only enqueues and wakes the pipeline's committer thread
 * (started on first use, one per pipeline), which leads groups as a blocking submitter does; it never blocks
 * the caller. Whoever leads takes every queued request, blocking or not, so asynchronous requests share forces
 * with each other and with blocking ones. Futures are completed after the leader has released the lock, on the
 * leader's thread. Blocking submits lead themselves instead of waiting on the committer: handing a commit to
 * another thread and back costs two thread wake-ups, as much as the whole commit under {@link SyncPolicy#NONE}.
 * The queue is FIFO and one leader drains it at a time, so requests are committed in the order they were
 * enqueued.
 *
 * <p><b>Failure.</b> An IOException from the log puts the pipeline into the failed state: the group that hit
 * it is not applied and not acknowledged, and every later write throws {@link KvStoreFailedException} until
 * the store is reopened. There is no retry (a failed fsync may have dropped the pages). So does a failed file check
 * ({@link #setFileChecks}): a log segment or lock file deleted or replaced under the store.
 */
public final class CommitPipeline {
    /** Largest number of requests one leader takes in a group. */
    private static final int MAX_GROUP = 4096;
    /** Longest a leader waits for its group to fill (see {@link #gather()}). */
    private static final long MAX_GATHER_NANOS = 1_000_000;
    /** Estimated index bytes per new entry, for the memory limit (a slot at a typical load factor). */
    private static final long SLOT_ESTIMATE = 8;
    private static final byte[] TOMBSTONE = new byte[0];
    /**
     * Groups with at least this many effects, forced per commit, have the log forced on its own thread while
     * the leader builds the ordered index's next version ({@link OverlappedForce}); smaller groups force on the
     * leader's thread (the hand-over would cost more than the index work it overlaps).
     */
    static final int OVERLAP_MIN_EFFECTS = 256;

    private final HashTable table;
    /** The ordered index beside the table: changed with it, published once per group. */
    private final OrderedIndex index;
    /** Null for an in-memory store. Guarded by {@link #lock}. */
    private final WalWriter wal;
    private final SyncPolicy syncPolicy;
    private final long memoryLimit;
    private final EvictionPolicy evictionPolicy;
    private final LongSupplier clock;
    private final ValueCompression compression;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<WriteRequest> queue = new ConcurrentLinkedQueue<>();
    private final SplittableRandom random = new SplittableRandom(42);
    /** Forces the log of large groups beside the leader. Guarded by {@link #lock}. */
    private final OverlappedForce overlappedForce = new OverlappedForce();

    /** LSN of the latest applied record. Written by the leader, read by anyone. */
    private volatile long lastLsn;
    /** Set once; never cleared. */
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Whether bytes were written since the last force. Guarded by {@link #lock}. */
    private boolean unsynced;
    private volatile long evictions;
    /**
     * Entries in the table or the published index that carry an expiry time (expired or not). Written by the
     * leader: raised when such an entry reaches the table (before the index is published), lowered only after the
     * index version without it is published ({@link #expiringDrops}).
     */
    private volatile long expiring;
    /** Entries with an expiry time the current group removed or replaced; leader only. */
    private long expiringDrops;
    /** Runs after every group's write and force (cheap); null for none. Guarded by {@link #lock}. */
    private IoAction<IOException> forcedFileCheck;
    /** Checks that all of the store's files are still its own; null for none. Guarded by {@link #lock}. */
    private IoAction<IOException> fileCheck;
    /** The commit path runs {@link #fileCheck} at most this often. Guarded by lock. */
    private long fileCheckMillis;
    private long lastFileCheck;
    /** Leads groups of asynchronous requests; null until the first {@link #submitAsync}. */
    private volatile Thread committer;
    /** Requests in {@link #queue} (kept beside it: the queue's own size() walks it). */
    private final AtomicInteger queued = new AtomicInteger();
    /** The leader while it waits for its group to fill, else null; {@link #gatherTarget} is what it waits for. */
    private volatile Thread gathering;
    private volatile int gatherTarget;
    /** Size of the previous forced group. Guarded by {@link #lock}. */
    private int previousGroup;
    /** Moving average of a force's duration, ns. Guarded by {@link #lock}. */
    private long forceNanosAverage;
    // statistics: written by the leader only
    private volatile long commits;
    private volatile long commitGroups;
    private volatile long syncs;

    public CommitPipeline(HashTable table, OrderedIndex index, WalWriter wal, KvOptions options, long lastLsn) {
        this(table, index, wal, options, lastLsn, countExpiring(table));
    }

    /**
     * A pipeline over a table known to hold {@code expiringEntries} entries with an expiry time (as
     * {@link io.kvstore.engine.recovery.Recovery} counts them while loading, so that opening a store needs no
     * second pass over the table).
     */
    public CommitPipeline(HashTable table, OrderedIndex index, WalWriter wal, KvOptions options, long lastLsn,
                          long expiringEntries) {
        this.table = table;
        this.index = index;
        this.wal = wal;
        this.syncPolicy = options.syncPolicy();
        this.memoryLimit = options.memoryLimitBytes();
        this.evictionPolicy = options.evictionPolicy();
        this.clock = options.clock();
        this.compression = options.compression();
        this.lastLsn = lastLsn;
        this.expiring = expiringEntries;
    }

    private static long countExpiring(HashTable table) {
        long n = 0;
        for (Iterator<byte[]> it = table.records(); it.hasNext(); ) {
            if (EntryRecord.hasExpiry(it.next())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Number of entries carrying an expiry time, expired or not, in the table or the published ordered index. An
     * entry counts from before the index version holding it is published until after one without it is: a reader
     * that sees 0 and then reads the index finds no entry with an expiry but those committed meanwhile (whose expiry
     * times were in the future when they were committed).
     */
    public long expiringEntries() {
        return expiring;
    }

    /** The store's clock. */
    public LongSupplier clock() {
        return clock;
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

    /** Requests committed (logged and applied) since the pipeline was created. */
    public long commits() {
        return commits;
    }

    /** Groups that logged at least one request: {@link #commits()} / this is the average group size. */
    public long commitGroups() {
        return commitGroups;
    }

    /** Forces of the log (fdatasync) since the pipeline was created. */
    public long syncs() {
        return syncs;
    }

    /** Requests queued and not yet taken by a leader. */
    int queueLength() {
        return queued.get();
    }

    /**
     * Commits {@code request}: returns when it is applied (and durable under the sync policy), or throws.
     *
     * @throws KvConflictException, KvDuplicateKeyException per the request's conditions
     * @throws KvMemoryLimitException the memory limit would be exceeded (REJECT policy)
     * @throws KvStoreFailedException the log failed, now or earlier
     */
    public void submit(WriteRequest request) {
        request.compressValues(compression); // in this thread, not the leader's: writers compress in parallel
        request.waiter = Thread.currentThread();
        enqueue(request);
        if (closed) {
            rejectQueued();
        }
        boolean interrupted = false;
        while (!request.done) {
            if (lock.tryLock()) {
                List<WriteRequest> group = null;
                try {
                    if (!request.done) {
                        group = leadGroup();
                    }
                } finally {
                    release(group);
                }
            } else {
                // woken when the request is done, or when the lock is released while it heads the queue
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true; // the commit cannot be abandoned half-way; keep the flag for the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (request.error != null) {
            throw request.error;
        }
    }

    /**
     * Commits {@code request} asynchronously: enqueues it and returns at once. The future completes with
     * {@code value} applied to the request once it is applied (and durable under the sync policy), or
     * exceptionally with the exception {@link #submit} would throw. Never blocks and never throws (beyond an
     * Error). Completion runs on the committing thread after the pipeline lock is released.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submitAsync(WriteRequest request, Function<? super WriteRequest, ? extends T> value) {
        CompletableFuture<T> future = new CompletableFuture<>();
        request.compressValues(compression); // in the caller's thread, not the committer's
        request.future = (CompletableFuture<Object>) (CompletableFuture<?>) future;
        request.futureValue = value;
        enqueue(request);
        if (closed) {
            rejectQueued();
        } else {
            wakeCommitter();
        }
        return future;
    }

    /**
     * Validates {@code request} against the table as it is now, under the pipeline lock, and returns the changes it
     * would make without logging or applying them (a {@link io.kvstore.engine.CommitHook}'s
     * {@link io.kvstore.engine.CommitHook.Commit#evaluate()}): records to put as (key, plain value, expiry),
     * removals as (key, null, 0). Sets the request's result as a commit would; marks it done.
     *
     * @throws KvConflictException, KvDuplicateKeyException per the request's conditions
     * @throws io.kvstore.engine.KvMemoryLimitException the memory limit would be exceeded (REJECT policy)
     * @throws io.kvstore.engine.KvStoreFailedException, io.kvstore.engine.KvClosedException no writes possible
     */
    public java.util.List<io.kvstore.engine.CommitHook.Change> evaluate(WriteRequest request) {
        lock.lock();
        try {
            if (closed) {
                throw new io.kvstore.engine.KvClosedException("store is closed");
            }
            if (failure != null) {
                throw failedException();
            }
            long now = clock.getAsLong();
            prepare(request, lastLsn + 1, now, null, 0);
            java.util.List<io.kvstore.engine.CommitHook.Change> changes = new ArrayList<>(request.effects.size());
            for (Object e : request.effects) {
                if (e instanceof byte[] rec) {
                    changes.add(new io.kvstore.engine.CommitHook.Change(EntryRecord.key(rec), EntryRecord.value(rec),
                            EntryRecord.hasExpiry(rec) ? EntryRecord.expiresMillis(rec) : 0));
                } else {
                    changes.add(new io.kvstore.engine.CommitHook.Change(EffectsPayload.keyOf(e), null, 0));
                }
            }
            return changes;
        } finally {
            request.effects = null;
            request.effectHashes = null;
            request.done = true;
            release(null);
        }
    }

    /**
     * Commits every request queued now (the committer would do it soon): used before closing, so that requests
     * accepted before the store closed are committed rather than refused.
     */
    public void commitQueued() {
        while (!queue.isEmpty()) {
            List<WriteRequest> group = null;
            lock.lock();
            try {
                group = leadGroup();
            } finally {
                release(group);
            }
        }
    }

    private void enqueue(WriteRequest request) {
        queue.add(request);
        int n = queued.incrementAndGet();
        Thread g = gathering;
        if (g != null && n >= gatherTarget) {
            LockSupport.unpark(g);
        }
    }

    /**
     * Takes up to {@link #MAX_GROUP} queued requests and processes them. Caller holds {@link #lock}. Under
     * {@link SyncPolicy#ALWAYS} it first waits for the group to fill (see {@link #gather()}).
     */
    private List<WriteRequest> leadGroup() {
        gather();
        List<WriteRequest> group = new ArrayList<>(Math.min(MAX_GROUP, Math.max(queued.get(), 1)));
        WriteRequest r;
        while (group.size() < MAX_GROUP && (r = queue.poll()) != null) {
            group.add(r);
        }
        queued.addAndGet(-group.size());
        process(group);
        return group;
    }

    /*
     * Gathering. Writers that commit in a loop come back one by one after the leader wakes them; a leader that
     * started at once would force a group of the one or two that are back and leave the rest for the next force
     * (groups alternating between 1 and the rest). So before a forced group the leader waits until as many
     * requests are queued as the previous forced group had, for at most half the average force time (a wait
     * that doubles the group costs less than the extra force), woken by the enqueue that reaches the target.
     * When fewer writers are active, one wait times out and the target follows the smaller group; a single
     * writer (previous group of 1) never waits.
     */

    private void gather() {
        if (syncPolicy != SyncPolicy.ALWAYS || wal == null || closed) {
            return;
        }
        int target = Math.min(previousGroup, MAX_GROUP);
        long maxWait = Math.min(forceNanosAverage / 2, MAX_GATHER_NANOS);
        if (target <= 1 || maxWait <= 0 || queued.get() >= target) {
            return;
        }
        long deadline = System.nanoTime() + maxWait;
        gatherTarget = target;
        gathering = Thread.currentThread();
        try {
            while (queued.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            gathering = null;
        }
    }

    /**
     * Releases the lock, then wakes the thread that should lead next (the owner of the queue's head, or the
     * committer for an asynchronous one), then the blocking submitters of {@code group} (null: none) and
     * completes its futures. Nothing after the unlock can lose a wake-up: a submitter that failed to take the
     * lock parks, and park returns at once if it was unparked meanwhile.
     */
    private void release(List<WriteRequest> group) {
        lock.unlock();
        WriteRequest head = queue.peek();
        if (head != null) {
            Thread w = head.waiter;
            if (w == null) {
                wakeCommitter();
            } else {
                LockSupport.unpark(w);
            }
        }
        if (group == null) {
            return;
        }
        Thread self = Thread.currentThread();
        for (WriteRequest r : group) {
            Thread w = r.waiter;
            if (w != null && w != self) {
                LockSupport.unpark(w);
            }
        }
        for (WriteRequest r : group) {
            completeFuture(r);
        }
    }

    private static void completeFuture(WriteRequest r) {
        CompletableFuture<Object> f = r.future;
        if (f == null) {
            return;
        }
        if (r.error != null) {
            f.completeExceptionally(r.error);
        } else {
            try {
                f.complete(r.futureValue.apply(r));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }
    }

    /** Fails every queued request with {@link io.kvstore.engine.KvClosedException} (the pipeline is closed). */
    private void rejectQueued() {
        WriteRequest r;
        while ((r = queue.poll()) != null) {
            queued.decrementAndGet();
            r.error = new io.kvstore.engine.KvClosedException("store is closed");
            r.done = true;
            if (r.waiter != null) {
                LockSupport.unpark(r.waiter);
            }
            completeFuture(r);
        }
    }

    private void wakeCommitter() {
        Thread t = committer;
        if (t == null) {
            t = startCommitter();
        }
        LockSupport.unpark(t);
    }

    private synchronized Thread startCommitter() {
        Thread t = committer;
        if (t == null) {
            t = new Thread(this::runCommitter, "kvstore-commit");
            t.setDaemon(true);
            committer = t;
            t.start();
        }
        return t;
    }

    /** The committer thread: leads a group whenever requests are queued, until the pipeline is closed. */
    private void runCommitter() {
        while (true) {
            if (queue.isEmpty()) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
                continue;
            }
            List<WriteRequest> group = null;
            lock.lock();
            try {
                group = leadGroup();
            } finally {
                release(group);
            }
        }
    }

    /** Runs {@code action} as the only writer (used for snapshots, syncs and close). */
    public <E extends Exception> void exclusively(IoAction<E> action) throws E {
        lock.lock();
        try {
            action.run();
        } finally {
            release(null);
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
            release(null);
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
            release(null);
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
                    syncs++;
                    unsynced = false;
                    runFileCheck(clock.getAsLong(), false, true);
                } catch (IOException e) {
                    fail(e);
                }
            }
        } finally {
            release(null);
        }
    }

    /** Puts the pipeline into the failed state. */
    public void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /**
     * Refuses further writes with {@link io.kvstore.engine.KvClosedException}, including requests still queued
     * (call {@link #commitQueued()} first to commit them), and stops the committer thread.
     */
    public void close() {
        closed = true;
        overlappedForce.close();
        rejectQueued();
        Thread t = committer;
        if (t != null) {
            LockSupport.unpark(t);
        }
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
                        long size = EffectsPayload.size(r.effects);
                        ArrayList<Object> effects = r.effects;
                        wal.append(lsn, size, (buf, offset) -> EffectsPayload.encode(effects, buf, offset));
                    }
                    logged.add(r);
                    groupDelta += delta;
                    if (overlay != null) {
                        for (Object e : r.effects) {
                            overlay.put(new ByteKey(EffectsPayload.keyOf(e)), e instanceof byte[] rec ? rec : TOMBSTONE);
                        }
                    }
                }
            } catch (KvException e) {
                r.error = e;
                r.effects = null;
            }
        }
        boolean indexAhead = false;
        if (wal != null && !logged.isEmpty()) {
            try {
                wal.write();
                unsynced = true;
                if (syncPolicy == SyncPolicy.ALWAYS) {
                    long t0 = System.nanoTime();
                    if (effectCount(logged) >= OVERLAP_MIN_EFFECTS) {
                        // the index's next version is invisible until published: build it while the disk writes
                        Future<Void> force = overlappedForce.start(wal);
                        try {
                            indexAhead = true;
                            for (WriteRequest r : logged) {
                                applyToIndex(r);
                            }
                        } finally {
                            OverlappedForce.await(force);
                        }
                    } else {
                        wal.sync();
                    }
                    long took = System.nanoTime() - t0;
                    forceNanosAverage = forceNanosAverage == 0 ? took : (7 * forceNanosAverage + took) / 8;
                    syncs++;
                    previousGroup = group.size();
                    unsynced = false;
                }
                // after the force: a record forced into a deleted or replaced file is not acknowledged
                runFileCheck(now, true, false);
            } catch (IOException | RuntimeException e) {
                fail(e);
                if (indexAhead) {
                    index.discardUnpublished();
                }
                for (WriteRequest r : logged) {
                    r.error = failedException();
                    r.effects = null;
                }
                logged.clear();
            }
        }
        for (WriteRequest r : logged) {
            applyToTable(r);
            if (!indexAhead) {
                applyToIndex(r);
            }
            r.effects = null;
            r.effectHashes = null;
        }
        if (!logged.isEmpty()) {
            index.publish(); // before lastLsn: whoever sees the new LSN finds the index at least as new
            if (expiringDrops != 0) {
                expiring -= expiringDrops; // after the publish: see expiringEntries()
                expiringDrops = 0;
            }
            lastLsn = lsn;
            commits += logged.size();
            commitGroups++;
        }
    }

    /** Effects (puts and removals) of the requests in {@code logged}. */
    private static int effectCount(List<WriteRequest> logged) {
        int n = 0;
        for (WriteRequest r : logged) {
            n += r.effects.size();
        }
        return n;
    }

    /**
     * Applies the effects of a logged request to the ordered index's working version, in order (leader only).
     * Nothing of it is visible before {@link OrderedIndex#publish()}, so this may run before the request is
     * durable; {@link OrderedIndex#discardUnpublished()} takes it back if the request then fails.
     */
    private void applyToIndex(WriteRequest r) {
        for (Object e : r.effects) {
            if (e instanceof byte[] rec) {
                index.put(rec);
            } else {
                index.removeKey(e instanceof Evicted ev ? ev.key.bytes() : ((ByteKey) e).bytes());
            }
        }
    }

    /**
     * Applies the effects of a logged (and, per policy, forced) request to the table, in order: the one place
     * where committed writes reach the table (leader only). The ordered index gets them from
     * {@link #applyToIndex}, before the force for a large group, else after this.
     */
    private void applyToTable(WriteRequest r) {
        ArrayList<Object> effects = r.effects;
        for (int i = 0; i < effects.size(); i++) {
            Object e = effects.get(i);
            if (e instanceof byte[] rec) {
                byte[] prev = table.put(rec, r.effectHashes[i - r.evictions]);
                if (EntryRecord.hasExpiry(rec)) {
                    expiring++;
                }
                if (prev != null && EntryRecord.hasExpiry(prev)) {
                    expiringDrops++;
                }
            } else {
                byte[] key = e instanceof Evicted ev ? ev.key.bytes() : ((ByteKey) e).bytes();
                byte[] prev = table.remove(key);
                if (prev != null && EntryRecord.hasExpiry(prev)) {
                    expiringDrops++;
                }
                if (e instanceof Evicted ev && !ev.expired) {
                    evictions++;
                }
            }
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
        if (r.ranges != null && !(r.readSinceLsn >= 0 && nextLsn - 1 == r.readSinceLsn)) {
            checkRanges(r, overlay, now);
        }
        if (r.readExpiresAt <= now) {
            throw new KvConflictException("write conflict: an entry read by this transaction has expired since");
        }
        int n = r.size;
        r.effects = new ArrayList<>(n);
        r.effectHashes = new long[n];
        r.evictions = 0;
        byte[][] keys = r.keys;
        long[] hashes = r.hashes;
        byte[][] values = r.values;
        long[] expected = r.expected;
        long[] expires = r.expires;
        // Nothing logged since the reads: the table still holds what they saw, so every condition holds and a key
        // seen absent is still absent (no lookup at all for a batch of inserts). Expiry cannot have changed what
        // they saw either: readExpiresAt was checked above.
        boolean unchanged = expected != null && r.readSinceLsn >= 0 && nextLsn - 1 == r.readSinceLsn;
        long delta = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = keys[i];
            byte[] value = values[i];
            long hash = hashes == null ? EntryRecord.hashKey(key) : hashes[i];
            byte[] raw; // what the table (or the group) holds, expired or not
            if (unchanged) {
                if (value == null) {
                    continue;
                }
                raw = expected[i] == 0 && expires == null ? null : view(key, hash, overlay);
            } else {
                raw = view(key, hash, overlay);
            }
            byte[] cur = raw != null && EntryRecord.isExpired(raw, now) ? null : raw;
            if (!unchanged && expected != null) {
                long version = cur == null ? 0 : EntryRecord.version(cur);
                if (version != expected[i]) {
                    conditionFailed(r, expected[i], version);
                    return 0;
                }
            }
            if (value == null) {
                continue;
            }
            if (value == WriteRequest.EXPIRE_IF_DUE) {
                if (raw != null && cur == null) {
                    r.effects.add(new Evicted(new ByteKey(key), true)); // logged as EXPIRE
                    delta -= EntryRecord.heapSize(raw) + SLOT_ESTIMATE;
                    r.result = true;
                }
                continue;
            }
            long exp = expires == null ? 0 : expires[i];
            byte[] kept = null; // a record whose stored value (plain or compressed) is kept as it is
            if (value == WriteRequest.KEEP_VALUE) {
                if (cur == null || (exp == 0 && !EntryRecord.hasExpiry(cur))) {
                    continue;
                }
                kept = cur;
            }
            if (exp == WriteRequest.KEEP_EXPIRY) {
                exp = cur == null ? 0 : EntryRecord.expiresMillis(cur);
            }
            if (value == WriteRequest.DELETE || (exp > 0 && exp <= now)) {
                if (cur != null) {
                    r.effects.add(new ByteKey(key));
                    delta -= EntryRecord.heapSize(raw) + SLOT_ESTIMATE;
                    r.result = true;
                } else if (raw != null) {
                    // an expired entry is still present: its removal is logged as an expiry
                    r.effects.add(new Evicted(new ByteKey(key), true)); // logged as EXPIRE
                    delta -= EntryRecord.heapSize(raw) + SLOT_ESTIMATE;
                }
                if (value != WriteRequest.DELETE) {
                    r.result = true; // a write whose expiry has passed: done, the key is gone
                }
            } else {
                long created = cur == null ? now : EntryRecord.createdMillis(cur);
                byte[] packed = r.stored == null ? null : r.stored[i]; // compressed by the submitter
                byte[] rec = kept != null
                        ? EntryRecord.encodeStored(key, EntryRecord.storedValue(kept), EntryRecord.isCompressed(kept),
                                nextLsn, created, now, exp)
                        : EntryRecord.encodeStored(key, packed != null ? packed : value, packed != null, nextLsn,
                                created, now, exp);
                r.effectHashes[r.effects.size()] = hash;
                r.effects.add(rec);
                delta += EntryRecord.heapSize(rec) - (raw == null ? -SLOT_ESTIMATE : EntryRecord.heapSize(raw));
                r.result = true;
            }
        }
        if (memoryLimit > 0 && delta > 0) {
            long projected = table.memoryUsed() + index.memoryUsed() + groupDelta + delta;
            if (projected > memoryLimit && index.applyPending()) {
                // the index counted its unapplied edits by an estimate: applied, it counts its own nodes
                projected = table.memoryUsed() + index.memoryUsed() + groupDelta + delta;
            }
            if (projected > memoryLimit) {
                if (evictionPolicy == EvictionPolicy.REJECT) {
                    throw new KvMemoryLimitException("memory limit of " + memoryLimit + " bytes reached ("
                            + (table.memoryUsed() + index.memoryUsed()) + " used, this write needs " + delta + " more); reads and"
                            + " deletes still work");
                }
                Set<ByteKey> touched = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (values[i] != null) {
                        touched.add(new ByteKey(keys[i]));
                    }
                }
                delta -= evict(r, projected - memoryLimit, touched, overlay, now);
            }
        }
        return delta;
    }

    /**
     * Phantom protection: each range {@code r} read must still hold what it held then (see {@link RangeRead}), and
     * no earlier request of this group may have written a key in it.
     */
    private void checkRanges(WriteRequest r, Map<ByteKey, byte[]> overlay, long now) {
        for (RangeRead rr : r.ranges) {
            long count = 0;
            Iterator<byte[]> it = index.records(rr.low(), rr.lowInclusive(), rr.high(), rr.highInclusive(), false);
            while (it.hasNext()) {
                byte[] rec = it.next();
                if (EntryRecord.isExpired(rec, now)) {
                    continue; // absent for every reader, as it was (or was not yet) when the range was read
                }
                if (EntryRecord.version(rec) > rr.maxVersion() || ++count > rr.count()) {
                    throw rangeConflict();
                }
            }
            if (count != rr.count()) {
                throw rangeConflict();
            }
            if (overlay != null) {
                for (ByteKey k : overlay.keySet()) {
                    if (rr.contains(k.bytes())) {
                        throw rangeConflict();
                    }
                }
            }
        }
    }

    private static KvConflictException rangeConflict() {
        return new KvConflictException("write conflict: a key range read by this transaction was changed by"
                + " another commit (a key inserted, deleted or rewritten in it)");
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
                r.result = false;
        }
    }

    /** Adds EVICT effects to {@code r} until {@code needed} bytes are freed; returns bytes freed. */
    private long evict(WriteRequest r, long needed, Set<ByteKey> touched, Map<ByteKey, byte[]> overlay, long now) {
        long freed = 0;
        int attempts = 0;
        List<Object> evicted = new ArrayList<>();
        while (freed < needed && attempts++ < 1000) {
            // expired entries go first: a sample holding one returns it, whatever its age
            byte[] cand = table.evictionCandidate(5, random, now);
            if (cand == null) {
                break;
            }
            ByteKey key = new ByteKey(EntryRecord.key(cand));
            if (touched.contains(key) || (overlay != null && overlay.containsKey(key))) {
                continue;
            }
            touched.add(key);
            evicted.add(new Evicted(key, EntryRecord.isExpired(cand, now)));
            freed += EntryRecord.heapSize(cand) + SLOT_ESTIMATE;
        }
        if (freed < needed) {
            throw new KvMemoryLimitException("memory limit of " + memoryLimit
                    + " bytes reached and eviction could not free enough space");
        }
        r.effects.addAll(0, evicted);
        r.evictions += evicted.size();
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
    record Evicted(ByteKey key, boolean expired) {
    }

    /** Applies a recovered batch to the table (single-threaded recovery, before the pipeline serves). */
    public static void applyRecovered(HashTable table, OrderedIndex index, WalBatch batch) {
        applyRecovered(table, index, batch, 0);
    }

    /**
     * {@link #applyRecovered(HashTable, OrderedIndex, WalBatch)}, treating a PUT whose expiry is at or before
     * {@code nowMillis} as a removal: an entry expired when the store opens is never loaded (0: load all).
     * Returns the change in the number of table entries that carry an expiry time.
     */
    public static long applyRecovered(HashTable table, OrderedIndex index, WalBatch batch, long nowMillis) {
        long expiringDelta = 0;
        for (WalOp op : batch.ops()) {
            byte[] prev;
            if (op.kind() == WalOp.PUT && !(op.expiresMillis() != 0 && op.expiresMillis() <= nowMillis)) {
                byte[] rec = EntryRecord.encodeStored(op.key(), op.value(), op.compressed(), batch.lsn(),
                        op.createdMillis(), op.updatedMillis(), op.expiresMillis());
                prev = table.put(rec);
                index.put(rec);
                if (EntryRecord.hasExpiry(rec)) {
                    expiringDelta++;
                }
            } else if ((prev = table.remove(op.key())) != null) {
                index.removeKey(op.key());
            }
            if (prev != null && EntryRecord.hasExpiry(prev)) {
                expiringDelta--;
            }
        }
        return expiringDelta;
    }
}
