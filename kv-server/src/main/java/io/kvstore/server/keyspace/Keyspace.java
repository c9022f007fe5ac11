package io.kvstore.server.keyspace;

import io.kvstore.engine.KeyRange;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The server's view of the store: committed data plus the writes whose group commit is still under way, and
 * the one lock under which every command runs.
 *
 * <p><b>Execution model.</b> Commands run one at a time under {@link #lock()} (on the Netty event loop that read
 * them), as Redis runs them on its one thread: each command is atomic and sees every command before it. A write
 * takes effect in an in-memory overlay at once and is appended to the open group; when no group is being
 * committed, the open group goes to the {@link WriteBackend}, and the writes that arrive meanwhile, from every
 * connection and pipeline, wait in the next group: one log record and one force per group, however many clients
 * (group commit). Groups commit in order, each atomically, so a multi-key command or a MULTI/EXEC block is never
 * split ({@link #endCommand()} is the only place a group is closed).
 *
 * <p><b>Durability of replies.</b> Every write gets a sequence number; a command's reply must wait until
 * {@link #resolvedSeq()} reaches the highest sequence number it wrote or read from the overlay
 * ({@link #endCommand()} returns it). So no client is told of a write, its own or another's, before it is
 * durable under the store's sync policy. If a group fails (an I/O error, the memory limit), every write not yet
 * durable is dropped from the overlay and {@link #failureFor(long)} gives the error for the replies that
 * depended on them.
 *
 * <p><b>Thread-safety.</b> Reading and writing methods require the caller to hold {@link #lock()}.
 * {@link #resolvedSeq()}, {@link #failureFor(long)}, {@link #addListener}/{@link #removeListener} are safe from
 * any thread; listeners are called from the backend's thread after each group.
 */
public final class Keyspace {
    /** A group is closed at the next command boundary once it holds this many writes or bytes. */
    private static final int GROUP_WRITES = 16_384;
    private static final long GROUP_BYTES = 8L << 20;

    private final KvStore store;
    private final WriteBackend backend;
    private final ReentrantLock lock = new ReentrantLock();
    private final int maxKeyBytes;
    private final int maxValueBytes;

    // ---- guarded by lock ----
    private final HashMap<ByteKey, Write> overlay = new HashMap<>();
    private final ArrayDeque<List<Write>> closedGroups = new ArrayDeque<>();
    private List<Write> openGroup = new ArrayList<>();
    private long openGroupBytes;
    private boolean committing;
    private long lastSeq;
    private long commandNeed;
    /** The current command read the keyspace (for read barriers). */
    private boolean commandRead;
    private final Map<ByteKey, Set<Runnable>> watchers = new HashMap<>();
    private final PriorityQueue<SeqFuture> seqFutures = new PriorityQueue<>();

    private volatile boolean linearizableReads;
    private volatile long resolvedSeq;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();

    private record Failure(long from, long to, String message) {
    }

    private record SeqFuture(long seq, CompletableFuture<Void> future) implements Comparable<SeqFuture> {
        @Override
        public int compareTo(SeqFuture o) {
            return Long.compare(seq, o.seq);
        }
    }

    public Keyspace(KvStore store, WriteBackend backend) {
        this.store = store;
        this.backend = backend;
        this.maxKeyBytes = store.options().maxKeyBytes();
        this.maxValueBytes = store.options().maxValueBytes();
    }

    public ReentrantLock lock() {
        return lock;
    }

    public KvStore store() {
        return store;
    }

    // ---- command boundaries ----

    /** Starts a command (under the lock): resets the sequence number its reply depends on. */
    public void beginCommand() {
        commandNeed = 0;
        commandRead = false;
    }

    /**
     * Replicated mode: every command that read the keyspace also waits for a group sent after it ran (a read
     * barrier if the open group is empty), so that its reply leaves only once that group is committed by a majority
     * (or, for a group of barriers only, confirmed by the backend's leadership check): a leader that was deposed
     * before the read cannot answer it. Off by default (one node: nothing to confirm).
     */
    public void setLinearizableReads(boolean on) {
        linearizableReads = on;
    }

    /**
     * Ends a command (under the lock): closes the open group if it is large, and returns the sequence number
     * its reply must wait for (0 or at most {@link #resolvedSeq()}: none). Call {@link #submitPending()} after
     * releasing the lock.
     */
    public long endCommand() {
        if (commandRead && linearizableReads) {
            if (openGroup.isEmpty()) {
                Write b = Write.barrier(++lastSeq);
                openGroup.add(b);
            }
            commandNeed = Math.max(commandNeed, openGroup.get(openGroup.size() - 1).seq());
        }
        if (openGroupBytes >= GROUP_BYTES || openGroup.size() >= GROUP_WRITES) {
            closeOpenGroup();
        }
        return commandNeed;
    }

    /**
     * Sends the next group to the backend if none is being committed. Called WITHOUT the lock after each command
     * (the group's transaction is built outside the lock, so other commands go on meanwhile); cheap when there is
     * nothing to send.
     */
    public void submitPending() {
        List<Write> group;
        lock.lock();
        try {
            group = takeNextGroup();
        } finally {
            lock.unlock();
        }
        if (group != null) {
            send(group);
        }
    }

    /** Makes the current command's reply wait for everything written so far (for whole-keyspace reads). */
    public void dependOnAll() {
        commandRead = true;
        if (lastSeq > resolvedSeq) {
            // only writes still pending: a resolved one is durable or was dropped (a failed group's error must
            // not reach a later command that never saw its writes)
            commandNeed = Math.max(commandNeed, lastSeq);
        }
    }

    /** Whether {@code key} has a write not yet committed (under the lock). Does not count as a read. */
    public boolean isPending(byte[] key) {
        return !overlay.isEmpty() && overlay.containsKey(new ByteKey(key));
    }

    /** The highest sequence number assigned so far (under the lock). */
    public long lastSeq() {
        return lastSeq;
    }

    // ---- reads (under the lock) ----

    /** The value of {@code key}, or null. The array must not be modified. */
    public byte[] get(byte[] key) {
        commandRead = true;
        if (!overlay.isEmpty()) {
            Write w = overlay.get(new ByteKey(key));
            if (w != null) {
                commandNeed = Math.max(commandNeed, w.seq());
                return w.valueAt(now());
            }
        }
        return store.get(key);
    }

    /**
     * Reads the live value of {@code key} where it lies (the pending write's array or the store's record, see
     * {@link io.kvstore.engine.KvValueReader}) and returns what {@code reader} makes of it; null, without calling
     * it, when the key is absent. Dependencies as {@link #get(byte[])}.
     */
    public <R> R get(byte[] key, io.kvstore.engine.KvValueReader<? extends R> reader) {
        commandRead = true;
        if (!overlay.isEmpty()) {
            Write w = overlay.get(new ByteKey(key));
            if (w != null) {
                commandNeed = Math.max(commandNeed, w.seq());
                byte[] v = w.valueAt(now());
                return v == null ? null : reader.read(v, 0, v.length);
            }
        }
        return store.get(key, reader);
    }

    public boolean exists(byte[] key) {
        commandRead = true;
        if (!overlay.isEmpty()) {
            Write w = overlay.get(new ByteKey(key));
            if (w != null) {
                commandNeed = Math.max(commandNeed, w.seq());
                return w.valueAt(now()) != null;
            }
        }
        return store.exists(key);
    }

    /** Number of keys. */
    public long size() {
        dependOnAll();
        long n = store.count(); // live entries only (expired ones are not counted)
        long now = now();
        for (Write w : overlay.values()) {
            boolean inStore = store.exists(w.key());
            boolean live = w.valueAt(now) != null;
            if (!live && inStore) {
                n--;
            } else if (live && !inStore) {
                n++;
            }
        }
        return n;
    }

    /** A resumable walk over all keys (see {@link KeyWalk}). Use under the lock only. */
    public KeyWalk walk() {
        return walk(new byte[0]);
    }

    /**
     * A resumable walk over the keys that start with {@code prefix} (all keys when it is empty), read from that
     * prefix's range of the store's ordered index. Use under the lock only.
     */
    public KeyWalk walk(byte[] prefix) {
        dependOnAll();
        return new KeyWalk(prefix);
    }

    // ---- writes (under the lock) ----

    /**
     * Sets {@code key} to {@code value} (taken over: never modified afterwards).
     *
     * @throws io.kvstore.server.command.CommandException the key or value exceeds the store's limits
     */
    public void put(byte[] key, byte[] value) {
        put(key, value, 0);
    }

    /** {@link #put(byte[], byte[])} keeping the key's current expiry time (Redis' INCR, APPEND, SETRANGE, KEEPTTL). */
    public void putKeepTtl(byte[] key, byte[] value) {
        long at = expiresAt(key);
        put(key, value, at > 0 ? at : 0);
    }

    /** The store's clock (ms since the epoch): the time expiry is judged by. */
    public long now() {
        return store.options().clock().getAsLong();
    }

    /**
     * The key's absolute expiry time in ms since the epoch, -1 if it has none, -2 if it is absent (Redis'
     * PEXPIRETIME).
     */
    public long expiresAt(byte[] key) {
        commandRead = true;
        if (!overlay.isEmpty()) {
            Write w = overlay.get(new ByteKey(key));
            if (w != null) {
                commandNeed = Math.max(commandNeed, w.seq());
                return w.valueAt(now()) == null ? -2 : w.expires() == 0 ? -1 : w.expires();
            }
        }
        return store.expiresAt(key);
    }

    /**
     * Sets the expiry time of the key's current value ({@code atMillis} &gt; 0; a time already passed deletes the
     * key) or removes it ({@code atMillis} 0). Returns false if the key is absent.
     */
    public boolean setExpiry(byte[] key, long atMillis) {
        byte[] value = get(key);
        if (value == null) {
            return false;
        }
        if (atMillis != 0 && atMillis <= now()) {
            write(key, null, 0);
        } else {
            write(key, value, atMillis);
        }
        return true;
    }

    /**
     * Sets {@code key} to {@code value} expiring at {@code expiresMillis} (0: never; a time already passed: the
     * key ends deleted).
     *
     * @throws io.kvstore.server.command.CommandException the key or value exceeds the store's limits
     */
    public void put(byte[] key, byte[] value, long expiresMillis) {
        if (key.length > maxKeyBytes) {
            throw new io.kvstore.server.command.CommandException(
                    "ERR key of " + key.length + " bytes exceeds the store's limit of " + maxKeyBytes + " bytes");
        }
        if (value.length > maxValueBytes) {
            throw new io.kvstore.server.command.CommandException("ERR string exceeds maximum allowed size ("
                    + maxValueBytes + " bytes)");
        }
        if (expiresMillis != 0 && expiresMillis <= now()) {
            if (exists(key)) {
                write(key, null, 0);
            }
            return;
        }
        write(key, value, expiresMillis);
    }

    /** Deletes {@code key}; returns whether it existed. */
    public boolean delete(byte[] key) {
        if (!exists(key)) {
            return false;
        }
        write(key, null, 0);
        return true;
    }

    private void write(byte[] key, byte[] value, long expires) {
        Write w = new Write(key, value, ++lastSeq, expires);
        ByteKey k = new ByteKey(key);
        overlay.put(k, w);
        openGroup.add(w);
        openGroupBytes += key.length + (value == null ? 0 : value.length) + 16;
        commandNeed = w.seq();
        if (!watchers.isEmpty()) {
            Set<Runnable> ws = watchers.get(k);
            if (ws != null) {
                ws.forEach(Runnable::run);
            }
        }
    }

    // ---- WATCH support (under the lock) ----

    /** Calls {@code onTouch} at every later write of {@code key} until {@link #unwatch}. */
    public void watch(byte[] key, Runnable onTouch) {
        watchers.computeIfAbsent(new ByteKey(key), k -> new HashSet<>()).add(onTouch);
    }

    public void unwatch(byte[] key, Runnable onTouch) {
        ByteKey k = new ByteKey(key);
        Set<Runnable> ws = watchers.get(k);
        if (ws != null && ws.remove(onTouch) && ws.isEmpty()) {
            watchers.remove(k);
        }
    }

    /** Calls every watcher (FLUSHDB, FLUSHALL). */
    public void touchAllWatched() {
        List<Runnable> all = new ArrayList<>();
        watchers.values().forEach(all::addAll);
        all.forEach(Runnable::run);
    }

    // ---- durability ----

    /** Every write with a sequence number up to this one is durable, or failed ({@link #failureFor}). */
    public long resolvedSeq() {
        return resolvedSeq;
    }

    /** The error message for a reply that depended on write {@code seq}, or null if that write is durable. */
    public String failureFor(long seq) {
        for (Failure f : failures) {
            if (seq >= f.from && seq <= f.to) {
                return f.message;
            }
        }
        return null;
    }

    /** Called after every group commit (from the committing thread). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** Completes once every write so far is resolved (under the lock). */
    public CompletableFuture<Void> whenResolved(long seq) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (seq <= resolvedSeq) {
            f.complete(null);
        } else {
            seqFutures.add(new SeqFuture(seq, f));
        }
        return f;
    }

    private void closeOpenGroup() {
        if (!openGroup.isEmpty()) {
            closedGroups.add(openGroup);
            openGroup = new ArrayList<>();
            openGroupBytes = 0;
        }
    }

    /** Under the lock: the next group to send (marking it under way), or null if one is under way or none waits. */
    private List<Write> takeNextGroup() {
        if (committing || (closedGroups.isEmpty() && openGroup.isEmpty())) {
            return null;
        }
        if (closedGroups.isEmpty()) {
            closeOpenGroup();
        }
        committing = true;
        return closedGroups.poll();
    }

    /** Without the lock: hands a group to the backend. */
    private void send(List<Write> group) {
        CompletableFuture<Void> f;
        try {
            f = backend.commit(group);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, error) -> groupDone(group, error));
    }

    private void groupDone(List<Write> group, Throwable error) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        List<Write> next;
        lock.lock();
        try {
            long upTo = group.get(group.size() - 1).seq();
            if (error == null) {
                for (Write w : group) {
                    overlay.remove(new ByteKey(w.key()), w);
                }
            } else {
                // Everything not yet durable is dropped: later writes may have been computed from this group's.
                upTo = lastSeq;
                failures.add(new Failure(resolvedSeq + 1, upTo, errorMessage(error)));
                overlay.clear();
                closedGroups.clear();
                openGroup = new ArrayList<>();
                openGroupBytes = 0;
            }
            resolvedSeq = upTo;
            while (!seqFutures.isEmpty() && seqFutures.peek().seq <= upTo) {
                ready.add(seqFutures.poll().future);
            }
            committing = false;
            next = takeNextGroup();
        } finally {
            lock.unlock();
        }
        // connections first (they queue their replies on their event loops), then those waiting for a sequence
        // number (a stopping server flushes and closes the connections after that)
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Keyspace.class.getName())
                        .log(java.util.logging.Level.WARNING, "commit listener failed", e);
            }
        }
        ready.forEach(f -> f.complete(null));
        if (next != null) {
            send(next);
        }
    }

    private static String errorMessage(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (e instanceof WriteOutcomeUnknownException) {
            return e.getMessage();
        }
        if (e instanceof io.kvstore.engine.KvMemoryLimitException) {
            return "OOM command not allowed when used memory > 'maxmemory'.";
        }
        return "ERR write failed, not applied: " + e.getMessage();
    }

    /**
     * A walk over all live keys: first those with writes not yet durable (as of the walk's start), then the
     * store's, skipping keys the overlay speaks for. A key present for the whole walk is returned exactly once;
     * keys written meanwhile may or may not be. Use under the lock only; hold no reference across commands
     * except in a SCAN cursor.
     */
    public final class KeyWalk {
        private final Iterator<Write> pending;
        private final Set<ByteKey> pendingKeys = new HashSet<>();
        private final KvCursor cursor;
        private byte[] next;

        private KeyWalk(byte[] prefix) {
            List<Write> live = new ArrayList<>();
            long now = now();
            for (Map.Entry<ByteKey, Write> e : overlay.entrySet()) {
                pendingKeys.add(e.getKey());
                if (e.getValue().valueAt(now) != null && startsWith(e.getValue().key(), prefix)) {
                    live.add(e.getValue());
                }
            }
            this.pending = live.iterator();
            this.cursor = prefix.length == 0 ? store.cursor() : store.cursor(KeyRange.prefix(prefix), false);
        }

        private static boolean startsWith(byte[] key, byte[] prefix) {
            return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0,
                    prefix.length);
        }

        /** The next key, or null at the end. */
        public byte[] next() {
            if (pending.hasNext()) {
                return pending.next().key();
            }
            while (cursor.next()) {
                byte[] k = cursor.key();
                if (overlay.isEmpty() && pendingKeys.isEmpty()) {
                    return k;
                }
                ByteKey bk = new ByteKey(k);
                if (pendingKeys.contains(bk)) {
                    continue;
                }
                Write w = overlay.get(bk);
                if (w != null && w.valueAt(now()) == null) {
                    continue;
                }
                return k;
            }
            return null;
        }

        /** Calls {@code action} for each remaining key. */
        public void forEachRemaining(Consumer<byte[]> action) {
            for (byte[] k = next(); k != null; k = next()) {
                action.accept(k);
            }
        }
    }
}
