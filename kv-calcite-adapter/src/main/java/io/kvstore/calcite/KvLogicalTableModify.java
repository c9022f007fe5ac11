package io.kvstore.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;

/**
 * The logical INSERT into {@code kv} built by {@link KvTable#toModificationRel}. It exists so that a statement
 * without any scan of {@code kv} (INSERT ... VALUES) still registers {@link KvRules#RULES} in the planner; UPDATE,
 * DELETE and MERGE scan the table and get the rules from {@link KvTableScan}. Immutable.
 */
final class KvLogicalTableModify extends TableModify {

    KvLogicalTableModify(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table,
                         Prepare.CatalogReader catalogReader, RelNode input, Operation operation,
                         List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
        super(cluster, traitSet, table, catalogReader, input, operation, updateColumnList, sourceExpressionList,
                flattened);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvLogicalTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
                getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened());
    }

    @Override
    public void register(RelOptPlanner planner) {
        for (RelOptRule rule : KvRules.RULES) {
            planner.addRule(rule);
        }
    }
}
