package io.kvstore.engine;

/**
 * A point-in-time view of a store's size and health.
 *
 * @param count number of live entries
 * @param memoryUsed estimated heap bytes held by the table (entries and index arrays)
 * @param memoryLimit configured limit in bytes, 0 when unlimited
 * @param bucketCount slots in the hash index
 * @param loadFactor {@code count / bucketCount}
 * @param lastLsn sequence number of the latest applied write
 * @param walBytes bytes in WAL segments not yet covered by a snapshot (0 in memory)
 * @param snapshotLsn sequence number covered by the latest durable snapshot (0 if none)
 * @param evictions entries evicted since the store was opened
 * @param failed whether the store is in the failed state (writes refused)
 * @param commits writes and transactions committed since the store was opened (each one log record)
 * @param commitGroups groups in which those were committed (group commit: one log write, and at most one force,
 *     per group)
 * @param walSyncs forces (fdatasync) of the log since the store was opened
 */
public record KvStats(long count, long memoryUsed, long memoryLimit, long bucketCount, double loadFactor,
                      long lastLsn, long walBytes, long snapshotLsn, long evictions, boolean failed,
                      long commits, long commitGroups, long walSyncs) {

    /** Average commits per group since the store was opened ({@code commits / commitGroups}), 0 before any. */
    public double averageGroupSize() {
        return commitGroups == 0 ? 0 : (double) commits / commitGroups;
    }
}
