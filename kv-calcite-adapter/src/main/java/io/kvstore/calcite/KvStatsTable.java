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
 * load_factor, last_lsn, wal_bytes, snapshot_lsn, evictions, failed, commits, commit_groups, avg_group_size,
 * wal_syncs}. Immutable.
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
                .add("commits", bigint)
                .add("commit_groups", bigint)
                .add("avg_group_size", tf.createSqlType(SqlTypeName.DOUBLE))
                .add("wal_syncs", bigint)
                .build();
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
                s.failed(), s.commits(), s.commitGroups(), s.averageGroupSize(), s.walSyncs()}));
    }
}
