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
 * Planner rules for {@code kv_meta}, registered by {@link KvMetaScan#register}: a filter naming keys becomes a
 * key lookup of the scan (the same translation as {@code kv}'s, {@link KvFilterTranslator}), and a TableModify on
 * {@code kv_meta} becomes {@link KvMetaTableModify}. Stateless.
 */
final class KvMetaRules {
    static final RelOptRule FILTER_INTO_SCAN = new FilterIntoScanRule();
    static final RelOptRule TABLE_MODIFY = ConverterRule.Config.INSTANCE
            .withConversion(TableModify.class, (TableModify m) -> m.getTable().unwrap(KvMetaTable.class) != null,
                    Convention.NONE, EnumerableConvention.INSTANCE, "KvMetaTableModifyRule")
            .withRuleFactory(TableModifyRule::new)
            .toRule(TableModifyRule.class);
    static final List<RelOptRule> RULES = List.of(FILTER_INTO_SCAN, TABLE_MODIFY);

    private KvMetaRules() {
    }

    /** Filter(KvMetaScan) whose condition names keys -> a lookup, with the other conjuncts left on top. */
    private static final class FilterIntoScanRule extends RelOptRule {
        @SuppressWarnings("deprecation")
        FilterIntoScanRule() {
            super(operand(Filter.class, operand(KvMetaScan.class, none())), "KvMetaFilterIntoScanRule");
        }

        @Override
        public boolean matches(RelOptRuleCall call) {
            KvMetaScan scan = call.rel(1);
            return scan.keys() == null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            KvMetaScan scan = call.rel(1);
            KvFilterTranslator.Translation t =
                    KvFilterTranslator.translate(filter.getCluster().getRexBuilder(), filter.getCondition());
            if (t == null) {
                return;
            }
            RelNode lookup = scan.withKeys(t.keys());
            call.transformTo(t.remaining().isEmpty() ? lookup
                    : call.builder().push(lookup).filter(t.remaining()).build());
        }
    }

    /** TableModify on kv_meta -> KvMetaTableModify. */
    private static final class TableModifyRule extends ConverterRule {
        TableModifyRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            TableModify modify = (TableModify) rel;
            RelTraitSet traits = modify.getTraitSet().replace(EnumerableConvention.INSTANCE);
            return new KvMetaTableModify(modify.getCluster(), traits, modify.getTable(), modify.getCatalogReader(),
                    convert(modify.getInput(), traits), modify.getOperation(), modify.getUpdateColumnList(),
                    modify.getSourceExpressionList(), modify.isFlattened());
        }
    }
}
