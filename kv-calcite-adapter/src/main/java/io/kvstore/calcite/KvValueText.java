package io.kvstore.calcite;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.tools.Program;

/**
 * Compares binary values with text as INSERT stores text: {@code value = 'héllo'} means {@code value =
 * X'68c3a96c6c6f'} (the literal's UTF-8 bytes), as {@code insert into kv values ('k', 'héllo')} stored them.
 * Calcite's implicit coercion would instead cast {@code value} to VARCHAR (its hex digits) and compare those with
 * the text, which matches nothing.
 *
 * <p>The rewrite applies to {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=},
 * {@code IS [NOT] DISTINCT FROM} and {@code IN} lists of character literals, where the other side is a binary
 * expression that Calcite cast to a character type. Binary order is unsigned byte order, which for UTF-8 is code
 * point order, so ordering comparisons keep their text meaning. Other mixes of text and bytes are left to Calcite.
 *
 * <p>{@link #PROGRAM} runs before Calcite's own optimization program on the connections {@link KvPrepare} serves;
 * it rewrites every relational expression of the statement, also inside subqueries. Stateless and thread-safe.
 */
final class KvValueText {
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL,
            SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM);

    /** The program: the statement with the comparisons rewritten; planner, traits and the rest unused. */
    static final Program PROGRAM = (planner, rel, requiredOutputTraits, materializations, lattices) -> rewrite(rel);

    private KvValueText() {
    }

    /** {@code rel} with every comparison of bytes with a text literal rewritten. */
    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited.accept(new Rewriter(visited.getCluster().getRexBuilder()));
            }
        });
    }

    /** Rewrites the comparisons in one expression. */
    private static final class Rewriter extends RexShuttle {
        private final RexBuilder rexBuilder;

        Rewriter(RexBuilder rexBuilder) {
            this.rexBuilder = rexBuilder;
        }

        @Override
        public RexNode visitSubQuery(RexSubQuery subQuery) {
            RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
            RelNode rel = rewrite(visited.rel);
            return rel == visited.rel ? visited : visited.clone(rel);
        }

        @Override
        public RexNode visitCall(RexCall call) {
            if (call.getKind() == SqlKind.SEARCH && castBytes(call.getOperands().get(0)) != null) {
                return RexUtil.expandSearch(rexBuilder, null, call).accept(this);
            }
            RexCall visited = (RexCall) super.visitCall(call);
            if (!COMPARISONS.contains(visited.getKind()) || visited.getOperands().size() != 2) {
                return visited;
            }
            RexNode left = visited.getOperands().get(0);
            RexNode right = visited.getOperands().get(1);
            RexNode leftBytes = castBytes(left);
            RexNode rightBytes = castBytes(right);
            if (leftBytes != null && text(right) != null) {
                return rexBuilder.makeCall(visited.getOperator(), leftBytes, bytes(text(right)));
            }
            if (rightBytes != null && text(left) != null) {
                return rexBuilder.makeCall(visited.getOperator(), bytes(text(left)), rightBytes);
            }
            return visited;
        }

        private RexNode bytes(String text) {
            return rexBuilder.makeBinaryLiteral(new ByteString(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** {@code x} when {@code node} is {@code CAST(x AS <character type>)} with {@code x} binary, else null. */
    private static RexNode castBytes(RexNode node) {
        if (node.getKind() == SqlKind.CAST && SqlTypeUtil.inCharFamily(node.getType())) {
            List<RexNode> operands = ((RexCall) node).getOperands();
            if (SqlTypeUtil.isBinary(operands.get(0).getType())) {
                return operands.get(0);
            }
        }
        return null;
    }

    /** The text of a character literal (also one cast to another character type), else null. */
    private static String text(RexNode node) {
        RexNode n = node;
        if (n.getKind() == SqlKind.CAST && SqlTypeUtil.inCharFamily(n.getType())) {
            n = ((RexCall) n).getOperands().get(0);
        }
        if (n instanceof RexLiteral lit && SqlTypeUtil.inCharFamily(lit.getType()) && !lit.isNull()) {
            return lit.getValueAs(String.class);
        }
        return null;
    }
}
