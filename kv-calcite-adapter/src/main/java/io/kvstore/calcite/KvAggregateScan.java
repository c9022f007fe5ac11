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
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code SELECT count(*), min(key), max(key) FROM kv [WHERE <key range>]} (any of these aggregates, in any order,
 * without GROUP BY) answered by the engine's ordered index without reading the rows: the count from the index's
 * subtree counts, {@code min}/{@code max} from the first entry in either direction. One output row.
 * EXPLAIN shows {@code KvAggregateScan(table=[[kvstore, kv]], range=[...], aggregates=[[COUNT, MIN]])}.
 *
 * <p>Made by {@link KvRules#AGGREGATE_INTO_SCAN}. Immutable.
 */
public final class KvAggregateScan extends AbstractRelNode implements EnumerableRel {
    private final RelOptTable table;
    private final KvTable kvTable;
    private final KvKeyRange range;
    private final List<KvAggregateSpec.Kind> aggregates;
    private final RelDataType type;

    KvAggregateScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, KvTable kvTable, KvKeyRange range,
                    List<KvAggregateSpec.Kind> aggregates, RelDataType type) {
        super(cluster, traits);
        this.table = table;
        this.kvTable = kvTable;
        this.range = range;
        this.aggregates = List.copyOf(aggregates);
        this.type = type;
    }

    @Override
    protected RelDataType deriveRowType() {
        return type;
    }

    @Override
    public RelOptTable getTable() {
        return table;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvAggregateScan(getCluster(), traitSet, table, kvTable, range, aggregates, type);
    }

    /** What this node computes, detached from the plan: for plan executors outside the adapter. */
    public KvAggregateSpec spec() {
        return new KvAggregateSpec(kvTable, range, aggregates);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("table", table.getQualifiedName())
                .itemIf("range", range, !range.isAll())
                .item("aggregates", aggregates);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        return 1;
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return planner.getCostFactory().makeCost(1, 1, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        // rows are Object[] even for one column (not optimised to a scalar): that is what the spec returns
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
        Expression spec = implementor.stash(new KvAggregateSpec(kvTable, range, aggregates), KvAggregateSpec.class);
        return implementor.result(physType, Blocks.toBlock(
                Expressions.call(spec, "enumerable", implementor.getRootExpression())));
    }
}
