package io.kvstore.calcite;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.util.Util;

/**
 * Labels of unaliased select items that call one of kvstore's functions ({@code TEXT}, {@code BYTES},
 * {@code KEY_BYTES}) on a column: {@code select key, text(value) from kv} labels its second column
 * {@code text(value)} (the function and column as typed, without qualifier or quotes) rather than Calcite's
 * {@code EXPR$1}. H2 labels such a column with the expression too ({@code TEXT(VALUE)}); PostgreSQL with the
 * function name alone ({@code text}). Any other expression keeps Calcite's label; an alias always wins; a label
 * is given once per select list (a second {@code text(value)}, or one that another item already uses, keeps
 * Calcite's {@code EXPR$n}, so that derived tables never get two columns of one name).
 *
 * <p>Works on the parsed statement, before validation; stateless.
 */
final class KvColumnLabels {
    private static final Set<String> FUNCTIONS = Set.of("text", "bytes", "key_bytes");

    private KvColumnLabels() {
    }

    /** Adds the labels to every select list of {@code query} (in place). */
    static void apply(SqlNode query) {
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getSelectList() != null) {
                    SqlNodeList items = select.getSelectList();
                    Set<String> taken = new HashSet<>();
                    for (SqlNode item : items) {
                        String name = SqlValidatorUtil.alias(item);
                        if (name != null) {
                            taken.add(name.toLowerCase(Locale.ROOT));
                        }
                    }
                    for (int i = 0; i < items.size(); i++) {
                        String label = labelOf(items.get(i));
                        // a label once per select list: a repeated one would clash in a derived table
                        if (label != null && taken.add(label.toLowerCase(Locale.ROOT))) {
                            SqlNode item = items.get(i);
                            items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                                    new SqlIdentifier(label, SqlParserPos.ZERO)));
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    /**
     * The label of an unaliased select item {@code f(column)} where {@code f} is one of kvstore's functions, or
     * null.
     */
    static String labelOf(SqlNode item) {
        if (!(item instanceof SqlBasicCall call) || call.getKind() == SqlKind.AS || call.operandCount() != 1
                || !(call.operand(0) instanceof SqlIdentifier column) || column.isStar()) {
            return null;
        }
        String name = call.getOperator() instanceof SqlFunction f && f.getSqlIdentifier() != null
                ? Util.last(f.getSqlIdentifier().names) : call.getOperator().getName();
        if (!FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return name + "(" + column.names.get(column.names.size() - 1) + ")";
    }
}
