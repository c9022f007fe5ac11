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
 * <p>Failures: a group whose entry may still be committed later (leadership lost, the node closing) fails with a
 * {@link WriteOutcomeUnknownException}; the node then stops taking writes until it has applied everything before
 * a fresh entry of its own ({@link ReplicationNode#fence}). Thread-safe.
 */
final class RaftWriteBackend implements WriteBackend {
    private volatile ReplicationNode node;

    void bind(ReplicationNode node) {
        this.node = node;
    }

    @Override
    public CompletableFuture<Void> commit(List<Write> writes) {
        ReplicationNode n = node;
        if (n == null) {
            return CompletableFuture.failedFuture(new WriteOutcomeUnknownException(
                    "CLUSTERDOWN replication is not started yet", null));
        }
        boolean readsOnly = WriteCodec.countWrites(writes) == 0;
        CompletableFuture<Void> f = readsOnly ? n.confirmLeadership() : n.replicate(WriteCodec.encode(writes));
        return f.exceptionallyCompose(e -> {
            if (!readsOnly) {
                n.fence();
            }
            return CompletableFuture.failedFuture(new WriteOutcomeUnknownException(readsOnly
                    ? "TRYAGAIN this node lost its leadership before the read was confirmed; retry on the leader"
                    : "TRYAGAIN leadership changed before the write was confirmed: it may or may not have been"
                    + " applied", e));
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
