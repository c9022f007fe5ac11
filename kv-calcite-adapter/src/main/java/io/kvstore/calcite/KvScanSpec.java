package io.kvstore.calcite;

import io.kvstore.engine.KeyRange;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * What one {@link KvTableScan} reads, handed to generated code: the table and either the lookup keys or null
 * for a full scan. Public only because Calcite's generated code calls {@link #enumerable}; not an API.
 * Immutable and thread-safe; every call to {@link #enumerable} starts an independent, lazy read.
 */
public final class KvScanSpec {
    private final KvTable table;
    private final List<KvKeySource> keys;
    /** An ordered read of a key range (then keys is null), or null. */
    private final KvKeyRange range;
    private final boolean descending;
    private final KvRowCount offset;
    private final KvRowCount fetch;

    KvScanSpec(KvTable table, List<KvKeySource> keys) {
        this.table = table;
        this.keys = keys == null ? null : List.copyOf(keys);
        this.range = null;
        this.descending = false;
        this.offset = null;
        this.fetch = null;
    }

    /** An ordered read of {@code range}; {@code offset} and {@code fetch} may be null. */
    KvScanSpec(KvTable table, KvKeyRange range, boolean descending, KvRowCount offset, KvRowCount fetch) {
        this.table = table;
        this.keys = null;
        this.range = range;
        this.descending = descending;
        this.offset = offset;
        this.fetch = fetch;
    }

    /**
     * One bound of an ordered read described outside the planner: a key literal, or (literal null) the 0-based
     * index of a {@code ?}.
     */
    public record RangeBound(String literal, int paramIndex, boolean inclusive) {
    }

    /**
     * An ordered read for plan executors built outside Calcite (the driver's text front door): the keys within all
     * of {@code lows} and {@code highs} and starting with {@code prefix} (null: no prefix), ascending or descending,
     * with pushed-in {@code offset} and {@code fetch} (each null for none): the same read {@link KvTableScan} pushes
     * for the same predicates (its range resolves parameters and intersects bounds the same way). Not usable with
     * {@link #enumerable}; not an API.
     *
     * @throws KvKeyException when a literal is not a valid key text
     */
    public static KvScanSpec orderedRead(List<RangeBound> lows, List<RangeBound> highs, String prefix,
                                         boolean descending, KvRowCount offset, KvRowCount fetch) {
        KvKeyRange range = prefix == null ? KvKeyRange.all() : KvKeyRange.prefix(prefix);
        return new KvScanSpec(null, range.and(new KvKeyRange(rangeBounds(lows), rangeBounds(highs))), descending,
                offset, fetch);
    }

    private static java.util.List<KvKeyRange.Bound> rangeBounds(List<RangeBound> bounds) {
        java.util.List<KvKeyRange.Bound> out = new java.util.ArrayList<>(bounds.size());
        for (RangeBound b : bounds) {
            out.add(KvKeyRange.Bound.of(new KvKeySource(b.literal(), b.literal() == null ? b.paramIndex() : -1),
                    b.inclusive()));
        }
        return out;
    }

    /** Rows {@code Object[]{key, value}} for one execution; nothing is read until enumerated. */
    public Enumerable<Object[]> enumerable(DataContext root) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return range == null ? new KvEnumerator(table, keys, root)
                        : new KvEnumerator(table, range, descending, offset, fetch, root);
            }
        };
    }

    /** Whether this is an ordered read of a key range. */
    public boolean isRangeRead() {
        return range != null;
    }

    /** Whether an ordered read returns keys in descending order. */
    public boolean isDescending() {
        return descending;
    }

    /**
     * The engine range of an ordered read for parameter values {@code params} (0-based index to value), or null
     * when it is empty (a bound's parameter is NULL): exactly what the Calcite path reads.
     */
    public KeyRange resolveRange(IntFunction<Object> params) {
        return range.resolve(params);
    }

    /** The 0-based indexes of the parameters the range bounds read (each a key, typed as text). */
    public List<Integer> rangeParameters() {
        return range == null ? List.of() : range.parameters();
    }

    /**
     * The pushed-in offset for parameter values {@code params}, 0 when none.
     *
     * @throws KvRowCountException as the Calcite path, when its parameter is negative (NULL: none)
     */
    public long resolveOffset(IntFunction<Object> params) {
        return offset == null ? 0 : offset.resolve(params, true);
    }

    /**
     * The pushed-in row limit for parameter values {@code params}, -1 when none.
     *
     * @throws KvRowCountException as the Calcite path, when its parameter is negative (NULL: none)
     */
    public long resolveFetch(IntFunction<Object> params) {
        return fetch == null ? -1 : fetch.resolve(params, false);
    }

    /** The 0-based parameter index of the pushed-in offset ({@code off}) or fetch, or -1 for a literal or none. */
    public int rowCountParameter(boolean off) {
        KvRowCount c = off ? offset : fetch;
        return c == null ? -1 : c.paramIndex();
    }

    /** Whether an offset or a fetch is pushed in. */
    public boolean isLimited() {
        return offset != null || fetch != null;
    }

    @Override
    public String toString() {
        if (range != null) {
            return "range" + range + (descending ? " desc" : "") + (offset == null ? "" : " offset " + offset)
                    + (fetch == null ? "" : " fetch " + fetch);
        }
        return keys == null ? "scan" : "lookup" + keys;
    }
}
