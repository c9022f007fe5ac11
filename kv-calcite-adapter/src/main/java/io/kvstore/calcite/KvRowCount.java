package io.kvstore.calcite;

import java.util.function.IntFunction;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * A row count of an {@code OFFSET} or {@code FETCH}/{@code LIMIT} pushed into a {@link KvTableScan}: a literal, or
 * a {@code ?} read at every execution. Immutable.
 *
 * @param literal the count, when {@code paramIndex < 0}
 * @param paramIndex the parameter index, or -1 for a literal
 */
record KvRowCount(long literal, int paramIndex) {

    /** The count of a literal or parameter node, or null for another expression. */
    static KvRowCount of(RexNode node) {
        if (node instanceof RexLiteral lit) {
            Number n = lit.getValueAs(Number.class);
            return n == null ? null : new KvRowCount(n.longValue(), -1);
        }
        if (node instanceof RexDynamicParam p) {
            return new KvRowCount(0, p.getIndex());
        }
        return null;
    }

    /**
     * The count for one execution.
     *
     * @throws IllegalArgumentException when the parameter is NULL or negative (Calcite's own LIMIT rejects those
     *     too)
     */
    long resolve(DataContext root) {
        return resolve(i -> root.get("?" + i));
    }

    /** The count for parameter values {@code params} (0-based index to value); as {@link #resolve(DataContext)}. */
    long resolve(IntFunction<Object> params) {
        if (paramIndex < 0) {
            return literal;
        }
        Object v = params.apply(paramIndex);
        if (!(v instanceof Number n) || n.longValue() < 0) {
            throw new IllegalArgumentException("OFFSET and FETCH/LIMIT must be non-negative integers: " + v);
        }
        return n.longValue();
    }

    @Override
    public String toString() {
        return paramIndex < 0 ? Long.toString(literal) : "?" + paramIndex;
    }
}
