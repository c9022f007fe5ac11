package io.kvstore.calcite;

import java.util.function.IntFunction;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * A row count of an {@code OFFSET} or {@code FETCH}/{@code LIMIT} pushed into a {@link KvTableScan}: a literal, or
 * a {@code ?} read at every execution. Public so that the driver's text front door can describe the same pushed-in
 * counts ({@link KvScanSpec#orderedRead}); not an API. Immutable.
 *
 * @param literal the count, when {@code paramIndex < 0}
 * @param paramIndex the parameter index, or -1 for a literal
 */
public record KvRowCount(long literal, int paramIndex) {

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
     * The count for one execution: an OFFSET ({@code offset}) or a LIMIT/FETCH. A NULL parameter means no offset
     * (0) or no limit (-1), as in PostgreSQL.
     *
     * @throws KvRowCountException when the parameter is negative
     */
    long resolve(DataContext root, boolean offset) {
        return resolve(i -> root.get("?" + i), offset);
    }

    /**
     * The count for parameter values {@code params} (0-based index to value); as
     * {@link #resolve(DataContext, boolean)}.
     */
    long resolve(IntFunction<Object> params, boolean offset) {
        if (paramIndex < 0) {
            return literal;
        }
        Object v = params.apply(paramIndex);
        if (v == null) {
            return offset ? 0 : -1;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw new KvRowCountException(offset, v);
        }
        return n;
    }

    @Override
    public String toString() {
        return paramIndex < 0 ? Long.toString(literal) : "?" + paramIndex;
    }
}
