package io.kvstore.server.replication;

import io.kvstore.server.keyspace.Write;
import io.kvstore.server.keyspace.WriteBackend;
import io.kvstore.server.keyspace.WriteOutcomeUnknownException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WriteBackend} that orders each group of writes through the Raft log: the group (everything the
 * keyspace gathered from every client meanwhile) becomes one log entry of results ({@link WriteCodec}), and its
 * future completes once a majority has the entry in its log and this node has applied it to the store. A group of
 * read barriers only becomes a Ratis read request (ReadIndex: the leader confirms by a round of heartbeats that it
 * still leads). Either way, once the future completes, this node was the leader after every command of the group
 * ran.
 *
 * <p><b>Pipelining.</b> Up to {@link #MAX_IN_FLIGHT} groups are in flight: group N+1 is appended while N is being
 * replicated, so a Raft round carries several groups instead of one. The keyspace evaluated each group against the
 * store plus the groups sent before it; that is exactly the log prefix the entry follows, because
 * <ul>
 *   <li>groups are submitted one at a time in keyspace order, and Ratis appends (or refuses) a request within the
 *       submitting call, so within one term the leader's log holds its groups in that order;</li>
 *   <li>in a log, an entry is committed only with every entry before it (Raft's log matching), so if group N+1 is
 *       committed, group N, appended before it in the same term, is too;</li>
 *   <li>a refused group (seen within the call) fences the node before the next group is submitted
 *       ({@link ReplicationNode#replicate}), so no group reaches the log after one that did not;</li>
 *   <li>each entry carries the term it was evaluated in, and every state machine skips an entry that the log holds
 *       under another term ({@link WriteCodec.Entry#appliesAt}): a group evaluated under an earlier leadership of
 *       this node, which reached the log only after the node was elected again (the group before it may have been
 *       dropped by the leader in between), has no effect anywhere;</li>
 *   <li>on a failed group, the keyspace fails every later write with the outcome-unknown error, and the node stops
 *       serving until an empty entry of its own, appended after every group sent before, is applied.</li>
 * </ul>
 *
 * <p>Failures: a group whose entry may still be committed later (leadership lost, the node closing) fails with a
 * {@link WriteOutcomeUnknownException}; the node then stops taking writes until it has applied everything before
 * a fresh entry of its own ({@link ReplicationNode#fence}). Thread-safe.
 */
final class RaftWriteBackend implements WriteBackend {
    /**
     * Groups in flight at once: {@code -Dkvstore.raft.maxInFlight=N}, default 1. Pipelining (N above 1) is built
     * and kept correct (the argument above; the fault ITs run with 8), but on the loaded 2-core machine it measured
     * slower in every side-by-side run: groups got smaller (3 writes instead of 12 at 50 clients) and the cost per
     * Raft entry (forces, gRPC, replies) outweighed the overlap (docs/benchmarks.md, "Replication operations").
     * The default follows the measurement until the idle machine says otherwise; at most 64. Bounded so that
     * Ratis' pending-request limits are never reached (a refusal costs a fence).
     */
    static final int MAX_IN_FLIGHT = Math.max(1, Math.min(64, Integer.getInteger("kvstore.raft.maxInFlight", 1)));
    private static final String UNKNOWN = "TRYAGAIN leadership changed before the write was confirmed: it may or"
            + " may not have been applied";
    private volatile ReplicationNode node;

    void bind(ReplicationNode node) {
        this.node = node;
    }

    @Override
    public int maxInFlight() {
        return MAX_IN_FLIGHT;
    }

    @Override
    public CompletableFuture<Void> commit(List<Write> writes) {
        ReplicationNode n = node;
        if (n == null) {
            return CompletableFuture.failedFuture(new WriteOutcomeUnknownException(
                    "CLUSTERDOWN replication is not started yet", null));
        }
        boolean readsOnly = WriteCodec.countWrites(writes) == 0;
        long term = n.servingTerm();
        if (term < 0) {
            // fenced after this group was evaluated: it must not reach the log (the keyspace already failed it)
            return CompletableFuture.failedFuture(new WriteOutcomeUnknownException(readsOnly
                    ? "TRYAGAIN this node lost its leadership before the read was confirmed; retry on the leader"
                    : UNKNOWN, null));
        }
        CompletableFuture<Void> f = readsOnly ? n.confirmLeadership() : n.replicate(WriteCodec.encode(term, writes));
        return f.exceptionallyCompose(e -> {
            if (!readsOnly) {
                n.fence();
            }
            return CompletableFuture.failedFuture(new WriteOutcomeUnknownException(readsOnly
                    ? "TRYAGAIN this node lost its leadership before the read was confirmed; retry on the leader"
                    : UNKNOWN, e));
        });
    }

    @Override
    public void close() {
        ReplicationNode n = node;
        if (n != null) {
            n.close();
        }
    }
}
