package io.kvstore.server.replication;

import io.kvstore.engine.CommitHook;
import io.kvstore.engine.KvReplicationException;
import io.kvstore.engine.KvReplicationException.Outcome;
import io.kvstore.server.command.Replication;
import io.kvstore.server.keyspace.Keyspace;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The replicated server's {@link CommitHook}: every write made to the store through the engine's API (the remote
 * JDBC listener's SQL: statements, batches, transactions) is ordered through the Raft log like a RESP
 * {@code MULTI}/{@code EXEC} block with {@code WATCH}, instead of reaching the store directly.
 *
 * <p><b>How.</b> Under the keyspace lock, once no RESP or JDBC write is pending on a key the write reads or
 * writes (on any key, if it read a range: then the store holds exactly the committed log prefix this leader's
 * next entry will follow, for every key it rests on), the write is evaluated against the store
 * ({@link CommitHook.Commit#evaluate()}: a transaction's read versions and ranges, an insert's absent key, a
 * compare-and-set's version); a failed condition throws at once (40001 / 23505 in SQL, nothing replicated). Its
 * changes then join the keyspace's open group as writes of one command: they become part of one Raft entry, are
 * applied on every node in log order by {@link KvStateMachine}, and the caller returns once a majority has the
 * entry and this node has applied it. Writes of the replication layer itself (the state machine applying an
 * entry, a snapshot being loaded) hold the keyspace lock and are let through to the store.
 *
 * <p><b>Errors</b> ({@link KvReplicationException}): not the leader ({@code NOT_LEADER}, naming the leader's
 * client address when known) or no leader ready ({@code UNAVAILABLE}): nothing applied. A group that failed after
 * it was handed to Ratis ({@code UNKNOWN}): the entry may still be committed by the next leader.
 *
 * <p>Thread-safe: any number of writing threads; each blocks until its write is settled (at most
 * {@link #WAIT_MILLIS} for a leader to become ready or for the entry to be settled).
 */
public final class ReplicatedCommitHook implements CommitHook {
    /** How long a write waits for pending groups or for its own entry before giving up. */
    static final long WAIT_MILLIS = 30_000;

    private final Keyspace keyspace;
    private final Supplier<Replication> replication;

    /**
     * @param replication the node's current replication role (read under the keyspace lock at each write)
     */
    public ReplicatedCommitHook(Keyspace keyspace, Supplier<Replication> replication) {
        this.keyspace = keyspace;
        this.replication = replication;
    }

    @Override
    public boolean commit(Commit commit) {
        ReentrantLock lock = keyspace.lock();
        if (lock.isHeldByCurrentThread()) {
            return false; // the state machine or a snapshot load: applying what the log already holds
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        long need;
        CompletableFuture<Void> settled;
        while (true) {
            CompletableFuture<Void> pending;
            lock.lock();
            try {
                refuseUnlessServing();
                if (keyspace.lastSeq() > keyspace.resolvedSeq() && dependsOnPending(commit)) {
                    // the store does not hold the pending writes of a key (or range) this write rests on yet:
                    // evaluate after them
                    pending = keyspace.whenResolved(keyspace.lastSeq());
                } else {
                    keyspace.beginCommand();
                    List<Change> changes = commit.evaluate();
                    if (changes.isEmpty()) {
                        return true; // nothing to write (a compare-and-set that failed, a delete of nothing)
                    }
                    for (Change c : changes) {
                        if (c.value() == null) {
                            keyspace.delete(c.key());
                        } else {
                            keyspace.put(c.key(), c.value(), c.expiresAt());
                        }
                    }
                    need = keyspace.endCommand();
                    settled = keyspace.whenResolved(need);
                    break;
                }
            } finally {
                lock.unlock();
            }
            await(pending, deadline, Outcome.UNAVAILABLE);
        }
        keyspace.submitPending();
        await(settled, deadline + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS), Outcome.UNKNOWN);
        String failure = keyspace.failureFor(need);
        if (failure != null) {
            boolean notApplied = failure.startsWith("ERR write failed, not applied") || failure.startsWith("OOM")
                    || failure.startsWith("CLUSTERDOWN");
            throw new KvReplicationException(notApplied ? Outcome.UNAVAILABLE : Outcome.UNKNOWN,
                    (notApplied ? "the write was not applied: " : "the write's outcome is unknown: ") + failure,
                    null, null);
        }
        return true;
    }

    /**
     * Returns if this node is the leader serving writes now; else throws {@link KvReplicationException}
     * ({@code NOT_LEADER} naming the leader's client address when known, or {@code UNAVAILABLE}).
     */
    public void checkLeader() {
        keyspace.lock().lock();
        try {
            refuseUnlessServing();
        } finally {
            keyspace.lock().unlock();
        }
    }

    /**
     * Linearizable reads: returns once a group sent after this call began is confirmed (a Raft ReadIndex round
     * when no write is pending, else the pending writes' entry), so whatever the caller read from the store before
     * the call was current while this node still led.
     *
     * @throws KvReplicationException not the leader, or deposed before the confirmation ({@code UNAVAILABLE}: retry
     *     on the leader)
     */
    public void confirmRead() {
        ReentrantLock lock = keyspace.lock();
        long need;
        CompletableFuture<Void> confirmed;
        lock.lock();
        try {
            refuseUnlessServing();
            keyspace.beginCommand();
            keyspace.dependOnAll();
            need = keyspace.endCommand();
            confirmed = keyspace.whenResolved(need);
        } finally {
            lock.unlock();
        }
        keyspace.submitPending();
        await(confirmed, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS), Outcome.UNAVAILABLE);
        if (keyspace.failureFor(need) != null) {
            throw new KvReplicationException(Outcome.UNAVAILABLE, "this node lost its leadership before the read "
                    + "was confirmed; retry on the leader", null, null);
        }
    }

    /**
     * Under the keyspace lock, with writes pending: whether {@code commit} reads or writes a key with a pending
     * write, or rests on a range or the whole table. If not, the store already holds the current state of every
     * key it rests on (the pending groups touch other keys), so it may be evaluated now and join the open group
     * behind them.
     */
    private boolean dependsOnPending(Commit commit) {
        boolean[] pending = new boolean[1];
        boolean keysOnly = commit.forEachKey(k -> pending[0] |= keyspace.isPending(k));
        return !keysOnly || pending[0];
    }

    /** Under the keyspace lock: throws unless this node is the serving leader. */
    private void refuseUnlessServing() {
        Replication r = replication.get();
        String refusal = r.refuseWrite();
        if (refusal == null) {
            return;
        }
        if (refusal.startsWith("READONLY")) {
            String leader = leaderAddress(r);
            throw new KvReplicationException(Outcome.NOT_LEADER, "this node is a follower: writes go to the raft "
                    + "leader" + (leader == null ? "" : " (leader: " + leader + ")"), leader, null);
        }
        throw new KvReplicationException(Outcome.UNAVAILABLE, "no raft leader can take writes now (" + refusal
                + "); nothing was applied, retry", null, null);
    }

    /** The leader's client (RESP) address from {@link Replication#members()}, or null. */
    static String leaderAddress(Replication r) {
        List<String> members = r.members();
        if (members == null) {
            return null;
        }
        for (String line : members) {
            String[] f = line.split(" ");
            if (f.length >= 4 && f[3].equals("leader") && !f[1].equals("null")) {
                return f[1];
            }
        }
        return null;
    }

    private static void await(CompletableFuture<Void> f, long deadlineNanos, Outcome onTimeout) {
        try {
            f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new KvReplicationException(onTimeout, onTimeout == Outcome.UNKNOWN
                    ? "the write was not confirmed by the raft group in time: its outcome is unknown"
                    : "writes pending before this one were not confirmed in time; nothing was applied, retry",
                    null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvReplicationException(onTimeout, "interrupted while waiting for the raft group", null, e);
        } catch (ExecutionException e) {
            throw new KvReplicationException(onTimeout, "waiting for the raft group failed: " + e.getCause(), null, e);
        }
    }
}
