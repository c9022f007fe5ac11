package io.kvstore.calcite;

import java.lang.reflect.Type;
import java.util.function.Supplier;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite's statement preparation with kvstore's own steps, used only by the connections {@link KvCalcite#connect}
 * opens (it is their driver's prepare factory; nothing is registered JVM-wide, so other Calcite users in the same
 * JVM are unaffected):
 * <ol>
 *   <li>before validation, {@link KvColumnLabels} names unaliased {@code TEXT(column)}-style select items
 *   {@code text(column)} instead of {@code EXPR$n};</li>
 *   <li>after validation, {@link KvTypeCheck} refuses what Calcite would silently convert: a number, boolean or
 *   date written into {@code key} or {@code value}, and a text column compared with a number (SQLState 42804
 *   through the driver);</li>
 *   <li>before Calcite's own optimization program, {@link KvValueText} rewrites comparisons of {@code value} with
 *   a character literal into comparisons with the literal's UTF-8 bytes, as INSERT stores text.</li>
 * </ol>
 *
 * <p>Thread-safety: as {@link CalcitePrepareImpl}, one instance per prepare; stateless otherwise.
 */
final class KvPrepare extends CalcitePrepareImpl {
    /**
     * Metadata handlers without code generation: Calcite's default compiles a handler class per kind of metadata
     * with Janino the first time the JVM plans (loading Janino's ~400 classes and compiling ~20 classes, a large
     * part of the first statement's time); the proxying handlers answer the same through reflection, at a cost
     * that stays small for kvstore's plans of a few nodes.
     */
    private static final Supplier<RelMetadataQuery> METADATA = () -> new RelMetadataQuery(
            new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE));

    @Override
    protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
                                                    CalciteCatalogReader catalogReader, RelOptPlanner planner) {
        // as CalcitePrepareImpl.getPreparingStmt, with our statement class
        JavaTypeFactory typeFactory = context.getTypeFactory();
        EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY
                : EnumerableRel.Prefer.CUSTOM;
        Convention convention = enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE;
        RelOptCluster cluster = createCluster(planner, new RexBuilder(typeFactory));
        cluster.setMetadataQuerySupplier(METADATA);
        return new KvPreparingStmt(this, context, catalogReader, typeFactory, context.getRootSchema(), prefer,
                cluster, convention, createConvertletTable());
    }

    /** The statement being prepared: our SQL-to-rel converter and program. */
    private static final class KvPreparingStmt extends CalcitePreparingStmt {
        private final RelOptCluster cluster;

        KvPreparingStmt(CalcitePrepareImpl prepare, Context context, Prepare.CatalogReader catalogReader,
                        RelDataTypeFactory typeFactory, CalciteSchema schema, EnumerableRel.Prefer prefer,
                        RelOptCluster cluster, Convention resultConvention, SqlRexConvertletTable convertletTable) {
            super(prepare, context, catalogReader, typeFactory, schema, prefer, cluster, resultConvention,
                    convertletTable);
            this.cluster = cluster;
        }

        @Override
        protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator, Prepare.CatalogReader catalogReader,
                                                         SqlToRelConverter.Config config) {
            return new SqlToRelConverter(this, validator, catalogReader, cluster, convertletTable, config) {
                @Override
                public RelRoot convertQuery(SqlNode query, boolean needsValidation, boolean top) {
                    SqlNode validated = query;
                    if (needsValidation) {
                        KvColumnLabels.apply(query);
                        validated = validator.validate(query);
                    }
                    KvTypeCheck.check(validated, validator);
                    return super.convertQuery(validated, false, top);
                }
            };
        }

        @Override
        protected Program getProgram() {
            return Programs.sequence(KvValueText.PROGRAM, super.getProgram());
        }
    }
}
