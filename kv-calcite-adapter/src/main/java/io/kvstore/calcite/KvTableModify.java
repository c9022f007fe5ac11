package io.kvstore.calcite;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * Executes INSERT, UPDATE, DELETE and MERGE on {@code kv} by key through {@link KvWriteSpec}: the input rows
 * (VALUES, a query, or a {@link KvTableScan} - a key lookup when the WHERE clause names keys) are turned into
 * engine writes and the update count is counted exactly. Replaces Calcite's {@code EnumerableTableModify}, which
 * cannot UPDATE or MERGE and walks the whole table to DELETE; its cost is made negligible so that the planner
 * always prefers it. Immutable.
 */
public final class KvTableModify extends TableModify implements EnumerableRel {

    KvTableModify(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table,
                  Prepare.CatalogReader catalogReader, RelNode input, Operation operation,
                  List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
        super(cluster, traitSet, table, catalogReader, input, operation, updateColumnList, sourceExpressionList,
                flattened);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
                getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        // Below the planner's tiny cost (zero would be nudged up to it), so that Calcite's EnumerableTableModify,
        // which cannot do this job, never wins a tie.
        return planner.getCostFactory().makeCost(1e-3, 1e-3, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression child = builder.append("child", input.block);
        Expression rows = builder.append("rows", input.physType.convertTo(child, JavaRowFormat.ARRAY));
        KvTable kvTable = getTable().unwrap(KvTable.class);
        KvWriteSpec spec = KvWriteSpec.of(kvTable, getOperation(), getUpdateColumnList(),
                getInput().getRowType().getFieldCount());
        Expression specExp = implementor.stash(spec, KvWriteSpec.class);
        JavaRowFormat format = pref == Prefer.ARRAY ? JavaRowFormat.ARRAY : JavaRowFormat.SCALAR;
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format);
        Method method = Types.lookupMethod(KvWriteSpec.class,
                physType.getFormat() == JavaRowFormat.ARRAY ? "executeAsArray" : "execute",
                DataContext.class, Enumerable.class);
        builder.add(Expressions.return_(null, Expressions.call(specExp, method,
                implementor.getRootExpression(), Expressions.convert_(rows, Enumerable.class))));
        return implementor.result(physType, builder.toBlock());
    }
}
