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

    /** A key range and the conjuncts left to evaluate on its rows. */
    record RangeTranslation(KvKeyRange range, List<RexNode> remaining) {
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

    /**
     * The key range the condition's conjuncts bound, or null when none does: {@code key} compared with
     * {@code <}, {@code <=}, {@code >}, {@code >=} to a character literal or {@code ?} (either side; BETWEEN
     * arrives as two of them), and {@code key LIKE 'prefix...'} with a literal pattern. A LIKE pattern whose only
     * wildcard is one trailing {@code %} is consumed; another pattern with a literal prefix narrows the range to the
     * prefix and stays in the remaining conjuncts. The range is exact (byte order of the UTF-8 keys, see
     * {@link KvKeyRange}), so the consumed conjuncts are not evaluated again.
     */
    static RangeTranslation translateRange(RexBuilder rexBuilder, RexNode condition) {
        RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
        List<RexNode> remaining = new ArrayList<>();
        KvKeyRange range = KvKeyRange.all();
        boolean found = false;
        for (RexNode c : RelOptUtil.conjunctions(expanded)) {
            KvKeyRange r = comparisonRange(c);
            if (r != null) {
                range = range.and(r);
                found = true;
                continue;
            }
            LikePrefix like = likePrefix(c);
            if (like != null) {
                range = range.and(KvKeyRange.prefix(like.prefix));
                found = true;
                if (like.exact) {
                    continue;
                }
            }
            remaining.add(c);
        }
        return found ? new RangeTranslation(range, remaining) : null;
    }

    /** The range of {@code key <op> x} or {@code x <op> key}, or null. */
    private static KvKeyRange comparisonRange(RexNode node) {
        SqlKind kind = node.getKind();
        if (kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL && kind != SqlKind.GREATER_THAN
                && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
            return null;
        }
        List<RexNode> ops = ((RexCall) node).getOperands();
        RexNode other;
        if (isKeyRef(ops.get(0))) {
            other = ops.get(1);
        } else if (isKeyRef(ops.get(1))) {
            other = ops.get(0);
            kind = kind.reverse();
        } else {
            return null;
        }
        KvKeySource source = source(stripCharCast(other));
        if (source == null) {
            return null;
        }
        if (source.literal() == null && source.paramIndex() < 0) {
            return new KvKeyRange(List.of(KvKeyRange.Bound.NULL), List.of()); // compared with NULL: no row
        }
        boolean inclusive = kind == SqlKind.LESS_THAN_OR_EQUAL || kind == SqlKind.GREATER_THAN_OR_EQUAL;
        KvKeyRange.Bound b = KvKeyRange.Bound.of(source, inclusive);
        return kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL
                ? new KvKeyRange(List.of(b), List.of()) : new KvKeyRange(List.of(), List.of(b));
    }

    /** A literal or parameter key source; a NULL literal as {@code (null, -1)}; null for anything else. */
    private static KvKeySource source(RexNode node) {
        if (node instanceof RexDynamicParam p) {
            return KvKeySource.param(p.getIndex());
        }
        if (node instanceof RexLiteral lit && isChar(lit)) {
            return lit.isNull() ? new KvKeySource(null, -1) : KvKeySource.literal(lit.getValueAs(String.class));
        }
        return null;
    }

    private record LikePrefix(String prefix, boolean exact) {
    }

    /** The literal prefix of {@code key LIKE 'pattern'} (no ESCAPE clause), or null. */
    private static LikePrefix likePrefix(RexNode node) {
        if (node.getKind() != SqlKind.LIKE || !(node instanceof RexCall call) || call.getOperands().size() != 2
                || !call.getOperator().getName().equalsIgnoreCase("LIKE")) {
            return null;
        }
        if (!isKeyRef(call.getOperands().get(0))
                || !(stripCharCast(call.getOperands().get(1)) instanceof RexLiteral lit) || !isChar(lit)
                || lit.isNull()) {
            return null;
        }
        String pattern = lit.getValueAs(String.class);
        int wild = 0;
        while (wild < pattern.length() && pattern.charAt(wild) != '%' && pattern.charAt(wild) != '_') {
            wild++;
        }
        if (wild == 0 || wild == pattern.length()) {
            return null; // no literal prefix, or no wildcard (an equality, left to the filter)
        }
        boolean exact = wild == pattern.length() - 1 && pattern.charAt(wild) == '%';
        return new LikePrefix(pattern.substring(0, wild), exact);
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
