package io.kvstore.engine;

/**
 * A point-in-time view of a store's size and health.
 *
 * @param count number of live entries
 * @param memoryUsed estimated heap bytes held by the table (entries and index arrays), plus the store's zstd
 *     dictionaries ({@code compression=zstd-dict}) when it has any
 * @param memoryLimit configured limit in bytes, 0 when unlimited
 * @param bucketCount slots in the hash index
 * @param loadFactor {@code count / bucketCount}
 * @param lastLsn sequence number of the latest applied write
 * @param walBytes bytes in WAL segments not yet covered by a snapshot (0 in memory)
 * @param snapshotLsn sequence number covered by the latest durable snapshot (0 if none)
 * @param evictions entries evicted since the store was opened
 * @param failed whether the store is in the failed state (writes refused)
 * @param snapshotFailures snapshot attempts that failed in a row (0 after a success)
 * @param lastSnapshotError the error of the latest snapshot attempt, null if it succeeded or none was made
 * @param nextSnapshotAttemptMillis after failures, the time (by {@link KvOptions#clock()}, epoch milliseconds by
 *     default) before which no automatic snapshot is attempted; 0 when not backing off
 * @param failureCause why the store is in the failed state, null if it is not
 * @param commits writes and transactions committed since the store was opened (each one log record)
 * @param commitGroups groups in which those were committed (group commit: one log write, and at most one force,
 *     per group)
 * @param walSyncs forces (fdatasync) of the log since the store was opened
 * @param compression the store's {@code compression} option: {@code none}, {@code lz4}, {@code zstd} or
 *     {@code zstd-dict}
 * @param memoryRaw what {@code memoryUsed} would be with every value stored plain and no dictionary (the table's
 *     bytes plus what compressed values save); equal to {@code memoryUsed} when no value is compressed
 */
public record KvStats(long count, long memoryUsed, long memoryLimit, long bucketCount, double loadFactor,
                      long lastLsn, long walBytes, long snapshotLsn, long evictions, boolean failed,
                      int snapshotFailures, String lastSnapshotError, long nextSnapshotAttemptMillis,
                      String failureCause, long commits, long commitGroups, long walSyncs, String compression,
                      long memoryRaw) {

    /** Stored bytes over raw bytes of the table ({@code memoryUsed / memoryRaw}), 1.0 without compression. */
    public double compressionRatio() {
        return memoryRaw <= 0 ? 1.0 : (double) memoryUsed / memoryRaw;
    }

    /** Average commits per group since the store was opened ({@code commits / commitGroups}), 0 before any. */
    public double averageGroupSize() {
        return commitGroups == 0 ? 0 : (double) commits / commitGroups;
    }
}
