package io.kvstore.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Turns a filter condition on {@code kv} into a key lookup where it exactly can.
 *
 * <p>The condition is split into conjuncts (after expanding {@code SEARCH}/Sarg, which is how literal IN lists
 * arrive). The first conjunct that is a disjunction of {@code key = <literal or ?>} terms (this covers
 * {@code key = 'a'}, {@code key = ?}, {@code key IN ('a','b')}, {@code key IN (?, ?)} and ORs of equalities)
 * becomes the lookup; the other conjuncts are returned to be evaluated on the looked-up rows. A NULL literal in
 * the list matches nothing and is dropped. Anything else (ranges, LIKE, expressions on value, casts of the key)
 * is not translated. Stateless.
 */
final class KvFilterTranslator {

    /** A lookup and the conjuncts left to evaluate on its rows. */
    record Translation(List<KvKeySource> keys, List<RexNode> remaining) {
    }

    private KvFilterTranslator() {
    }

    /** The translation, or null when no conjunct is a key lookup. */
    static Translation translate(RexBuilder rexBuilder, RexNode condition) {
        RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
        List<RexNode> conjuncts = RelOptUtil.conjunctions(expanded);
        for (int i = 0; i < conjuncts.size(); i++) {
            List<KvKeySource> keys = keysOf(conjuncts.get(i));
            if (keys != null) {
                List<RexNode> remaining = new ArrayList<>(conjuncts);
                remaining.remove(i);
                return new Translation(keys, remaining);
            }
        }
        return null;
    }

    /** The keys if {@code node} is an OR of key equalities, else null. */
    static List<KvKeySource> keysOf(RexNode node) {
        List<KvKeySource> keys = new ArrayList<>();
        for (RexNode term : RelOptUtil.disjunctions(node)) {
            if (term.isAlwaysFalse()) {
                continue;
            }
            if (term.getKind() != SqlKind.EQUALS) {
                return null;
            }
            List<RexNode> ops = ((RexCall) term).getOperands();
            RexNode other;
            if (isKeyRef(ops.get(0))) {
                other = ops.get(1);
            } else if (isKeyRef(ops.get(1))) {
                other = ops.get(0);
            } else {
                return null;
            }
            other = stripCharCast(other);
            if (other instanceof RexDynamicParam p) {
                keys.add(KvKeySource.param(p.getIndex()));
            } else if (other instanceof RexLiteral lit && isChar(lit)) {
                if (!lit.isNull()) {
                    keys.add(KvKeySource.literal(lit.getValueAs(String.class)));
                }
            } else {
                return null;
            }
        }
        return keys;
    }

    private static boolean isKeyRef(RexNode node) {
        return node instanceof RexInputRef ref && ref.getIndex() == 0;
    }

    private static boolean isChar(RexNode node) {
        return node.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER
                || node.getType().getFamily() == SqlTypeFamily.CHARACTER
                || (node instanceof RexLiteral lit && lit.isNull());
    }

    /** Removes a CAST to VARCHAR around a character literal or parameter: it does not change the text. */
    private static RexNode stripCharCast(RexNode node) {
        while (node.getKind() == SqlKind.CAST && node.getType().getSqlTypeName() == SqlTypeName.VARCHAR) {
            RexNode operand = ((RexCall) node).getOperands().get(0);
            if (!(operand instanceof RexLiteral || operand instanceof RexDynamicParam)
                    || operand.getType().getFamily() != SqlTypeFamily.CHARACTER) {
                return node;
            }
            node = operand;
        }
        return node;
    }
}
