package io.kvstore.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.rel.core.TableModify;

/**
 * The planner rules of the adapter, registered by {@link KvTableScan#register} and
 * {@link KvLogicalTableModify#register}:
 * <ul>
 *   <li>{@link #FILTER_INTO_SCAN}: a filter over a full {@link KvTableScan} whose condition contains a key
 *   lookup (see {@link KvFilterTranslator}) becomes a lookup scan, plus a filter for whatever else the condition
 *   says; failing that, one that bounds the key ({@code <}, {@code <=}, {@code >}, {@code >=}, BETWEEN,
 *   {@code LIKE 'prefix%'}) becomes a range read of the ordered index, plus a filter for the rest;</li>
 *   <li>{@link #SORT_INTO_SCAN}, {@link #SORT_INTO_SCAN_PROJECTED}: {@code ORDER BY key [ASC|DESC]} (and any
 *   {@code OFFSET}/{@code LIMIT}/{@code FETCH} with literals or {@code ?}) over a scan, or over a projection of
 *   its columns, becomes an ordered read in that direction; a bare LIMIT/OFFSET becomes an ascending ordered
 *   read that stops after the limit;</li>
 *   <li>{@link #AGGREGATE_INTO_SCAN}, {@link #AGGREGATE_INTO_SCAN_PROJECTED}: {@code count(*)}, {@code min(key)},
 *   {@code max(key)} without GROUP BY over a scan or range read become a {@link KvAggregateScan};</li>
 *   <li>{@link #TABLE_MODIFY}: INSERT, UPDATE, DELETE and MERGE on {@code kv} become {@link KvTableModify};</li>
 *   <li>{@link #LOOKUP_JOIN}, {@link #LOOKUP_JOIN_PROJECTED}: {@code x [LEFT] JOIN kv ON kv.key = x.f} (a CHAR or
 *   VARCHAR field, nothing else in the condition; for INNER joins kv may be under a projection of its columns)
 *   becomes a {@link KvLookupJoin}, one key lookup per row of {@code x} instead of a scan of kv;</li>
 *   <li>{@link #LOOKUP_SEMI_JOIN}, {@link #LOOKUP_SEMI_JOIN_PROJECTED}: {@code kv SEMI JOIN x ON kv.key = x.f}
 *   (long IN lists, IN subqueries), also with a projection of kv's columns on the left, becomes a semi
 *   {@link KvLookupJoin} over {@code x} (plus that projection).</li>
 * </ul>
 */
final class KvRules {
    static final RelOptRule FILTER_INTO_SCAN = new FilterIntoScanRule();
    static final RelOptRule TABLE_MODIFY = ConverterRule.Config.INSTANCE
            .withConversion(TableModify.class, (TableModify m) -> m.getTable().unwrap(KvTable.class) != null,
                    Convention.NONE, EnumerableConvention.INSTANCE, "KvTableModifyRule")
            .withRuleFactory(TableModifyRule::new)
            .toRule(TableModifyRule.class);

    static final RelOptRule LOOKUP_JOIN = new LookupJoinRule(false);
    static final RelOptRule LOOKUP_JOIN_PROJECTED = new LookupJoinRule(true);
    static final RelOptRule LOOKUP_SEMI_JOIN = new LookupSemiJoinRule(false);
    static final RelOptRule LOOKUP_SEMI_JOIN_PROJECTED = new LookupSemiJoinRule(true);

    /**
     * Also for a bare LIMIT/OFFSET over a full scan: Volcano would choose the ordered read by cost at every table
     * size (see {@link KvTableScan#computeSelfCost}: half a row per row read, at most the row count, against every
     * row of the unordered scan), so the lean path's rule-ordered program gives the same plan without costs
     * ({@code KvRangeScanTest.plan_limitWithoutOrderOverFullScan_orderedReadAtEverySize}).
     */
    static final RelOptRule SORT_INTO_SCAN = new SortIntoScanRule(false);
    static final RelOptRule SORT_INTO_SCAN_PROJECTED = new SortIntoScanRule(true);
    static final RelOptRule AGGREGATE_INTO_SCAN = new AggregateIntoScanRule(false);
    static final RelOptRule AGGREGATE_INTO_SCAN_PROJECTED = new AggregateIntoScanRule(true);

    static final List<RelOptRule> RULES = List.of(FILTER_INTO_SCAN, TABLE_MODIFY, LOOKUP_JOIN,
            LOOKUP_JOIN_PROJECTED, LOOKUP_SEMI_JOIN, LOOKUP_SEMI_JOIN_PROJECTED, SORT_INTO_SCAN,
            SORT_INTO_SCAN_PROJECTED, AGGREGATE_INTO_SCAN, AGGREGATE_INTO_SCAN_PROJECTED);

    private KvRules() {
    }

    /** Whether a join field holds text that equals a key exactly as the join compares it (CHAR or VARCHAR). */
    static boolean isText(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.VARCHAR || type.getSqlTypeName() == SqlTypeName.CHAR;
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
            return scan.keys() == null && scan.range() == null;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            KvTableScan scan = call.rel(1);
            KvFilterTranslator.Translation t =
                    KvFilterTranslator.translate(filter.getCluster().getRexBuilder(), filter.getCondition());
            if (t == null) {
                KvFilterTranslator.RangeTranslation r = KvFilterTranslator.translateRange(
                        filter.getCluster().getRexBuilder(), filter.getCondition());
                if (r != null) {
                    RelNode read = scan.withRange(r.range());
                    call.transformTo(r.remaining().isEmpty() ? read
                            : call.builder().push(read).filter(r.remaining()).build());
                }
                return;
            }
            RelNode lookup = scan.withKeys(t.keys());
            RelNode result = t.remaining().isEmpty()
                    ? lookup
                    : call.builder().push(lookup).filter(t.remaining()).build();
            call.transformTo(result);
        }
    }

    /**
     * Sort(KvTableScan) or Sort(Project(KvTableScan)) ordered by the key -> the scan as an ordered read in that
     * direction, with the sort's offset and fetch. The scan may already be a range read; not a lookup, and not one
     * that is already limited.
     */
    private static final class SortIntoScanRule extends RelOptRule {
        private final boolean projected;

        @SuppressWarnings("deprecation")
        SortIntoScanRule(boolean projected) {
            super(projected
                    ? operand(Sort.class, operand(Project.class, operand(KvTableScan.class, none())))
                    : operand(Sort.class, operand(KvTableScan.class, none())),
                    projected ? "KvSortIntoScanRule:projected" : "KvSortIntoScanRule");
            this.projected = projected;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Sort sort = call.rel(0);
            Project project = projected ? call.rel(1) : null;
            KvTableScan scan = call.rel(projected ? 2 : 1);
            if (scan.keys() != null || scan.isLimited()) {
                return;
            }
            List<RelFieldCollation> fields = sort.getCollation().getFieldCollations();
            boolean desc;
            if (fields.isEmpty()) {
                if (sort.offset == null && sort.fetch == null) {
                    return;
                }
                desc = false; // LIMIT without ORDER BY: any order will do; the index gives ascending
            } else {
                // key is unique, so fields after it in the ORDER BY change nothing
                RelFieldCollation first = fields.get(0);
                int field = first.getFieldIndex();
                int scanField = project == null ? field
                        : project.getProjects().get(field) instanceof RexInputRef ref ? ref.getIndex() : -1;
                if (scanField != 0) {
                    return;
                }
                desc = first.getDirection() == RelFieldCollation.Direction.DESCENDING
                        || first.getDirection() == RelFieldCollation.Direction.STRICTLY_DESCENDING;
            }
            KvRowCount offset = sort.offset == null ? null : KvRowCount.of(sort.offset);
            KvRowCount fetch = sort.fetch == null ? null : KvRowCount.of(sort.fetch);
            if ((sort.offset != null && offset == null) || (sort.fetch != null && fetch == null)) {
                return;
            }
            RelCollation scanCollation = RelCollations.of(new RelFieldCollation(0,
                    desc ? RelFieldCollation.Direction.DESCENDING : RelFieldCollation.Direction.ASCENDING));
            RelNode read = scan.withOrder(scan.getTraitSet().replace(scanCollation), desc, offset, fetch);
            if (project == null) {
                call.transformTo(read);
                return;
            }
            // a Hep planner (the lean path) has no convention in its trait sets
            RelTraitSet traits = project.getConvention() == null ? sort.getTraitSet()
                    : sort.getTraitSet().replace(project.getConvention());
            call.transformTo(project.copy(traits, read, project.getProjects(), project.getRowType()));
        }
    }

    /**
     * Aggregate([Project] KvTableScan) computing only count(*), count(column), min(key), max(key), without GROUP
     * BY -> KvAggregateScan. The scan may be a range read; not a lookup and not a limited read.
     */
    private static final class AggregateIntoScanRule extends RelOptRule {
        private final boolean projected;

        @SuppressWarnings("deprecation")
        AggregateIntoScanRule(boolean projected) {
            super(projected
                    ? operand(Aggregate.class, operand(Project.class, operand(KvTableScan.class, none())))
                    : operand(Aggregate.class, operand(KvTableScan.class, none())),
                    projected ? "KvAggregateIntoScanRule:projected" : "KvAggregateIntoScanRule");
            this.projected = projected;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Aggregate agg = call.rel(0);
            Project project = projected ? call.rel(1) : null;
            KvTableScan scan = call.rel(projected ? 2 : 1);
            if (scan.keys() != null || scan.isLimited() || agg.getGroupCount() != 0
                    || agg.getGroupType() != Aggregate.Group.SIMPLE) {
                return;
            }
            List<KvAggregateSpec.Kind> kinds = new ArrayList<>();
            for (AggregateCall ac : agg.getAggCallList()) {
                if (ac.filterArg >= 0 || ac.getArgList().size() > 1) {
                    return;
                }
                int arg = -1;
                if (ac.getArgList().size() == 1) {
                    int field = ac.getArgList().get(0);
                    arg = project == null ? field
                            : project.getProjects().get(field) instanceof RexInputRef ref ? ref.getIndex() : -2;
                    if (arg < 0) {
                        return;
                    }
                }
                switch (ac.getAggregation().getKind()) {
                    case COUNT:
                        if (ac.isDistinct() && arg != 0) {
                            return; // count(distinct value) needs the values
                        }
                        kinds.add(KvAggregateSpec.Kind.COUNT);
                        break;
                    case MIN:
                    case MAX:
                        if (arg != 0) {
                            return;
                        }
                        kinds.add(ac.getAggregation().getKind() == SqlKind.MIN ? KvAggregateSpec.Kind.MIN
                                : KvAggregateSpec.Kind.MAX);
                        break;
                    default:
                        return;
                }
            }
            KvKeyRange range = scan.range() == null ? KvKeyRange.all() : scan.range();
            call.transformTo(new KvAggregateScan(agg.getCluster(),
                    agg.getCluster().traitSetOf(EnumerableConvention.INSTANCE), scan.getTable(), scan.kvTable(),
                    range, kinds, agg.getRowType()));
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

    /** Join(x, [Project] KvTableScan) on kv.key = x.f -> [Project] KvLookupJoin(x). */
    private static final class LookupJoinRule extends RelOptRule {
        private final boolean projected;

        @SuppressWarnings("deprecation")
        LookupJoinRule(boolean projected) {
            super(projected
                    ? operand(Join.class, operand(RelNode.class, any()),
                            operand(Project.class, operand(KvTableScan.class, none())))
                    : operand(Join.class, operand(RelNode.class, any()), operand(KvTableScan.class, none())),
                    projected ? "KvLookupJoinRule:projected" : "KvLookupJoinRule");
            this.projected = projected;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Join join = call.rel(0);
            RelNode left = call.rel(1);
            Project project = projected ? call.rel(2) : null;
            KvTableScan scan = call.rel(projected ? 3 : 2);
            // only a plain scan becomes lookups: a range read's bounds (and any order or limit) would be lost
            if (!scan.isFullScan()
                    || (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT)) {
                return;
            }
            if (project != null && (join.getJoinType() != JoinRelType.INNER
                    || !project.getProjects().stream().allMatch(e -> e instanceof RexInputRef))) {
                return;
            }
            JoinInfo info = join.analyzeCondition();
            if (!info.isEqui() || info.leftKeys.size() != 1) {
                return;
            }
            int rightKey = info.rightKeys.get(0);
            boolean rightIsKey = project == null ? rightKey == 0
                    : ((RexInputRef) project.getProjects().get(rightKey)).getIndex() == 0;
            int leftKey = info.leftKeys.get(0);
            if (!rightIsKey || !isText(left.getRowType().getFieldList().get(leftKey).getType())) {
                return;
            }
            RelTraitSet traits = join.getTraitSet().replace(EnumerableConvention.INSTANCE);
            RelNode leftInput = convert(join.getLeft(),
                    join.getLeft().getTraitSet().replace(EnumerableConvention.INSTANCE));
            if (project == null) {
                call.transformTo(new KvLookupJoin(join.getCluster(), traits, leftInput, scan.getTable(),
                        scan.kvTable(), leftKey, join.getJoinType(), join.getRowType()));
                return;
            }
            RelDataType fullType = SqlValidatorUtil.createJoinType(join.getCluster().getTypeFactory(),
                    left.getRowType(), scan.getRowType(), null, List.of());
            RelNode lookup = new KvLookupJoin(join.getCluster(), traits, leftInput, scan.getTable(), scan.kvTable(),
                    leftKey, join.getJoinType(), fullType);
            int n = left.getRowType().getFieldCount();
            List<RexNode> exprs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                exprs.add(RexInputRef.of(i, fullType));
            }
            for (RexNode e : project.getProjects()) {
                exprs.add(RexInputRef.of(n + ((RexInputRef) e).getIndex(), fullType));
            }
            call.transformTo(call.builder().push(lookup).project(exprs, join.getRowType().getFieldNames(), true)
                    .convert(join.getRowType(), false).build());
        }
    }

    /** SemiJoin([Project] KvTableScan, x) on kv.key = x.f -> [Project] KvLookupJoin(x, SEMI). */
    private static final class LookupSemiJoinRule extends RelOptRule {
        private final boolean projected;

        @SuppressWarnings("deprecation")
        LookupSemiJoinRule(boolean projected) {
            super(projected
                    ? operand(Join.class, operand(Project.class, operand(KvTableScan.class, none())),
                            operand(RelNode.class, any()))
                    : operand(Join.class, operand(KvTableScan.class, none()), operand(RelNode.class, any())),
                    projected ? "KvLookupSemiJoinRule:projected" : "KvLookupSemiJoinRule");
            this.projected = projected;
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Join join = call.rel(0);
            Project project = projected ? call.rel(1) : null;
            KvTableScan scan = call.rel(projected ? 2 : 1);
            RelNode right = call.rel(projected ? 3 : 2);
            if (!scan.isFullScan() || join.getJoinType() != JoinRelType.SEMI) {
                return;
            }
            JoinInfo info = join.analyzeCondition();
            if (!info.isEqui() || info.leftKeys.size() != 1) {
                return;
            }
            int leftKey = info.leftKeys.get(0);
            boolean leftIsKey = project == null ? leftKey == 0
                    : project.getProjects().get(leftKey) instanceof RexInputRef ref && ref.getIndex() == 0;
            int rightKey = info.rightKeys.get(0);
            if (!leftIsKey || !isText(right.getRowType().getFieldList().get(rightKey).getType())) {
                return;
            }
            RelTraitSet traits = join.getTraitSet().replace(EnumerableConvention.INSTANCE);
            RelNode lookup = new KvLookupJoin(join.getCluster(), traits,
                    convert(right, right.getTraitSet().replace(EnumerableConvention.INSTANCE)),
                    scan.getTable(), scan.kvTable(), rightKey, JoinRelType.SEMI, scan.getRowType());
            call.transformTo(project == null ? lookup
                    : call.builder().push(lookup).project(project.getProjects(), project.getRowType().getFieldNames())
                        .build());
        }
    }
}
