package io.kvstore.server.replication;

/**
 * The Raft timing settings (docs/replication.md explains the choice).
 *
 * @param electionMinMillis a follower that hears nothing from a leader for a random time between these two
 *     starts an election
 * @param electionMaxMillis see {@code electionMinMillis}
 * @param snapshotEntries a snapshot is taken after this many log entries (each entry is one group of writes)
 * @param segmentBytes size of one Raft log segment
 */
public record RaftTimeouts(long electionMinMillis, long electionMaxMillis, long snapshotEntries,
                           long segmentBytes) {
    /**
     * 400 to 800 ms elections; a snapshot every 50,000 entries; 64 MiB log segments (only whole closed segments are
     * purged after a snapshot).
     *
     * <p>Why 400 to 800 ms: the leader sends heartbeats every half minimum timeout (200 ms), so a follower starts an
     * election only after two to four heartbeats in a row went missing. A needless election costs availability
     * (one to a few seconds without a serving leader on the loaded machine), never safety: Raft's safety does not
     * depend on timing. With pre-vote, a follower that was itself paused (garbage collection, a starved CPU) cannot
     * depose a leader that the others still hear; only a leader paused longer than 400 ms loses its leadership.
     * The previous 600 to 1200 ms spent 0.9 s on average detecting the crash alone, out of a 3 s budget.
     * Caveat, measured: during a bulk load of 8 MiB groups at load
     * average 43, young pauses of 0.3 to 0.7 s were logged and leadership changed several times a minute; the
     * system properties {@code kvstore.raft.electionMinMillis} and {@code kvstore.raft.electionMaxMillis} (every
     * node alike) trade that against failover time.
     */
    public static final RaftTimeouts DEFAULT = new RaftTimeouts(Long.getLong("kvstore.raft.electionMinMillis", 400),
            Long.getLong("kvstore.raft.electionMaxMillis", 800), 50_000, 64L << 20);
}
