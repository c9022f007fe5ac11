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
     * 600 to 1200 ms elections (a new leader within 3 s of a crash on a loaded 2-core machine); a snapshot every
     * 50,000 entries; 64 MiB log segments (only whole closed segments are purged after a snapshot).
     */
    public static final RaftTimeouts DEFAULT = new RaftTimeouts(600, 1200, 50_000, 64L << 20);
}
