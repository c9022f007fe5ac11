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
 * engine's hash table (never a scan). EXPLAIN shows {@code KvTableScan(table=[[kvstore, kv]])} or
 * {@code KvTableScan(table=[[kvstore, kv]], lookup=[['a', ?0]])}.
 *
 * <p>Registering this node in a planner also registers {@link KvRules#RULES}: that is how the filter pushdown and
 * the write rules reach Calcite's planner without a custom prepare. Immutable.
 */
public final class KvTableScan extends TableScan implements EnumerableRel {
    private final KvTable kvTable;
    private final List<KvKeySource> keys;

    KvTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, KvTable kvTable,
                List<KvKeySource> keys) {
        super(cluster, traitSet, List.of(), table);
        this.kvTable = kvTable;
        this.keys = keys == null ? null : List.copyOf(keys);
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

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvTableScan(getCluster(), traitSet, getTable(), kvTable, keys);
    }

    @Override
    public void register(RelOptPlanner planner) {
        for (RelOptRule rule : KvRules.RULES) {
            planner.addRule(rule);
        }
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).itemIf("lookup", keys, keys != null);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return keys == null ? super.estimateRowCount(mq) : Math.max(1, keys.size());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        // A lookup touches only its keys; make it decisively cheaper than a scan plus filter.
        double factor = keys == null ? 1.0 : 0.01;
        return planner.getCostFactory().makeCost(rows * factor, (rows + 1) * factor, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        Expression spec = implementor.stash(new KvScanSpec(kvTable, keys), KvScanSpec.class);
        return implementor.result(physType, Blocks.toBlock(
                Expressions.call(spec, "enumerable", implementor.getRootExpression())));
    }
}
