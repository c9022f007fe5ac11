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
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Joins each input row to the {@code kv} row whose key equals one of its fields, by looking that key up in the
 * engine (never scanning {@code kv}): {@code input JOIN kv ON kv.key = input.$k} (INNER) or LEFT JOIN, as in a
 * MERGE's upsert join, a self join on key, or {@code key IN (SELECT ...)} turned into a join. Output rows are the
 * input fields followed by {@code key, value} (NULLs for an unmatched LEFT row). With {@link JoinRelType#SEMI}
 * ({@code kv SEMI JOIN input}, as a long IN list or IN subquery becomes) the output is only the kv rows whose key
 * some input row names, each once. Built by {@link KvRules#LOOKUP_JOIN}. Immutable.
 */
public final class KvLookupJoin extends SingleRel implements EnumerableRel {
    private final RelOptTable kvRelOptTable;
    private final KvTable kvTable;
    private final int inputKey;
    private final JoinRelType joinType;

    KvLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelOptTable kvRelOptTable,
                 KvTable kvTable, int inputKey, JoinRelType joinType, RelDataType rowType) {
        super(cluster, traits, input);
        this.kvRelOptTable = kvRelOptTable;
        this.kvTable = kvTable;
        this.inputKey = inputKey;
        this.joinType = joinType;
        this.rowType = rowType;
    }

    /** The input field holding the key looked up (its text; a null field matches nothing). */
    public int inputKey() {
        return inputKey;
    }

    /** INNER, LEFT or SEMI. */
    public JoinRelType joinType() {
        return joinType;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KvLookupJoin(getCluster(), traitSet, sole(inputs), kvRelOptTable, kvTable, inputKey, joinType,
                rowType);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("table", kvRelOptTable.getQualifiedName())
                .item("key", "$" + inputKey)
                .item("joinType", joinType.lowerName);
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double in = mq.getRowCount(getInput());
        return joinType == JoinRelType.SEMI ? Math.min(in, kvRelOptTable.getRowCount()) : in;
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = mq.getRowCount(getInput());
        return planner.getCostFactory().makeCost(rows * 0.01, rows * 0.01, 0);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression child = builder.append("left", input.block);
        Expression rows = builder.append("leftRows", input.physType.convertTo(child, JavaRowFormat.ARRAY));
        Expression spec = implementor.stash(new KvLookupJoinSpec(kvTable, inputKey, joinType),
                KvLookupJoinSpec.class);
        Method method = Types.lookupMethod(KvLookupJoinSpec.class, "join", DataContext.class, Enumerable.class);
        builder.add(Expressions.return_(null, Expressions.call(spec, method, implementor.getRootExpression(),
                Expressions.convert_(rows, Enumerable.class))));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
        return implementor.result(physType, builder.toBlock());
    }
}
