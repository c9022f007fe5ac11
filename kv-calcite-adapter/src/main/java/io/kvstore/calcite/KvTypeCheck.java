package io.kvstore.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.util.Util;

import static org.apache.calcite.util.Static.RESOURCE;

/**
 * Type checks Calcite's validator leaves out, run on a validated statement ({@link KvPrepare}). Each failure is
 * a validation error ({@code CalciteContextException}, "Cannot assign ..." or "Cannot apply ..."), which the JDBC
 * driver reports as SQLState 42804 (datatype mismatch), as PostgreSQL does:
 * <ul>
 *   <li>A number, boolean, date/time or interval written into a text or binary column ({@code key},
 *   {@code value}) by INSERT, UPSERT, UPDATE or MERGE. Calcite's implicit coercion lets
 *   {@code INSERT INTO kv VALUES (1, 2)} through when some column of the row could be converted and then casts
 *   the INTEGER {@code 2} to its four bytes. Text (its UTF-8 bytes) and binary values stay allowed; so do
 *   {@code ?} parameters, whose values the driver converts. Likewise a number, boolean or bytes written into a
 *   timestamp ({@code kv_meta.expires_at = 5} would mean 5 ms after 1970).</li>
 *   <li>A text expression converted to a number implicitly: {@code key = 5} would convert every key to a number
 *   and fail at the first that is not one (H2 does that; PostgreSQL refuses the comparison when preparing, as
 *   kvstore does now). An explicit {@code CAST(key AS INTEGER) = 5} is accepted; so are text literals
 *   ({@code '5' = 5}).</li>
 * </ul>
 * Stateless.
 */
final class KvTypeCheck {
    private KvTypeCheck() {
    }

    /**
     * Checks the validated {@code node}.
     *
     * @throws org.apache.calcite.runtime.CalciteContextException a value of the wrong type, as described above
     */
    static void check(SqlNode node, SqlValidator validator) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlInsert insert) {
                    checkInsert(insert, validator);
                } else if (call instanceof SqlUpdate update) {
                    checkUpdate(update, validator);
                } else if (call instanceof SqlMerge merge) {
                    if (merge.getUpdateCall() != null) {
                        checkUpdate(merge.getUpdateCall(), validator);
                    }
                    if (merge.getInsertCall() != null) {
                        checkInsert(merge.getInsertCall(), validator);
                    }
                } else {
                    checkImplicitCasts(call, validator);
                }
                return super.visit(call);
            }
        });
    }

    /** Whether a value of {@code source} type may be written to a column of {@code target} type. */
    private static boolean writable(RelDataType target, RelDataType source) {
        SqlTypeFamily f = source.getSqlTypeName().getFamily();
        if (SqlTypeUtil.isDatetime(target)) {
            // kv_meta.expires_at: a timestamp or text, never a number (5 would be 5 ms after 1970: expired)
            return !SqlTypeUtil.isNumeric(source) && !SqlTypeUtil.isBoolean(source) && !SqlTypeUtil.isBinary(source);
        }
        if (!SqlTypeUtil.inCharOrBinaryFamilies(target)) {
            return true; // other columns: Calcite's rules
        }
        return f == null || f == SqlTypeFamily.CHARACTER || f == SqlTypeFamily.BINARY || f == SqlTypeFamily.NULL
                || f == SqlTypeFamily.ANY;
    }

    private static void checkInsert(SqlInsert insert, SqlValidator validator) {
        SqlValidatorNamespace ns = validator.getNamespace(insert);
        SqlValidatorTable table = ns == null ? null : ns.getTable();
        RelDataType sourceType = validator.getValidatedNodeTypeIfKnown(insert.getSource());
        if (table == null || sourceType == null || !sourceType.isStruct()) {
            return;
        }
        List<RelDataTypeField> columns = table.getRowType().getFieldList();
        SqlNodeList named = insert.getTargetColumnList();
        List<RelDataTypeField> sources = sourceType.getFieldList();
        for (int i = 0; i < sources.size(); i++) {
            RelDataTypeField target = null;
            if (named == null) {
                target = i < columns.size() ? columns.get(i) : null;
            } else if (i < named.size() && named.get(i) instanceof SqlIdentifier id) {
                target = field(columns, Util.last(id.names));
            }
            if (target == null) {
                continue;
            }
            // the type each row wrote before the validator's own casts (it casts 1 to VARCHAR for the key)
            for (SqlNode written : written(insert.getSource(), i)) {
                RelDataType type = validator.getValidatedNodeTypeIfKnown(unwrapImplicitCast(written));
                if (type != null && !writable(target.getType(), type)) {
                    throw validator.newValidationError(written, RESOURCE.typeNotAssignable(target.getName(),
                            target.getType().toString(), unwrapImplicitCast(written).toString(), type.toString()));
                }
            }
            RelDataTypeField source = sources.get(i);
            if (!writable(target.getType(), source.getType())) {
                throw validator.newValidationError(insert.getSource(), RESOURCE.typeNotAssignable(target.getName(),
                        target.getType().toString(), source.getName(), source.getType().toString()));
            }
        }
    }

    /**
     * The expressions that write column {@code i} in an INSERT source: each row's {@code i}th value of a VALUES
     * list, or the {@code i}th item of a SELECT; empty for other sources.
     */
    private static List<SqlNode> written(SqlNode source, int i) {
        List<SqlNode> out = new ArrayList<>();
        if (source.getKind() == SqlKind.VALUES) {
            for (SqlNode row : ((SqlCall) source).getOperandList()) {
                if (row instanceof SqlCall r && r.getKind() == SqlKind.ROW && i < r.operandCount()) {
                    out.add(r.operand(i));
                }
            }
        } else if (source instanceof SqlSelect select && select.getSelectList() != null
                && i < select.getSelectList().size()) {
            SqlNode item = select.getSelectList().get(i);
            out.add(item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item);
        }
        return out;
    }

    private static void checkUpdate(SqlUpdate update, SqlValidator validator) {
        SqlValidatorNamespace ns = validator.getNamespace(update);
        SqlValidatorTable table = ns == null ? null : ns.getTable();
        if (table == null) {
            return;
        }
        List<RelDataTypeField> columns = table.getRowType().getFieldList();
        SqlNodeList targets = update.getTargetColumnList();
        SqlNodeList sources = update.getSourceExpressionList();
        for (int i = 0; i < targets.size() && i < sources.size(); i++) {
            RelDataTypeField target = targets.get(i) instanceof SqlIdentifier id ? field(columns, Util.last(id.names))
                    : null;
            SqlNode source = unwrapImplicitCast(sources.get(i));
            RelDataType sourceType = validator.getValidatedNodeTypeIfKnown(source);
            if (target != null && sourceType != null && !writable(target.getType(), sourceType)) {
                throw validator.newValidationError(sources.get(i), RESOURCE.typeNotAssignable(target.getName(),
                        target.getType().toString(), source.toString(), sourceType.toString()));
            }
        }
    }

    /**
     * Refuses {@code call} when one of its operands is a {@code CAST(text AS number)} the validator inserted (its
     * type has no position in the text) around an expression that is not a literal.
     */
    private static void checkImplicitCasts(SqlCall call, SqlValidator validator) {
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            if (!(operands.get(i) instanceof SqlCall cast) || unwrapImplicitCast(cast) == cast
                    || cast.operand(0) instanceof SqlLiteral) {
                continue;
            }
            RelDataType from = validator.getValidatedNodeTypeIfKnown(cast.operand(0));
            RelDataType to = validator.getValidatedNodeTypeIfKnown(cast);
            if (from == null || to == null || !SqlTypeUtil.inCharFamily(from) || !SqlTypeUtil.isNumeric(to)) {
                continue;
            }
            String text = "<" + from.getSqlTypeName() + ">";
            String number = "<" + to.getSqlTypeName() + ">";
            String op = call.getOperator().getName();
            // as Calcite words a comparison of VARBINARY with INTEGER: 'Cannot apply '=' to arguments of type
            // '<VARCHAR> = <INTEGER>'. Supported form(s): ...'
            throw validator.newValidationError(call, RESOURCE.canNotApplyOp2Type(op,
                    "'" + (i == 0 ? text : number) + " " + op + " " + (i == 0 ? number : text) + "'",
                    "text compared with text, numbers with numbers"));
        }
    }

    /** The operand of a validator-inserted CAST, else the node. */
    private static SqlNode unwrapImplicitCast(SqlNode node) {
        if (node instanceof SqlCall c && c.getKind() == SqlKind.CAST && c.operandCount() == 2
                && c.operand(1) instanceof SqlDataTypeSpec spec && spec.getParserPosition().getLineNum() == 0) {
            return c.operand(0);
        }
        return node;
    }

    private static RelDataTypeField field(List<RelDataTypeField> columns, String name) {
        for (RelDataTypeField f : columns) {
            if (f.getName().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
