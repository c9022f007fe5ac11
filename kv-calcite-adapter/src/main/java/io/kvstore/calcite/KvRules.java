package io.kvstore.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableModify;

/**
 * The planner rules of the adapter, registered by {@link KvTableScan#register} and
 * {@link KvLogicalTableModify#register}:
 * <ul>
 *   <li>{@link #FILTER_INTO_SCAN}: a filter over a full {@link KvTableScan} whose condition contains a key
 *   lookup (see {@link KvFilterTranslator}) becomes a lookup scan, plus a filter for whatever else the condition
 *   says;</li>
 *   <li>{@link #TABLE_MODIFY}: INSERT, UPDATE, DELETE and MERGE on {@code kv} become {@link KvTableModify}.</li>
 * </ul>
 */
final class KvRules {
    static final RelOptRule FILTER_INTO_SCAN = new FilterIntoScanRule();
    static final RelOptRule TABLE_MODIFY = ConverterRule.Config.INSTANCE
            .withConversion(TableModify.class, (TableModify m) -> m.getTable().unwrap(KvTable.class) != null,
                    Convention.NONE, EnumerableConvention.INSTANCE, "KvTableModifyRule")
            .withRuleFactory(TableModifyRule::new)
            .toRule(TableModifyRule.class);

    static final List<RelOptRule> RULES = List.of(FILTER_INTO_SCAN, TABLE_MODIFY);

    private KvRules() {
    }

    /** Filter(KvTableScan) -> KvTableScan(lookup) [+ Filter(rest)]. */
    private static final class FilterIntoScanRule extends RelOptRule {
        @SuppressWarnings("deprecation")
        FilterIntoScanRule() {
            super(operand(Filter.class, operand(KvTableScan.class, none())), "KvFilterIntoScanRule");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            KvTableScan scan = call.rel(1);
            return scan.keys() == null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            KvTableScan scan = call.rel(1);
            KvFilterTranslator.Translation t =
                    KvFilterTranslator.translate(filter.getCluster().getRexBuilder(), filter.getCondition());
            if (t == null) {
                return;
            }
            RelNode lookup = scan.withKeys(t.keys());
            RelNode result = t.remaining().isEmpty()
                    ? lookup
                    : call.builder().push(lookup).filter(t.remaining()).build();
            call.transformTo(result);
        }
    }

    /** TableModify on kv -> KvTableModify. */
    private static final class TableModifyRule extends ConverterRule {
        TableModifyRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            TableModify modify = (TableModify) rel;
            RelTraitSet traits = modify.getTraitSet().replace(EnumerableConvention.INSTANCE);
            return new KvTableModify(modify.getCluster(), traits, modify.getTable(), modify.getCatalogReader(),
                    convert(modify.getInput(), traits), modify.getOperation(), modify.getUpdateColumnList(),
                    modify.getSourceExpressionList(), modify.isFlattened());
        }
    }
}
