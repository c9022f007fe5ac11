package io.kvstore.calcite;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
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
 * Executes {@code UPDATE kv_meta SET expires_at = ...} through {@link KvMetaWriteSpec} (other operations are
 * refused when executed, with the reason). Immutable.
 */
public final class KvMetaTableModify extends TableModify implements EnumerableRel {

    KvMetaTableModify(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table,
                      Prepare.CatalogReader catalogReader, RelNode input, Operation operation,
                      List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
        super(cluster, traitSet, table, catalogReader, input, operation, updateColumnList, sourceExpressionList,
                flattened);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvMetaTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
                getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return planner.getCostFactory().makeCost(1e-3, 1e-3, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression child = builder.append("child", input.block);
        Expression rows = builder.append("rows", input.physType.convertTo(child, JavaRowFormat.ARRAY));
        KvMetaWriteSpec spec = KvMetaWriteSpec.of(getTable().unwrap(KvMetaTable.class), getOperation(),
                getUpdateColumnList());
        Expression specExp = implementor.stash(spec, KvMetaWriteSpec.class);
        JavaRowFormat format = pref == Prefer.ARRAY ? JavaRowFormat.ARRAY : JavaRowFormat.SCALAR;
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format);
        Method method = Types.lookupMethod(KvMetaWriteSpec.class,
                physType.getFormat() == JavaRowFormat.ARRAY ? "executeAsArray" : "execute",
                DataContext.class, Enumerable.class);
        builder.add(Expressions.return_(null, Expressions.call(specExp, method,
                implementor.getRootExpression(), Expressions.convert_(rows, Enumerable.class))));
        return implementor.result(physType, builder.toBlock());
    }
}
