package io.kvstore.calcite;

import io.kvstore.engine.KvStats;
import io.kvstore.engine.KvStore;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The read-only one-row tables {@code kv_stats} (the store's {@link KvStats} at the time of reading) and
 * {@code kv_snapshot} (reading it first calls {@link KvStore#snapshot()} - a no-op for an in-memory store - and
 * then returns the same columns). Columns: {@code entries, memory_used, memory_limit, bucket_count,
 * load_factor, last_lsn, wal_bytes, snapshot_lsn, evictions, failed, failure, snapshot_failures,
 * last_snapshot_error, next_snapshot_attempt, commits, commit_groups, avg_group_size, wal_syncs, compression,
 * memory_raw, compression_ratio} (memory_raw: memory_used with every value plain; compression_ratio: memory_used /
 * memory_raw, 1.0 without compressed values; next_snapshot_attempt
 * a TIMESTAMP, NULL unless automatic snapshots are backing off after failures; the error columns NULL when there is
 * none). Immutable.
 */
final class KvStatsTable extends AbstractTable implements ScannableTable {
    private final KvSession session;
    private final boolean snapshotFirst;

    KvStatsTable(KvSession session, boolean snapshotFirst) {
        this.session = session;
        this.snapshotFirst = snapshotFirst;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        RelDataType bigint = tf.createSqlType(SqlTypeName.BIGINT);
        return tf.builder()
                .add("entries", bigint)
                .add("memory_used", bigint)
                .add("memory_limit", bigint)
                .add("bucket_count", bigint)
                .add("load_factor", tf.createSqlType(SqlTypeName.DOUBLE))
                .add("last_lsn", bigint)
                .add("wal_bytes", bigint)
                .add("snapshot_lsn", bigint)
                .add("evictions", bigint)
                .add("failed", tf.createSqlType(SqlTypeName.BOOLEAN))
                .add("failure", nullable(tf, tf.createSqlType(SqlTypeName.VARCHAR)))
                .add("snapshot_failures", tf.createSqlType(SqlTypeName.INTEGER))
                .add("last_snapshot_error", nullable(tf, tf.createSqlType(SqlTypeName.VARCHAR)))
                .add("next_snapshot_attempt", nullable(tf, tf.createSqlType(SqlTypeName.TIMESTAMP)))
                .add("commits", bigint)
                .add("commit_groups", bigint)
                .add("avg_group_size", tf.createSqlType(SqlTypeName.DOUBLE))
                .add("wal_syncs", bigint)
                .add("compression", tf.createSqlType(SqlTypeName.VARCHAR))
                .add("memory_raw", bigint)
                .add("compression_ratio", tf.createSqlType(SqlTypeName.DOUBLE))
                .build();
    }

    private static RelDataType nullable(RelDataTypeFactory tf, RelDataType t) {
        return tf.createTypeWithNullability(t, true);
    }

    @Override
    public Statistic getStatistic() {
        return Statistics.of(1, List.of());
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        KvStore store = session.store();
        if (snapshotFirst) {
            store.snapshot();
        }
        KvStats s = store.stats();
        return Linq4j.asEnumerable(List.<Object[]>of(new Object[] {s.count(), s.memoryUsed(), s.memoryLimit(),
                s.bucketCount(), s.loadFactor(), s.lastLsn(), s.walBytes(), s.snapshotLsn(), s.evictions(),
                s.failed(), s.failureCause(), s.snapshotFailures(), s.lastSnapshotError(),
                s.nextSnapshotAttemptMillis() == 0 ? null : s.nextSnapshotAttemptMillis(),
                s.commits(), s.commitGroups(), s.averageGroupSize(), s.walSyncs(), s.compression(), s.memoryRaw(),
                s.compressionRatio()}));
    }
}
