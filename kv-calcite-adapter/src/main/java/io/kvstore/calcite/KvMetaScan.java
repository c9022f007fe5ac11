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
 * Reads {@code kv_meta} ({@link KvMetaTable}): all live entries, or only the lookup keys when a WHERE clause on
 * {@code key} was pushed in by {@link KvMetaRules}. Registering it registers {@link KvMetaRules#RULES}.
 * Immutable.
 */
public final class KvMetaScan extends TableScan implements EnumerableRel {
    private final KvMetaTable metaTable;
    private final List<KvKeySource> keys;

    KvMetaScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, KvMetaTable metaTable,
               List<KvKeySource> keys) {
        super(cluster, traitSet, List.of(), table);
        this.metaTable = metaTable;
        this.keys = keys == null ? null : List.copyOf(keys);
    }

    List<KvKeySource> keys() {
        return keys;
    }

    /** Whether this scan is a key lookup (else a scan of every entry). For plan executors outside the adapter. */
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

    KvMetaScan withKeys(List<KvKeySource> newKeys) {
        return new KvMetaScan(getCluster(), getTraitSet(), getTable(), metaTable, newKeys);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvMetaScan(getCluster(), traitSet, getTable(), metaTable, keys);
    }

    @Override
    public void register(RelOptPlanner planner) {
        for (RelOptRule rule : KvMetaRules.RULES) {
            planner.addRule(rule);
        }
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).itemIf("lookup", keys, keys != null);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return keys != null ? Math.max(1, keys.size()) : super.estimateRowCount(mq);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        double factor = keys != null ? 0.01 : 1.0;
        return planner.getCostFactory().makeCost(rows * factor, (rows + 1) * factor, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        Expression spec = implementor.stash(new KvMetaScanSpec(metaTable, keys), KvMetaScanSpec.class);
        return implementor.result(physType, Blocks.toBlock(
                Expressions.call(spec, "enumerable", implementor.getRootExpression())));
    }
}
