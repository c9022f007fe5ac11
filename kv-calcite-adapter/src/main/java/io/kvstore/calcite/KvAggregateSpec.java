package io.kvstore.calcite;

import io.kvstore.engine.KeyRange;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;

/**
 * What one {@link KvAggregateScan} computes, handed to generated code: the aggregates over a key range, one row.
 * Reads go through the session's transaction when there is one (its own writes count, and the range counts as
 * read for its commit), else to the store. Public only because Calcite's generated code calls
 * {@link #enumerable}; not an API. Immutable and thread-safe.
 */
public final class KvAggregateSpec {
    /** The aggregates it answers. */
    enum Kind {
        /** {@code count(*)} or {@code count(column)} (both columns are NOT NULL). */
        COUNT,
        /** {@code min(key)}: the first key in key order, or NULL when the range is empty. */
        MIN,
        /** {@code max(key)}: the last key in key order, or NULL when the range is empty. */
        MAX
    }

    private final KvTable table;
    private final KvKeyRange range;
    private final List<Kind> aggregates;

    KvAggregateSpec(KvTable table, KvKeyRange range, List<Kind> aggregates) {
        this.table = table;
        this.range = range;
        this.aggregates = List.copyOf(aggregates);
    }

    /** The one row {@code Object[]} for one execution. */
    public Enumerable<Object[]> enumerable(DataContext root) {
        new KvAbortCheck(root).check();
        KeyRange r = range.resolve(root);
        return Linq4j.singletonEnumerable(row(aggregates, r, table.session().transaction(), table.session().store()));
    }

    /**
     * The one row for parameter values {@code params} (0-based index to value), read through {@code session}'s
     * transaction when there is one: what the Calcite path returns. For plan executors outside the adapter.
     */
    public Object[] row(KvSession session, IntFunction<Object> params) {
        return row(aggregates, range.resolve(params), session.transaction(), session.store());
    }

    /** The 0-based indexes of the parameters the range bounds read (each a key, typed as text). */
    public List<Integer> rangeParameters() {
        return range.parameters();
    }

    /** The aggregates over {@code r} (null: empty), through {@code tx} when not null, else {@code store}. */
    static Object[] row(List<Kind> aggregates, KeyRange r, KvTransaction tx, KvStore store) {
        Object[] row = new Object[aggregates.size()];
        for (int i = 0; i < row.length; i++) {
            Kind k = aggregates.get(i);
            if (k == Kind.COUNT) {
                row[i] = r == null ? 0L : tx != null ? tx.count(r) : store.count(r);
            } else if (r != null) {
                boolean last = k == Kind.MAX;
                KvCursor c = tx != null ? tx.cursor(r, last) : store.cursor(r, last);
                row[i] = c.next() ? KvKeys.toSql(c) : null;
            }
        }
        return row;
    }

    @Override
    public String toString() {
        return aggregates + " over " + range;
    }
}
