package io.kvstore.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Reads {@link KvTable}: a full scan, or, when {@link #keys()} is not null, a lookup of those keys in the
 * engine's hash table (never a scan), or an ordered read of the engine's ordered index: a key range
 * ({@link #range()}), in ascending or descending key order, with an offset and a row limit. EXPLAIN shows
 * {@code KvTableScan(table=[[kvstore, kv]])}, {@code KvTableScan(table=[[kvstore, kv]], lookup=[['a', ?0]])} or
 * {@code KvTableScan(table=[[kvstore, kv]], range=[[?0, +inf)], order=[ASC], fetch=[100])}. An ordered read
 * carries the collation of its order ({@code key} ascending or descending) in its traits, so that the planner
 * drops a sort on the key.
 *
 * <p>Registering this node in a planner also registers {@link KvRules#RULES}: that is how the filter pushdown and
 * the write rules reach Calcite's planner without a custom prepare. Immutable.
 */
public final class KvTableScan extends TableScan implements EnumerableRel {
    private final KvTable kvTable;
    private final List<KvKeySource> keys;
    /** The key range of an ordered read, or null. */
    private final KvKeyRange range;
    /** Whether rows come out in key order (through the ordered index). */
    private final boolean ordered;
    private final boolean descending;
    private final KvRowCount offset;
    private final KvRowCount fetch;

    KvTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, KvTable kvTable,
                List<KvKeySource> keys) {
        this(cluster, traitSet, table, kvTable, keys, null, false, false, null, null);
    }

    private KvTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, KvTable kvTable,
                        List<KvKeySource> keys, KvKeyRange range, boolean ordered, boolean descending,
                        KvRowCount offset, KvRowCount fetch) {
        super(cluster, traitSet, List.of(), table);
        this.kvTable = kvTable;
        this.keys = keys == null ? null : List.copyOf(keys);
        this.range = range;
        this.ordered = ordered;
        this.descending = descending;
        this.offset = offset;
        this.fetch = fetch;
    }

    /** The key range, or null when this is not a range read. */
    KvKeyRange range() {
        return range;
    }

    /** Whether rows come out in key order. */
    boolean isOrdered() {
        return ordered;
    }

    /** Whether offset or fetch were pushed in (nothing more may be pushed on top then). */
    boolean isLimited() {
        return offset != null || fetch != null;
    }

    /** A range read of {@code r} (ascending). */
    KvTableScan withRange(KvKeyRange r) {
        return new KvTableScan(getCluster(), getTraitSet(), getTable(), kvTable, null, r, true, false, null, null);
    }

    /**
     * This read in key order ({@code desc}: descending), with {@code traits} (carrying the matching collation),
     * and an offset and limit (each may be null).
     */
    KvTableScan withOrder(RelTraitSet traits, boolean desc, KvRowCount off, KvRowCount lim) {
        return new KvTableScan(getCluster(), traits, getTable(), kvTable, null,
                range == null ? KvKeyRange.all() : range, true, desc, off, lim);
    }

    /** The lookup keys, or null for a full scan. */
    List<KvKeySource> keys() {
        return keys;
    }

    KvTable kvTable() {
        return kvTable;
    }

    KvTableScan withKeys(List<KvKeySource> newKeys) {
        return new KvTableScan(getCluster(), getTraitSet(), getTable(), kvTable, newKeys);
    }

    /**
     * Whether this scan reads the whole table in the hash table's order, with no key range, order, offset or limit
     * pushed into it. For plan executors outside the adapter, which must not run an ordered read as a full scan.
     */
    public boolean isFullScan() {
        return keys == null && range == null && !ordered && offset == null && fetch == null;
    }

    /** Whether this scan is a key lookup (else a full scan). For plan executors outside the adapter. */
    public boolean isLookup() {
        return keys != null;
    }

    /** The number of lookup keys (0 for a full scan). */
    public int lookupKeyCount() {
        return keys == null ? 0 : keys.size();
    }

    /** The literal text of lookup key {@code i}, or null when that key is a parameter. */
    public String lookupLiteral(int i) {
        return keys.get(i).literal();
    }

    /** The 0-based parameter index of lookup key {@code i}, or -1 when that key is a literal. */
    public int lookupParameter(int i) {
        return keys.get(i).paramIndex();
    }

    /** Whether this scan is an ordered read of a key range (else a lookup or a full scan). For plan executors. */
    public boolean isRangeRead() {
        return range != null;
    }

    /**
     * What this scan reads, detached from the plan: for plan executors outside the adapter that run an ordered
     * read themselves (see {@link KvScanSpec#resolveRange}).
     */
    public KvScanSpec spec() {
        return range == null ? new KvScanSpec(kvTable, keys)
                : new KvScanSpec(kvTable, range, descending, offset, fetch);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvTableScan(getCluster(), traitSet, getTable(), kvTable, keys, range, ordered, descending, offset,
                fetch);
    }

    @Override
    public void register(RelOptPlanner planner) {
        for (RelOptRule rule : KvRules.RULES) {
            planner.addRule(rule);
        }
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).itemIf("lookup", keys, keys != null)
                .itemIf("range", range, range != null && !range.isAll())
                .itemIf("order", descending ? "DESC" : "ASC", ordered)
                .itemIf("offset", offset, offset != null)
                .itemIf("fetch", fetch, fetch != null);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        if (keys != null) {
            return Math.max(1, keys.size());
        }
        double rows = super.estimateRowCount(mq);
        if (range != null && !range.isAll()) {
            // a bounded side keeps a fraction of the keys; both sides (or a prefix), far fewer
            rows *= range.lows().isEmpty() || range.highs().isEmpty() ? 0.25 : 0.01;
        }
        if (fetch != null && fetch.paramIndex() < 0) {
            rows = Math.min(rows, fetch.literal());
        } else if (fetch != null) {
            rows = Math.min(rows, 100);
        }
        return Math.max(1, rows);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        // A lookup touches only its keys; make it decisively cheaper than a scan plus filter. A range read
        // touches only its range, plus a search of the index.
        double factor = keys != null ? 0.01 : range != null ? 0.5 : 1.0;
        return planner.getCostFactory().makeCost(rows * factor, (rows + 1) * factor, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        KvScanSpec scanSpec = range == null ? new KvScanSpec(kvTable, keys)
                : new KvScanSpec(kvTable, range, descending, offset, fetch);
        Expression spec = implementor.stash(scanSpec, KvScanSpec.class);
        return implementor.result(physType, Blocks.toBlock(
                Expressions.call(spec, "enumerable", implementor.getRootExpression())));
    }
}
