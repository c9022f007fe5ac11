package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvAggregateScan;
import io.kvstore.calcite.KvAggregateSpec;
import io.kvstore.calcite.KvLookupJoin;
import io.kvstore.calcite.KvMetaScan;
import io.kvstore.calcite.KvScanSpec;
import io.kvstore.calcite.KvTable;
import io.kvstore.calcite.KvTableScan;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Recognizes, in a plan Calcite optimized for a statement, the plans the driver runs on the engine itself, and
 * builds their {@link Executor}. It reads both kinds of plan the driver makes: the physical plan of Calcite's full
 * path (Volcano, Enumerable convention) and the logical plan of the lean path ({@code KvLeanPlanner}: Hep, no
 * convention); the nodes below are matched by their core class, so {@code EnumerableCalc} and {@code LogicalCalc}
 * are both a {@link Calc}.
 * <ul>
 *   <li>queries: a {@link KvTableScan} (key lookup, full scan, or ordered read of a key range with its order and
 *   pushed-in offset/fetch, run by {@link RangeCursorSource}; then an ORDER BY is accepted when no sort is left in
 *   the plan) or a {@link KvAggregateScan} (count/min/max over a key range) under any chain of {@link Calc}
 *   (filters and projections of expressions {@link Exprs} compiles) and {@code EnumerableLimit} or a {@link Sort}
 *   without collation (offset and fetch, literal or {@code ?}), optionally one {@link Aggregate} of {@code COUNT}
 *   without grouping; {@link KvLookupJoin}s (INNER, LEFT: session 11, self-joins on a key, IN subqueries)
 *   anywhere in that chain, each one key lookup per input row ({@link LookupJoin}), with a {@link Sort} by
 *   columns above them (ORDER BY of joined rows, a stable sort as Calcite's); the same chain over a {@link Values}
 *   of literals ({@code SELECT 1}, {@code VALUES (1, 'a')}: pools' and tools' validation queries); the same chain
 *   over a {@link KvMetaScan} key lookup on {@code kv_meta} (run by {@link Pipeline.MetaLookup}; a scan of all of
 *   {@code kv_meta} stays with Calcite);</li>
 *   <li>writes: a {@link TableModify} of {@link KvTable} ({@code KvTableModify}, or the logical modify of the lean
 *   path): INSERT over {@link Values} (literals or {@code ?}), UPDATE of {@code value} and DELETE over a key
 *   lookup, a key range or a full scan (session 10: {@code DELETE FROM kv WHERE key LIKE 'p%'}, {@code DELETE FROM
 *   kv}), with filters; {@link WriteExecutor} reads every row before it writes the first.</li>
 * </ul>
 * Other sorts with a collation, other joins (hash, nested loop, merge: whatever Volcano picks instead of a lookup
 * join), other grouping and aggregates, MERGE, set operations, and any expression outside {@link Exprs}' subset
 * are not recognized: those statements run through Calcite. Stateless.
 */
public final class PlanRecognizer {
    private PlanRecognizer() {
    }

    /** Sizes reported for {@code kv}'s columns in result metadata. */
    public record ColumnSizes(int maxKeyBytes, int maxValueBytes) {
    }

    /**
     * The executor for {@code root}, or null when the plan is not one the driver runs itself.
     *
     * @param parameterCount the number of {@code ?} in the statement: every one must be used by the plan
     */
    public static Executor recognize(RelRoot root, int parameterCount, ColumnSizes sizes) {
        try {
            return new Builder(root.rel.getCluster().getRexBuilder()).build(root, parameterCount, sizes);
        } catch (Exprs.Unsupported e) {
            return null;
        }
    }

    /**
     * Types of computed result columns the driver's metadata does not describe as Calcite does ({@code SELECT NULL}:
     * Calcite reports type OTHER): such plans stay with Calcite.
     */
    private static final java.util.Set<SqlTypeName> UNDESCRIBED_TYPES = java.util.EnumSet.of(SqlTypeName.NULL,
            SqlTypeName.SYMBOL, SqlTypeName.UNKNOWN, SqlTypeName.ANY, SqlTypeName.OTHER);

    /** The type Calcite gives a {@code ?} in OFFSET or FETCH/LIMIT. */
    private static final int ROW_COUNT_TYPE = Types.INTEGER;

    private static final class Builder {
        private final RexBuilder rexBuilder;
        private final Map<Integer, RelDataType> params = new HashMap<>();
        private final Exprs exprs = new Exprs(params);
        /** Parameters used as lookup keys (typed VARCHAR unless seen elsewhere). */
        private final List<Integer> keyParams = new ArrayList<>();
        /** Parameters used only as an OFFSET or FETCH pushed into an ordered read. */
        private final List<Integer> rowCountParams = new ArrayList<>();

        Builder(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        Executor build(RelRoot root, int parameterCount, ColumnSizes sizes) throws Exprs.Unsupported {
            RelNode rel = root.rel;
            if (rel instanceof TableModify modify && modify.getTable().unwrap(KvTable.class) != null) {
                return write(modify, parameterCount);
            }
            if (root.kind != SqlKind.SELECT && root.kind != SqlKind.ORDER_BY && root.kind != SqlKind.VALUES) {
                throw new Exprs.Unsupported("kind " + root.kind);
            }
            List<RelNode> chain = chain(rel);
            RelNode bottom = chain.get(chain.size() - 1);
            // a chain without a sort meets the ORDER BY only over an ordered read: Calc and Limit keep the order
            boolean sorted = false;
            for (RelNode n : chain) {
                sorted |= n instanceof Sort sort && !sort.getCollation().getFieldCollations().isEmpty();
            }
            if (!root.collation.getFieldCollations().isEmpty() && !sorted
                    && !(bottom instanceof KvTableScan t && t.isRangeRead())) {
                throw new Exprs.Unsupported("ORDER BY");
            }
            Pipeline.Source source;
            /** Per current column: 0 key, 1 value, -1 computed. */
            int[] origin;
            if (bottom instanceof KvAggregateScan agg) {
                KvAggregateSpec spec = agg.spec();
                keyParams.addAll(spec.rangeParameters());
                source = new Pipeline.Aggregate(spec);
                origin = new int[agg.getRowType().getFieldCount()];
                java.util.Arrays.fill(origin, -1);
            } else if (bottom instanceof Values values) {
                if (values.getTuples().isEmpty()) {
                    throw new Exprs.Unsupported("empty VALUES"); // a filter Calcite reduced to FALSE: columns of kv
                }
                source = new Pipeline.Values(literalRows(values));
                origin = new int[values.getRowType().getFieldCount()];
                java.util.Arrays.fill(origin, -1);
            } else if (bottom instanceof KvMetaScan meta) {
                source = metaSource(meta);
                origin = new int[meta.getRowType().getFieldCount()];
                java.util.Arrays.fill(origin, -1); // kv_meta's columns are described as Calcite types them
            } else {
                source = source((KvTableScan) bottom);
                origin = new int[] {0, 1};
            }
            List<Pipeline.Step> steps = new ArrayList<>();
            List<Pipeline.Step> afterCount = null;
            boolean groupedRows = false;
            boolean joined = false;
            for (int i = chain.size() - 2; i >= 0; i--) {
                RelNode n = chain.get(i);
                List<Pipeline.Step> target = afterCount != null ? afterCount : steps;
                RexNode[] offsetFetch = limitNode(n);
                if (n instanceof Calc calc) {
                    origin = calc(calc, target, origin);
                } else if (offsetFetch != null) {
                    target.add(new Pipeline.Limit(bound(offsetFetch[0]), bound(offsetFetch[1])));
                } else if (n instanceof KvLookupJoin join && afterCount == null) {
                    origin = join(join, target, origin);
                    joined = true;
                } else if (n instanceof Aggregate agg && afterCount == null && isGroupBy(agg)) {
                    target.add(groupStep(agg));
                    int[] grouped = new int[agg.getRowType().getFieldCount()];
                    java.util.Arrays.fill(grouped, -1);
                    grouped[0] = origin[agg.getGroupSet().nth(0)];
                    origin = grouped;
                    groupedRows = true;
                } else if (n instanceof Sort sort && (groupedRows || joined) && afterCount == null) {
                    target.add(orderStep(sort));
                    if (sort.offset != null || sort.fetch != null) {
                        target.add(new Pipeline.Limit(bound(sort.offset), bound(sort.fetch)));
                    }
                } else if (n instanceof Aggregate agg && afterCount == null && isCount(agg)
                        && !(source instanceof Pipeline.Aggregate)) {
                    afterCount = new ArrayList<>();
                    origin = new int[agg.getAggCallList().size()];
                    java.util.Arrays.fill(origin, -1);
                    if (origin.length != 1) {
                        throw new Exprs.Unsupported("several aggregates");
                    }
                } else {
                    throw new Exprs.Unsupported(n.getRelTypeName());
                }
            }
            // the root's own projection (field selection and names)
            List<RelDataTypeField> fields = rel.getRowType().getFieldList();
            List<KvResultSetMetaData.Column> columns = new ArrayList<>();
            int[] selected = new int[root.fields.size()];
            boolean identity = selected.length == fields.size();
            for (int i = 0; i < selected.length; i++) {
                int f = root.fields.get(i).getKey();
                selected[i] = f;
                identity &= f == i;
                String label = root.fields.get(i).getValue();
                RelDataType t = fields.get(f).getType();
                if (origin[f] >= 0) {
                    columns.add(KvResultSetMetaData.Column.kv(label, origin[f] == 0 ? "key" : "value",
                            origin[f] == 0 ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
                } else {
                    if (UNDESCRIBED_TYPES.contains(t.getSqlTypeName())) {
                        throw new Exprs.Unsupported("column of type " + t);
                    }
                    columns.add(KvResultSetMetaData.Column.expression(label, t.getSqlTypeName().getJdbcOrdinal(),
                            t.getSqlTypeName().getName(), t.getPrecision(), t.getScale(), t.isNullable()));
                }
            }
            if (!identity) {
                Expr[] pick = new Expr[selected.length];
                for (int i = 0; i < pick.length; i++) {
                    int f = selected[i];
                    pick[i] = (row, p) -> row[f];
                }
                (afterCount != null ? afterCount : steps).add(new Pipeline.Calc(null, pick));
            }
            int[] types = parameterTypes(parameterCount);
            KvResultSetMetaData md = new KvResultSetMetaData(columns);
            Pipeline pipeline = new Pipeline(source, steps);
            if (afterCount != null) {
                return new QueryExecutor(pipeline, new Pipeline(source, afterCount), md, types, null, null);
            }
            // a scan of plain columns (and at most one limit) streams lazily from the cursor
            int[] scanColumns = null;
            Pipeline.Limit scanLimit = null;
            if (source instanceof Pipeline.Scan && plainScan(chain, selected)) {
                scanColumns = new int[selected.length];
                for (int i = 0; i < selected.length; i++) {
                    scanColumns[i] = origin[selected[i]];
                }
                for (Pipeline.Step s : steps) {
                    if (s instanceof Pipeline.Limit l) {
                        scanLimit = l;
                    }
                }
            }
            return new QueryExecutor(pipeline, null, md, types, scanColumns, scanLimit);
        }

        /**
         * The offset and fetch (each possibly null) of a limit node: the full path's {@code EnumerableLimit} or the
         * lean path's {@link Sort} without a collation; null for any other node.
         */
        private static RexNode[] limitNode(RelNode n) {
            if (n instanceof EnumerableLimit limit) {
                return new RexNode[] {limit.offset, limit.fetch};
            }
            if (n instanceof Sort sort && sort.getCollation().getFieldCollations().isEmpty()) {
                return new RexNode[] {sort.offset, sort.fetch};
            }
            return null;
        }

        /** Whether the chain above a scan is only projections of plain columns and at most one limit, in any order. */
        private static boolean plainScan(List<RelNode> chain, int[] selected) {
            int limits = 0;
            for (int i = 0; i < chain.size() - 1; i++) {
                RelNode n = chain.get(i);
                if (limitNode(n) != null) {
                    limits++;
                } else if (n instanceof Calc calc) {
                    RexProgram p = calc.getProgram();
                    if (p.getCondition() != null) {
                        return false;
                    }
                    for (RexLocalRef r : p.getProjectList()) {
                        if (!(p.expandLocalRef(r) instanceof RexInputRef)) {
                            return false;
                        }
                    }
                } else {
                    return false;
                }
            }
            return limits <= 1;
        }

        /** The rows of a VALUES of literals ({@code SELECT 1}, {@code VALUES ...}), as the driver's cells hold them. */
        private static List<Object[]> literalRows(Values values) throws Exprs.Unsupported {
            List<Object[]> rows = new ArrayList<>();
            for (List<RexLiteral> tuple : values.getTuples()) {
                Object[] row = new Object[tuple.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Exprs.literal(tuple.get(i));
                }
                rows.add(row);
            }
            return Collections.unmodifiableList(rows);
        }

        /** The nodes from {@code rel} down to the scan (kv, kv_meta or aggregate), each with one input. */
        private static List<RelNode> chain(RelNode rel) throws Exprs.Unsupported {
            List<RelNode> chain = new ArrayList<>();
            RelNode n = rel;
            while (true) {
                chain.add(n);
                if (n instanceof KvTableScan || n instanceof KvAggregateScan || n instanceof KvMetaScan
                        || n instanceof Values) {
                    return chain;
                }
                if (n.getInputs().size() != 1) {
                    throw new Exprs.Unsupported(n.getRelTypeName());
                }
                n = n.getInput(0);
            }
        }

        private Pipeline.Source source(KvTableScan scan) throws Exprs.Unsupported {
            if (scan.isRangeRead()) {
                KvScanSpec spec = scan.spec();
                keyParams.addAll(spec.rangeParameters());
                for (boolean off : new boolean[] {true, false}) {
                    int p = spec.rowCountParameter(off);
                    if (p >= 0) {
                        rowCountParams.add(p);
                    }
                }
                return new Pipeline.Scan(new RangeCursorSource(spec));
            }
            if (!scan.isLookup() && !scan.isFullScan()) {
                throw new Exprs.Unsupported("scan " + scan); // never run a pushed-down read as a plain full scan
            }
            if (!scan.isLookup()) {
                return new Pipeline.Scan(CursorSource.FULL);
            }
            return new Pipeline.Lookup(lookupKeys(scan.lookupKeyCount(), scan::lookupLiteral,
                    scan::lookupParameter));
        }

        /** A key lookup on kv_meta; a scan of every entry is left to Calcite. */
        private Pipeline.Source metaSource(KvMetaScan scan) throws Exprs.Unsupported {
            if (!scan.isLookup()) {
                throw new Exprs.Unsupported("kv_meta scan");
            }
            return new Pipeline.MetaLookup(lookupKeys(scan.lookupKeyCount(), scan::lookupLiteral,
                    scan::lookupParameter));
        }

        private List<Pipeline.Key> lookupKeys(int count, java.util.function.IntFunction<String> literal,
                                              java.util.function.IntUnaryOperator param) {
            List<Pipeline.Key> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int p = param.applyAsInt(i);
                keys.add(new Pipeline.Key(p < 0 ? literal.apply(i) : null, p));
                if (p >= 0) {
                    keyParams.add(p);
                }
            }
            return keys;
        }

        private int[] calc(Calc calc, List<Pipeline.Step> steps, int[] origin) throws Exprs.Unsupported {
            RexProgram p = calc.getProgram();
            Expr condition = null;
            if (p.getCondition() != null) {
                condition = exprs.compile(expand(p.expandLocalRef(p.getCondition())));
            }
            List<RexLocalRef> projects = p.getProjectList();
            Expr[] out = new Expr[projects.size()];
            int[] newOrigin = new int[out.length];
            boolean identity = out.length == origin.length;
            for (int i = 0; i < out.length; i++) {
                RexNode e = expand(p.expandLocalRef(projects.get(i)));
                out[i] = exprs.compile(e);
                newOrigin[i] = e instanceof RexInputRef ref ? origin[ref.getIndex()] : -1;
                identity &= e instanceof RexInputRef ref && ref.getIndex() == i;
            }
            steps.add(new Pipeline.Calc(condition, identity ? null : out));
            return newOrigin;
        }

        /**
         * A lookup join's step (INNER or LEFT; a SEMI join, which Volcano has not been seen to plan for these
         * statements, stays with Calcite); returns the origins of its output columns: the input's then
         * {@code key, value}. The inner side of a LEFT join is described as kv's columns, not nullable, as Calcite's
         * runtime describes it.
         */
        private static int[] join(KvLookupJoin join, List<Pipeline.Step> steps, int[] origin)
                throws Exprs.Unsupported {
            Pipeline.JoinKind kind = switch (join.joinType()) {
                case INNER -> Pipeline.JoinKind.INNER;
                case LEFT -> Pipeline.JoinKind.LEFT;
                default -> throw new Exprs.Unsupported("join " + join.joinType());
            };
            steps.add(new Pipeline.Join(join.inputKey(), kind));
            int[] out = java.util.Arrays.copyOf(origin, origin.length + 2);
            out[origin.length] = 0;
            out[origin.length + 1] = 1;
            return out;
        }

        private RexNode expand(RexNode node) {
            return RexUtil.expandSearch(rexBuilder, null, node);
        }

        private Expr bound(RexNode n) throws Exprs.Unsupported {
            if (n == null) {
                return null;
            }
            if (n instanceof RexLiteral || n instanceof RexDynamicParam) {
                Expr e = exprs.compile(n);
                return (row, p) -> e.eval(row, p);
            }
            throw new Exprs.Unsupported("bound " + n);
        }

        /** Types a group key or a MIN/MAX may have. */
        private static final java.util.Set<SqlTypeName> GROUP_TYPES = java.util.EnumSet.of(SqlTypeName.VARCHAR,
                SqlTypeName.INTEGER, SqlTypeName.BIGINT);

        /**
         * GROUP BY one column of text or integers with COUNT, SUM, $SUM0 (of integers), MIN and MAX (of text or
         * integers), none DISTINCT or filtered: what {@link Grouping} runs.
         */
        private static boolean isGroupBy(Aggregate agg) {
            if (agg.getGroupSet().cardinality() != 1 || agg.getGroupType() != Aggregate.Group.SIMPLE) {
                return false;
            }
            List<RelDataTypeField> in = agg.getInput().getRowType().getFieldList();
            if (!GROUP_TYPES.contains(in.get(agg.getGroupSet().nth(0)).getType().getSqlTypeName())) {
                return false;
            }
            for (AggregateCall c : agg.getAggCallList()) {
                if (c.isDistinct() || c.filterArg >= 0 || c.isApproximate() || c.getArgList().size() > 1
                        || !c.getCollation().getFieldCollations().isEmpty()) {
                    return false;
                }
                SqlKind k = c.getAggregation().getKind();
                SqlTypeName result = c.getType().getSqlTypeName();
                SqlTypeName arg = c.getArgList().isEmpty() ? null
                        : in.get(c.getArgList().get(0)).getType().getSqlTypeName();
                boolean ok = switch (k) {
                    case COUNT -> true;
                    case SUM, SUM0 -> arg != null && (arg == SqlTypeName.INTEGER || arg == SqlTypeName.BIGINT)
                            && (result == SqlTypeName.INTEGER || result == SqlTypeName.BIGINT)
                            && (result == SqlTypeName.BIGINT || arg == SqlTypeName.INTEGER);
                    case MIN, MAX -> arg != null && GROUP_TYPES.contains(arg) && result == arg;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private static Pipeline.Group groupStep(Aggregate agg) {
            List<AggregateCall> calls = agg.getAggCallList();
            Grouping.Agg[] aggs = new Grouping.Agg[calls.size()];
            for (int i = 0; i < aggs.length; i++) {
                AggregateCall c = calls.get(i);
                Grouping.Kind kind = switch (c.getAggregation().getKind()) {
                    case COUNT -> Grouping.Kind.COUNT;
                    case SUM -> Grouping.Kind.SUM;
                    case SUM0 -> Grouping.Kind.SUM0;
                    case MIN -> Grouping.Kind.MIN;
                    default -> Grouping.Kind.MAX;
                };
                aggs[i] = new Grouping.Agg(kind, c.getArgList().isEmpty() ? -1 : c.getArgList().get(0),
                        c.getType().getSqlTypeName() == SqlTypeName.BIGINT);
            }
            return new Pipeline.Group(agg.getGroupSet().nth(0), aggs);
        }

        /**
         * The sort of aggregated rows, with Calcite's NULL placement (unspecified: last ascending, first descending).
         */
        private static Pipeline.Order orderStep(Sort sort) {
            List<org.apache.calcite.rel.RelFieldCollation> fc = sort.getCollation().getFieldCollations();
            int[] fields = new int[fc.size()];
            boolean[] desc = new boolean[fc.size()];
            boolean[] nullsFirst = new boolean[fc.size()];
            for (int i = 0; i < fields.length; i++) {
                org.apache.calcite.rel.RelFieldCollation f = fc.get(i);
                fields[i] = f.getFieldIndex();
                desc[i] = f.getDirection().isDescending();
                nullsFirst[i] = switch (f.nullDirection) {
                    case FIRST -> true;
                    case LAST -> false;
                    default -> desc[i];
                };
            }
            return new Pipeline.Order(fields, desc, nullsFirst);
        }

        private static boolean isCount(Aggregate agg) {
            if (!agg.getGroupSet().isEmpty() || agg.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE) {
                return false;
            }
            List<RelDataTypeField> in = agg.getInput().getRowType().getFieldList();
            for (AggregateCall c : agg.getAggCallList()) {
                if (c.getAggregation().getKind() != SqlKind.COUNT || c.isDistinct() || c.filterArg >= 0
                        || c.isApproximate()) {
                    return false;
                }
                for (int arg : c.getArgList()) {
                    if (in.get(arg).getType().isNullable()) {
                        return false; // COUNT(x) skips NULLs: only count(*) and not-null columns
                    }
                }
            }
            return true;
        }

        private Executor write(TableModify modify, int parameterCount) throws Exprs.Unsupported {
            TableModify.Operation op = modify.getOperation();
            List<RelNode> chain = new ArrayList<>();
            RelNode n = modify.getInput();
            while (n instanceof Calc) {
                chain.add(n);
                n = n.getInput(0);
            }
            Pipeline.Source source;
            boolean singleRow = false;
            if (op == TableModify.Operation.INSERT && n instanceof Values values) {
                List<Object[]> rows = literalRows(values);
                source = new Pipeline.Values(rows);
                singleRow = rows.size() == 1;
            } else if ((op == TableModify.Operation.UPDATE || op == TableModify.Operation.DELETE)
                    && n instanceof KvTableScan scan && (scan.isLookup() || scan.isFullScan() || scan.isRangeRead())) {
                if (op == TableModify.Operation.UPDATE && !modify.getUpdateColumnList().equals(List.of("value"))) {
                    throw new Exprs.Unsupported("UPDATE of " + modify.getUpdateColumnList());
                }
                source = source(scan);
                if (source instanceof Pipeline.Scan s && s.cursor() instanceof RangeCursorSource r && r.isLimited()) {
                    throw new Exprs.Unsupported("limited range under " + op);
                }
            } else {
                throw new Exprs.Unsupported(op + " over " + n.getRelTypeName());
            }
            List<Pipeline.Step> steps = new ArrayList<>();
            int[] origin = new int[n.getRowType().getFieldCount()];
            for (int i = chain.size() - 1; i >= 0; i--) {
                Calc calc = (Calc) chain.get(i);
                if (calc.getProgram().getCondition() != null) {
                    singleRow = false;
                }
                origin = calc(calc, steps, origin);
            }
            int width = modify.getInput().getRowType().getFieldCount();
            int expected = op == TableModify.Operation.UPDATE ? 3 : 2;
            if (width != expected) {
                throw new Exprs.Unsupported("input width " + width);
            }
            WriteExecutor.Kind kind = switch (op) {
                case INSERT -> WriteExecutor.Kind.INSERT;
                case UPDATE -> WriteExecutor.Kind.UPDATE;
                default -> WriteExecutor.Kind.DELETE;
            };
            return new WriteExecutor(kind, new Pipeline(source, steps), parameterTypes(parameterCount), singleRow);
        }

        private int[] parameterTypes(int count) throws Exprs.Unsupported {
            int[] types = new int[count];
            for (int i = 0; i < count; i++) {
                RelDataType t = params.get(i);
                if (t == null && rowCountParams.contains(i) && !keyParams.contains(i)) {
                    types[i] = ROW_COUNT_TYPE;
                    continue;
                }
                if (t == null) {
                    if (!keyParams.contains(i)) {
                        throw new Exprs.Unsupported("parameter " + i + " not in the plan");
                    }
                    types[i] = Types.VARCHAR;
                    continue;
                }
                SqlTypeName n = t.getSqlTypeName();
                switch (n) {
                    case CHAR, VARCHAR, BINARY, VARBINARY, INTEGER, BIGINT, SMALLINT, TINYINT, DECIMAL, BOOLEAN -> {
                    }
                    default -> throw new Exprs.Unsupported("parameter type " + n);
                }
                if (keyParams.contains(i) && !SqlTypeName.CHAR_TYPES.contains(n)) {
                    throw new Exprs.Unsupported("key parameter of type " + n);
                }
                types[i] = n == SqlTypeName.CHAR ? Types.VARCHAR : n == SqlTypeName.BINARY ? Types.VARBINARY
                        : n.getJdbcOrdinal();
            }
            for (int p : params.keySet()) {
                if (p >= count) {
                    throw new Exprs.Unsupported("parameter " + p + " beyond " + count);
                }
            }
            for (int p : rowCountParams) {
                if (p >= count || (params.containsKey(p) || keyParams.contains(p))) {
                    throw new Exprs.Unsupported("row count parameter " + p);
                }
            }
            for (int p : keyParams) {
                if (p >= count) {
                    throw new Exprs.Unsupported("parameter " + p + " beyond " + count);
                }
            }
            return types;
        }
    }
}
