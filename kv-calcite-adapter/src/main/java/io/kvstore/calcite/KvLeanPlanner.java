package io.kvstore.calcite;

import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CalcMergeRule;
import org.apache.calcite.rel.rules.CalcRemoveRule;
import org.apache.calcite.rel.rules.FilterMergeRule;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.FilterToCalcRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.rules.ProjectRemoveRule;
import org.apache.calcite.rel.rules.ProjectToCalcRule;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * The lean planning path for statements over {@code kv} alone: parses (Babel, with the names and conformance of
 * {@link KvCalcite#connectionProperties()}), applies {@link KvColumnLabels}, validates, applies
 * {@link KvTypeCheck}, converts to a logical plan, rewrites text comparisons of values ({@link KvValueText}) and
 * runs a small Hep program ({@link #PROGRAM}: merges of filters and projections, then the adapter's pushdown rules
 * {@link KvRules#FILTER_INTO_SCAN}, {@link KvRules#SORT_INTO_SCAN}, {@link KvRules#AGGREGATE_INTO_SCAN}, then
 * filters and projections turned into {@code Calc}s and merged). The result is a LOGICAL plan ({@code LogicalCalc},
 * {@code LogicalSort}, {@code LogicalValues}, {@code LogicalAggregate} over a {@link KvTableScan} or {@link
 * KvAggregateScan}, or a logical {@code TableModify} of {@code kv}) for the driver's plan recognizer to run; a Hep
 * planner has no trait definitions, so nothing in it carries a convention. There is no Volcano planner, no Enumerable
 * convention and no code generation, and Calcite's JDBC connection (Avatica) is not involved, so far fewer of
 * Calcite's classes load than for the full path through {@link KvCalcite#connect}.
 *
 * <p><b>Contract.</b> {@link #plan} never reports an error of the statement: it returns null for anything it does
 * not take (a syntax or validation error, a type the check refuses, a statement that names another table or view,
 * MERGE, EXPLAIN and other statements that are not a query, INSERT, UPDATE or DELETE, a join or a set operation,
 * which the recognizer never runs (refused as parsed, before validation), a LIMIT without ORDER BY left over a full
 * scan, i.e. over a filter of one), and the caller then runs the full path, which reports what is wrong exactly as it
 * always did. A subquery or a grouping the executors do not run comes back as a logical plan that the recognizer
 * refuses (then the full path runs it too). A non-null plan has been validated and type-checked as the full path does.
 *
 * <p>Thread-safety: immutable after construction; {@link #plan} may be called from several threads (each call
 * builds its own validator, cluster and planner), as far as the session's store allows.
 */
public final class KvLeanPlanner {
    /** Metadata without Janino, as {@link KvPrepare}'s. */
    private static final Supplier<RelMetadataQuery> METADATA = () -> new RelMetadataQuery(
            new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE));

    /**
     * The Hep program (rules built from their configurations, not taken from {@code CoreRules}, whose
     * initialization builds several hundred rules): normalize filters and projections, push filters, sorts and
     * aggregates into the scan, and leave filters and projections as merged {@code Calc}s.
     */
    static final HepProgram PROGRAM = new HepProgramBuilder()
            .addMatchOrder(HepMatchOrder.BOTTOM_UP)
            .addRuleCollection(List.of(FilterMergeRule.Config.DEFAULT.toRule(),
                    ProjectMergeRule.Config.DEFAULT.toRule(), ProjectRemoveRule.Config.DEFAULT.toRule(),
                    FilterProjectTransposeRule.Config.DEFAULT.toRule()))
            .addRuleInstance(KvRules.FILTER_INTO_SCAN)
            .addRuleCollection(List.of(KvRules.SORT_INTO_SCAN, KvRules.SORT_INTO_SCAN_PROJECTED,
                    KvRules.AGGREGATE_INTO_SCAN, KvRules.AGGREGATE_INTO_SCAN_PROJECTED))
            .addRuleCollection(List.of(FilterToCalcRule.Config.DEFAULT.toRule(),
                    ProjectToCalcRule.Config.DEFAULT.toRule()))
            .addRuleInstance(CalcMergeRule.Config.DEFAULT.toRule())
            .addRuleInstance(CalcRemoveRule.Config.DEFAULT.toRule())
            .build();

    private final CalciteSchema root;
    private final CalciteConnectionConfig config;
    private final SqlParser.Config parserConfig;

    /** A planner over {@code session}'s {@code kv} (a schema of its own, as {@link KvCalcite#connect} builds). */
    public KvLeanPlanner(KvSession session) {
        Objects.requireNonNull(session, "session");
        Properties p = KvCalcite.connectionProperties();
        this.config = new CalciteConnectionConfigImpl(p);
        this.root = CalciteSchema.createRootSchema(false, false);
        root.add(KvCalcite.SCHEMA, new KvSchema(session, true));
        this.parserConfig = SqlParser.config()
                .withParserFactory(SqlBabelParserImpl.FACTORY)
                .withQuoting(config.quoting())
                .withUnquotedCasing(config.unquotedCasing())
                .withQuotedCasing(config.quotedCasing())
                .withCaseSensitive(config.caseSensitive())
                .withConformance(config.conformance());
    }

    /**
     * The optimized logical plan of {@code sql}, or null when the lean path does not take it (see the class
     * comment: then the full path must run it).
     */
    public RelRoot plan(String sql) {
        try {
            return planOrThrow(sql);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return null;
        }
    }

    private RelRoot planOrThrow(String sql) throws Exception {
        SqlNode parsed = SqlParser.create(sql, parserConfig).parseStmt();
        SqlKind kind = parsed.getKind();
        if (!SqlKind.QUERY.contains(kind) && kind != SqlKind.INSERT && kind != SqlKind.UPDATE
                && kind != SqlKind.DELETE) {
            return null; // MERGE, EXPLAIN, DDL, ...
        }
        if (joinsOrCombines(parsed)) {
            return null; // the recognizer runs neither: not worth validating and converting twice
        }
        JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(KvTypeSystem.INSTANCE);
        CalciteCatalogReader catalog = new CalciteCatalogReader(root, List.of(KvCalcite.SCHEMA), typeFactory,
                config);
        SqlOperatorTable operators = SqlOperatorTables.chain(
                SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD), catalog);
        SqlValidator validator = SqlValidatorUtil.newValidator(operators, catalog, typeFactory,
                SqlValidator.Config.DEFAULT
                        .withLenientOperatorLookup(config.lenientOperatorLookup())
                        .withConformance(config.conformance())
                        .withDefaultNullCollation(config.defaultNullCollation())
                        .withIdentifierExpansion(true));
        KvColumnLabels.apply(parsed);
        SqlNode validated = validator.validate(parsed);
        KvTypeCheck.check(validated, validator);

        HepPlanner hep = new HepPlanner(PROGRAM);
        RelOptCluster cluster = RelOptCluster.create(hep, new RexBuilder(typeFactory));
        cluster.setMetadataQuerySupplier(METADATA);
        SqlToRelConverter converter = new SqlToRelConverter(NoViews.INSTANCE, validator, catalog, cluster,
                StandardConvertletTable.INSTANCE, SqlToRelConverter.config().withTrimUnusedFields(false));
        RelRoot rel = converter.convertQuery(validated, false, true);
        if (!onlyKv(rel.rel)) {
            return null;
        }
        hep.setRoot(KvValueText.rewrite(rel.rel));
        RelNode best = hep.findBestExp();
        return bareLimitOverFullScan(best) ? null : rel.withRel(best);
    }

    /**
     * Whether a LIMIT/OFFSET without ORDER BY is left over a full scan (the program pushes it into the scan only
     * when nothing but a projection stands between): over a filter Volcano may simplify the filter away and then
     * choose the ordered read, which returns other rows, so the lean path leaves those to Volcano.
     */
    private static boolean bareLimitOverFullScan(RelNode rel) {
        if (rel instanceof Sort sort && sort.getCollation().getFieldCollations().isEmpty() && readsFullScan(sort)) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (bareLimitOverFullScan(input)) {
                return true;
            }
        }
        return false;
    }

    private static boolean readsFullScan(RelNode rel) {
        if (rel instanceof KvTableScan scan) {
            return scan.keys() == null && scan.range() == null;
        }
        for (RelNode input : rel.getInputs()) {
            if (readsFullScan(input)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the parsed statement has a join (explicit, or a comma between tables) or a set operation (UNION,
     * INTERSECT, EXCEPT) anywhere: the driver's executors run neither, so the full path plans these.
     */
    static boolean joinsOrCombines(SqlNode node) {
        boolean[] found = {false};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                switch (call.getKind()) {
                    case JOIN, UNION, INTERSECT, EXCEPT -> found[0] = true;
                    default -> {
                        if (!found[0]) {
                            super.visit(call);
                        }
                    }
                }
                return null;
            }
        });
        return found[0];
    }

    /** Whether every table the plan reads is {@code kv} (no other table, no view, no correlation). */
    private static boolean onlyKv(RelNode rel) {
        boolean[] ok = {true};
        rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(TableScan scan) {
                ok[0] &= scan instanceof KvTableScan;
                return scan;
            }

            @Override
            public RelNode visit(RelNode other) {
                if (other.getTable() != null && other.getTable().unwrap(KvTable.class) == null) {
                    ok[0] = false;
                }
                return super.visit(other);
            }
        });
        return ok[0];
    }

    /** The view expander of the lean path: views are not expanded here (the full path plans them). */
    private static final class NoViews implements RelOptTable.ViewExpander {
        static final NoViews INSTANCE = new NoViews();

        @Override
        public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath,
                                  List<String> viewPath) {
            throw new UnsupportedOperationException("views are planned by the full path");
        }
    }
}
