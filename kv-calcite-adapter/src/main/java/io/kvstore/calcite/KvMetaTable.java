package io.kvstore.calcite;

import com.google.common.collect.ImmutableList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The table {@code kv_meta(key VARCHAR NOT NULL PRIMARY KEY, version BIGINT, created_at TIMESTAMP,
 * updated_at TIMESTAMP, expires_at TIMESTAMP)}: one row per live entry of {@code kv}, its metadata as the engine
 * keeps it ({@link io.kvstore.engine.KvEntry}). {@code expires_at} is NULL for an entry that never expires.
 *
 * <p>Writes: only {@code UPDATE kv_meta SET expires_at = ... [WHERE ...]} ({@link KvMetaWriteSpec}): it sets
 * (a timestamp) or clears (NULL) the expiry of each row's entry, through the session's transaction like any
 * write on {@code kv}. INSERT, DELETE, MERGE and updates of other columns are refused.
 *
 * <p>Timestamps are shown in the connection's time zone, the zone {@code CURRENT_TIMESTAMP} uses, so
 * {@code expires_at < CURRENT_TIMESTAMP + INTERVAL '1' MINUTE} compares as one expects; the engine keeps UTC
 * epoch milliseconds. Reads become a {@link KvMetaScan} (a key lookup when the WHERE clause names keys).
 *
 * <p>Thread-safety: immutable; what it reads depends on the session's transaction at execution time.
 */
public final class KvMetaTable extends AbstractQueryableTable implements TranslatableTable, ModifiableTable {
    /** Column names, in order. */
    public static final List<String> COLUMNS = List.of("key", "version", "created_at", "updated_at", "expires_at");
    static final int EXPIRES_AT = 4;

    private final KvSession session;

    KvMetaTable(KvSession session) {
        super(Object[].class);
        this.session = Objects.requireNonNull(session, "session");
    }

    KvSession session() {
        return session;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory tf) {
        RelDataType ts = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.TIMESTAMP, 3), false);
        return tf.builder()
                .add(COLUMNS.get(0), tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARCHAR), false))
                .add(COLUMNS.get(1), tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.BIGINT), false))
                .add(COLUMNS.get(2), ts)
                .add(COLUMNS.get(3), ts)
                .add(COLUMNS.get(4), tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.TIMESTAMP, 3), true))
                .build();
    }

    @Override
    public Statistic getStatistic() {
        double rows;
        try {
            rows = Math.max(1, session.store().stats().count());
        } catch (RuntimeException e) {
            rows = 1000;
        }
        return Statistics.of(rows, ImmutableList.of(ImmutableBitSet.of(0)));
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelOptCluster cluster = context.getCluster();
        return new KvMetaScan(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), relOptTable, this, null);
    }

    @Override
    public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
        return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
            @Override
            @SuppressWarnings("unchecked")
            public Enumerator<T> enumerator() {
                return (Enumerator<T>) new KvMetaScanSpec(KvMetaTable.this, null).enumerable(null).enumerator();
            }
        };
    }

    /** Not used: writes go through {@link KvMetaTableModify}. */
    @Override
    public Collection getModifiableCollection() {
        return null;
    }

    /** Called for INSERT only, which kv_meta refuses. */
    @Override
    public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table,
                                         Prepare.CatalogReader catalogReader, RelNode child,
                                         TableModify.Operation operation, List<String> updateColumnList,
                                         List<RexNode> sourceExpressionList, boolean flattened) {
        throw KvMetaWriteSpec.refused(operation);
    }

    @Override
    public String toString() {
        return "KvMetaTable";
    }
}
