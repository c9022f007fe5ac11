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
 * takes effect in an in-memory overlay at once and is appended to the open group; when fewer than
 * {@link WriteBackend#maxInFlight()} groups are being committed (one for a single server, several for a Raft
 * group), the open group goes to the {@link WriteBackend}, and the writes that arrive meanwhile, from every
 * connection and pipeline, wait in the next group: one log record and one force per group, however many clients
 * (group commit). Groups commit in order, each atomically, so a multi-key command or a MULTI/EXEC block is never
 * split ({@link #endCommand()} is the only place a group is closed). With several groups in flight, the overlay
 * holds the effects of all of them: a command is evaluated against the store plus every group sent before it,
 * which is exactly the prefix its group will follow if the backend keeps the order (its contract), and outcomes
 * are resolved in send order; the first failed group fails every later write.
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
    /** The longest a group is held for the clients of the group before it (pacing, see {@link #planHold}). */
    private static final long MAX_HOLD_NANOS = 1_000_000;
    /** A group is closed at the next command boundary once it holds this many writes or bytes. */
    private static final int GROUP_WRITES = 16_384;
    private static final long GROUP_BYTES = 8L << 20;

    private final KvStore store;
    private final WriteBackend backend;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.function.LongSupplier nanoClock;
    /**
     * Held from taking a group off the queue until the backend has it: groups reach the backend in the order
     * they were closed, whichever thread sends them. Never taken while holding {@link #lock}.
     */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final int maxInFlight;
    private final int maxKeyBytes;
    private final int maxValueBytes;

    // ---- guarded by lock ----
    private final HashMap<ByteKey, Write> overlay = new HashMap<>();
    private final ArrayDeque<List<Write>> closedGroups = new ArrayDeque<>();
    private List<Write> openGroup = new ArrayList<>();
    private long openGroupBytes;
    /** Groups handed to the backend whose outcome is not yet resolved, in the order they were sent. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /**
     * Pacing: after a group completes, the next one is held until it has {@code holdWrites} writes or until
     * {@code holdUntil} (the pacing clock, ns), whichever comes first (see {@link #planHold}); 0 when not holding.
     */
    private int holdWrites;
    private long holdUntil;
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

    /** A group sent to the backend; {@code done} once its future completed ({@code error} null on success). */
    private static final class InFlight {
        final List<Write> group;
        /** When it was sent (the pacing clock, ns). */
        long sentAt;
        boolean done;
        Throwable error;

        InFlight(List<Write> group) {
            this.group = group;
        }
    }

    private record SeqFuture(long seq, CompletableFuture<Void> future) implements Comparable<SeqFuture> {
        @Override
        public int compareTo(SeqFuture o) {
            return Long.compare(seq, o.seq);
        }
    }

    public Keyspace(KvStore store, WriteBackend backend) {
        this(store, backend, System::nanoTime);
    }

    /** As above, with the clock that paces groups (tests). */
    Keyspace(KvStore store, WriteBackend backend, java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.store = store;
        this.backend = backend;
        this.maxInFlight = Math.max(1, backend.maxInFlight());
        this.maxKeyBytes = store.options().maxKeyBytes();
        this.maxValueBytes = store.options().maxValueBytes();
    }

    public ReentrantLock lock() {
        return lock;
    }

    public KvStore store() {
        return store;
    }

    /** Whether groups are committed on the thread that submits them ({@link WriteBackend#completesInline()}). */
    public boolean commitsInline() {
        return backend.completesInline();
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
        sendLock.lock();
        try {
            while (true) {
                InFlight next;
                lock.lock();
                try {
                    next = takeNextGroup();
                } finally {
                    lock.unlock();
                }
                if (next == null) {
                    return;
                }
                send(next);
            }
        } finally {
            sendLock.unlock();
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

    /**
     * Read-modify-write of one key with one lookup: calls {@code change} with the key's live value (null when it is
     * absent; the array must not be modified) and sets the key to what it returns, keeping the key's expiry time, as
     * Redis' INCR family, APPEND and SETRANGE do. Returns the new value. Where {@code change} throws, nothing is
     * written. Dependencies as {@link #get(byte[])} and {@link #put(byte[], byte[])}: the reply waits for this write.
     *
     * <p>The same as {@link #get(byte[])} followed by {@link #putKeepTtl}, which look the key up three times (value,
     * expiry, overlay entry) and hash it three times.
     *
     * @throws io.kvstore.server.command.CommandException the key or the new value exceeds the store's limits, or
     *     whatever {@code change} throws
     */
    public byte[] update(byte[] key, java.util.function.UnaryOperator<byte[]> change) {
        commandRead = true;
        ByteKey k = new ByteKey(key);
        Write w = overlay.isEmpty() ? null : overlay.get(k);
        byte[] old;
        long expires;
        if (w != null) {
            commandNeed = Math.max(commandNeed, w.seq());
            old = w.valueAt(now());
            expires = old == null ? 0 : w.expires();
        } else {
            io.kvstore.engine.KvEntry e = store.getEntry(key);
            old = e == null ? null : e.value();
            expires = e == null ? 0 : e.expiresMillis();
        }
        byte[] value = change.apply(old);
        checkSizes(key, value);
        if (expires != 0 && expires <= now()) {
            write(k, key, null, 0); // expired between the read and now (only a live value has an expiry)
        } else {
            write(k, key, value, expires);
        }
        return value;
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
        checkSizes(key, value);
        if (expiresMillis != 0 && expiresMillis <= now()) {
            if (exists(key)) {
                write(key, null, 0);
            }
            return;
        }
        write(key, value, expiresMillis);
    }

    private void checkSizes(byte[] key, byte[] value) {
        if (key.length > maxKeyBytes) {
            throw new io.kvstore.server.command.CommandException(
                    "ERR key of " + key.length + " bytes exceeds the store's limit of " + maxKeyBytes + " bytes");
        }
        if (value.length > maxValueBytes) {
            throw new io.kvstore.server.command.CommandException("ERR string exceeds maximum allowed size ("
                    + maxValueBytes + " bytes)");
        }
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
        write(new ByteKey(key), key, value, expires);
    }

    /** {@link #write(byte[], byte[], long)} with the key's map key already made ({@code k} holds {@code key}). */
    private void write(ByteKey k, byte[] key, byte[] value, long expires) {
        Write w = new Write(key, value, ++lastSeq, expires);
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

    /**
     * Under the lock: the next group to send (recorded as in flight), or null if {@link WriteBackend#maxInFlight()}
     * groups are in flight or none waits. Call with {@link #sendLock} held and send the group before releasing it.
     */
    private InFlight takeNextGroup() {
        if (inFlight.size() >= maxInFlight || (closedGroups.isEmpty() && openGroup.isEmpty())) {
            return null;
        }
        if (closedGroups.isEmpty()) {
            if (holdWrites > 0 && openGroup.size() < holdWrites && nanoClock.getAsLong() - holdUntil < 0) {
                return null; // still gathering the writes of the clients just answered (pacing)
            }
            closeOpenGroup();
        }
        holdWrites = 0;
        InFlight g = new InFlight(closedGroups.poll());
        g.sentAt = nanoClock.getAsLong();
        inFlight.add(g);
        return g;
    }

    /**
     * Under the lock, when a group of {@code size} writes sent at {@code sentAt} has just committed and nothing
     * else is in flight: decides whether to hold the next one, and returns for how long (0: not held).
     *
     * <p>Without pacing, clients fall into two alternating groups: while one group is being forced, the clients
     * answered by the previous force send their next commands, which land in the group sent at once after it, so
     * each group carries about half of the clients and each client waits for two forces per command. Holding the
     * next group for the clients just answered (until it has as many writes as the group that completed, and never
     * longer than half that group's commit time nor {@link #MAX_HOLD_NANOS}) lets one force carry all of them, as
     * Redis' event loop does (one fsync per loop iteration over every client's writes). A group of one write, and a
     * group that completes while a full group is already waiting, are never held; an idle client is never delayed
     * (the hold ends as soon as the next group has as many writes as the last one). Backends that commit inline
     * (their groups are gathered per event-loop turn instead) or take several groups in flight are never held.
     */
    private long planHold(int size, long sentAt, long now) {
        if (size > 1 && maxInFlight == 1 && !backend.completesInline() && inFlight.isEmpty()
                && closedGroups.isEmpty() && openGroup.size() < size) {
            holdWrites = size;
            holdUntil = now + Math.min(MAX_HOLD_NANOS, (now - sentAt) / 2);
            return holdUntil - now;
        }
        holdWrites = 0;
        return 0;
    }

    /** Sends the held group when its hold time ends (if nothing sent it before). */
    private void scheduleHoldEnd(long delayNanos) {
        // run on the JDK's delay thread itself, not the common pool (which a busy or small machine may starve): a
        // held group whose clients all wait for it is sent by nothing else
        CompletableFuture.delayedExecutor(Math.max(10_000, delayNanos), java.util.concurrent.TimeUnit.NANOSECONDS,
                Runnable::run).execute(this::holdTimeUp);
    }

    private void holdTimeUp() {
        long remaining = 0;
        lock.lock();
        try {
            if (holdWrites > 0 && inFlight.size() < maxInFlight) {
                remaining = holdUntil - nanoClock.getAsLong();
            }
        } finally {
            lock.unlock();
        }
        if (remaining > 0) {
            scheduleHoldEnd(remaining); // woken early (timer granularity, or a test's clock)
        } else {
            submitPending();
        }
    }

    /** Without the keyspace lock, with {@link #sendLock}: hands a group to the backend. */
    private void send(InFlight g) {
        CompletableFuture<Void> f;
        try {
            f = backend.commit(g.group);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((ok, error) -> groupDone(g, error));
    }

    /**
     * A group's future completed. Outcomes are resolved strictly in the order the groups were sent: a group that
     * completes before an earlier one waits for it. The first failure fails every write not yet resolved (the
     * later groups in flight included, whatever their own outcome: they were computed on top of the failed
     * one), and the later groups' completions are then ignored.
     */
    private void groupDone(InFlight g, Throwable error) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        boolean resolved = false;
        long hold = 0;
        lock.lock();
        try {
            g.done = true;
            g.error = error;
            while (!inFlight.isEmpty() && inFlight.peek().done) {
                InFlight head = inFlight.poll();
                resolved = true;
                long upTo = head.group.get(head.group.size() - 1).seq();
                if (head.error == null) {
                    for (Write w : head.group) {
                        overlay.remove(new ByteKey(w.key()), w);
                    }
                } else {
                    // Everything not yet durable is dropped: later writes may have been computed from this group's.
                    upTo = dropUnresolved(errorMessage(head.error));
                }
                resolvedSeq = upTo;
                while (!seqFutures.isEmpty() && seqFutures.peek().seq <= upTo) {
                    ready.add(seqFutures.poll().future);
                }
                hold = head.error == null ? planHold(head.group.size(), head.sentAt, nanoClock.getAsLong()) : 0;
            }
        } finally {
            lock.unlock();
        }
        if (resolved) {
            notifyResolved(ready);
        }
        submitPending();
        if (hold > 0) {
            scheduleHoldEnd(hold);
        }
    }

    /**
     * Under the lock: fails every write not yet resolved with {@code message} (the overlay, the groups waiting and
     * those in flight, whose completions are ignored from now on). Returns the last sequence number.
     */
    private long dropUnresolved(String message) {
        long upTo = lastSeq;
        if (upTo > resolvedSeq) {
            failures.add(new Failure(resolvedSeq + 1, upTo, message));
        }
        overlay.clear();
        closedGroups.clear();
        inFlight.clear();
        holdWrites = 0;
        openGroup = new ArrayList<>();
        openGroupBytes = 0;
        return upTo;
    }

    /**
     * Fails every write whose group is not yet resolved (waiting or in flight) with {@code message}, at once: the
     * replies that depended on them get it, and the outcomes of the groups in flight are ignored when they come.
     * For a replicated node that stops serving (its in-flight groups may or may not be committed by the next
     * leader: {@code message} says the outcome is unknown). Call without holding the lock.
     */
    public void failPending(String message) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        lock.lock();
        try {
            if (lastSeq == resolvedSeq && inFlight.isEmpty()) {
                return;
            }
            long upTo = dropUnresolved(message);
            resolvedSeq = upTo;
            while (!seqFutures.isEmpty() && seqFutures.peek().seq <= upTo) {
                ready.add(seqFutures.poll().future);
            }
        } finally {
            lock.unlock();
        }
        notifyResolved(ready);
    }

    /**
     * Runs {@code action} between two group sends (no group is taken but not yet handed to the backend meanwhile),
     * so that whatever {@code action} submits to the backend's log is ordered after every group sent before.
     * Call without holding the lock.
     */
    public void betweenSends(Runnable action) {
        sendLock.lock();
        try {
            action.run();
        } finally {
            sendLock.unlock();
        }
    }

    private void notifyResolved(List<CompletableFuture<Void>> ready) {
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
