package io.kvstore.jdbc.remote.server;

/**
 * What a JDBC listener asks of a replicated server (one member of a Raft group) about its role. Set with
 * {@link RemoteHost#setClusterRole}; a listener without one (a single server, autoServer) serves every client.
 *
 * <p>Sessions opened without {@code staleReads=true} ("leader sessions") are accepted only on the leader
 * ({@link #checkLeader()} at HELLO), and every answer that carries rows is sent only after
 * {@link #confirmRead()} has confirmed that this node still led after the rows were read (linearizable reads).
 * Sessions with {@code staleReads=true} are accepted on any member and read its own state. Writes are ordered by
 * the store's {@link io.kvstore.engine.CommitHook}, not here.
 *
 * <p>Both methods throw {@link io.kvstore.engine.KvReplicationException} (translated to its SQLState by
 * {@link io.kvstore.jdbc.error.KvErrors}). Implementations must be thread-safe.
 */
public interface ClusterRole {
    /** Returns if this node is the leader serving writes; else throws (naming the leader when known). */
    void checkLeader();

    /**
     * Returns once this node is confirmed to have been the leader after the call began (a Raft ReadIndex round,
     * or a write group committed after it); throws if it was deposed.
     */
    void confirmRead();
}
