package io.kvstore.calcite;

import com.google.common.collect.ImmutableList;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
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
 * The table {@code kv(key VARCHAR NOT NULL PRIMARY KEY, value VARBINARY NOT NULL)} over one {@link KvSession}.
 * A key is the UTF-8 encoding of the VARCHAR; a value is the raw bytes ({@code ByteString} in rows).
 *
 * <p>Reads become a {@link KvTableScan} (rules in {@link KvRules} push key lookups into it); writes become a
 * {@link KvTableModify}. The statistic declares {@code {key}} unique, so the planner knows a key lookup returns
 * at most one row. A full scan returns rows in hash order (no collation); ordered reads of key ranges
 * ({@link KvRules}) return them in key order.
 *
 * <p>Thread-safety: immutable; what it reads depends on the session's current transaction at execution time.
 */
public final class KvTable extends AbstractQueryableTable implements TranslatableTable, ModifiableTable {
    /** Column names, in order. */
    public static final List<String> COLUMNS = List.of("key", "value");

    private final KvSession session;
    /** Entries read from the engine by this table's enumerators (a test and diagnostics hook). */
    private final LongAdder entriesRead = new LongAdder();
    private static final long STATS_REFRESH_NANOS = 1_000_000_000L;
    /** Cached entry count for planning; racy reads are harmless (an estimate). */
    private volatile double rowCount = -1;
    private volatile long rowCountReadAt;

    KvTable(KvSession session) {
        super(Object[].class);
        this.session = Objects.requireNonNull(session, "session");
    }

    KvSession session() {
        return session;
    }

    LongAdder entriesRead() {
        return entriesRead;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return typeFactory.builder()
                .add(COLUMNS.get(0), typeFactory.createSqlType(SqlTypeName.VARCHAR))
                .add(COLUMNS.get(1), typeFactory.createSqlType(SqlTypeName.VARBINARY))
                .build();
    }

    /**
     * Row count (the store's entry count, re-read at most once a second: {@code stats()} takes the commit
     * pipeline's lock) and the unique key {@code {0}}.
     */
    @Override
    public Statistic getStatistic() {
        long now = System.nanoTime();
        if (now - rowCountReadAt > STATS_REFRESH_NANOS || rowCount < 0) {
            try {
                rowCount = Math.max(1, session.store().stats().count());
            } catch (RuntimeException e) {
                rowCount = 1000; // a closed or failing store: planning must not fail because of it
            }
            rowCountReadAt = now;
        }
        return Statistics.of(rowCount, ImmutableList.of(ImmutableBitSet.of(0)));
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelOptCluster cluster = context.getCluster();
        return new KvTableScan(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), relOptTable, this,
                null);
    }

    /** Lazy full scan for Calcite paths that go through Linq4j; never materializes the table. */
    @Override
    public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
        return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
            @Override
            @SuppressWarnings("unchecked")
            public Enumerator<T> enumerator() {
                return (Enumerator<T>) new KvEnumerator(KvTable.this, null, null);
            }
        };
    }

    /** Not used: writes go through {@link KvTableModify}, never through a collection. */
    @Override
    public Collection getModifiableCollection() {
        return null;
    }

    @Override
    public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table,
                                         Prepare.CatalogReader catalogReader, RelNode child,
                                         TableModify.Operation operation, List<String> updateColumnList,
                                         List<RexNode> sourceExpressionList, boolean flattened) {
        return new KvLogicalTableModify(cluster, cluster.traitSet(), table, catalogReader, child, operation,
                updateColumnList, sourceExpressionList, flattened);
    }

    @Override
    public String toString() {
        return "KvTable";
    }
}
