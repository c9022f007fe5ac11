package io.kvstore.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Which conditions become key lookups, and what is left to filter. */
class KvFilterTranslatorTest {
    private final RelDataTypeFactory tf = new JavaTypeFactoryImpl();
    private final RexBuilder rb = new RexBuilder(tf);
    private final RelDataType varchar = tf.createSqlType(SqlTypeName.VARCHAR);
    private final RexNode key = rb.makeInputRef(varchar, 0);
    private final RexNode value =
            rb.makeInputRef(tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.VARBINARY), true), 1);

    private RexNode eq(RexNode a, RexNode b) {
        return rb.makeCall(SqlStdOperatorTable.EQUALS, a, b);
    }

    private RexNode lit(String s) {
        return rb.makeLiteral(s);
    }

    @Test
    void translate_keyEqualsLiteral_isLookupWithNothingLeft() {
        KvFilterTranslator.Translation t = KvFilterTranslator.translate(rb, eq(key, lit("a")));
        assertEquals(List.of(KvKeySource.literal("a")), t.keys());
        assertEquals(List.of(), t.remaining());
    }

    @Test
    void translate_literalOnLeftAndParameter_areLookups() {
        RexNode cond = rb.makeCall(SqlStdOperatorTable.OR, eq(lit("a"), key), eq(key, rb.makeDynamicParam(varchar, 3)));
        assertEquals(List.of(KvKeySource.literal("a"), KvKeySource.param(3)),
                KvFilterTranslator.translate(rb, cond).keys());
    }

    @Test
    void translate_lookupAndOtherConjunct_keepsTheOther() {
        RexNode other = rb.makeCall(SqlStdOperatorTable.IS_NOT_NULL, value);
        KvFilterTranslator.Translation t =
                KvFilterTranslator.translate(rb, rb.makeCall(SqlStdOperatorTable.AND, other, eq(key, lit("b"))));
        assertEquals(List.of(KvKeySource.literal("b")), t.keys());
        assertEquals(List.of(other), t.remaining());
    }

    @Test
    void translate_orWithNonKeyTerm_isNotLookup() {
        RexNode cond = rb.makeCall(SqlStdOperatorTable.OR, eq(key, lit("a")),
                rb.makeCall(SqlStdOperatorTable.IS_NULL, value));
        assertNull(KvFilterTranslator.translate(rb, cond));
    }

    @Test
    void translate_range_isNotLookup() {
        assertNull(KvFilterTranslator.translate(rb, rb.makeCall(SqlStdOperatorTable.GREATER_THAN, key, lit("a"))));
    }

    @Test
    void translate_keyComparedToValueColumn_isNotLookup() {
        assertNull(KvFilterTranslator.translate(rb, eq(key, rb.makeInputRef(varchar, 1))));
    }

    @Test
    void keySource_toString_quotesLiteralsAndNamesParameters() {
        assertEquals("'it''s'", KvKeySource.literal("it's").toString());
        assertEquals("?2", KvKeySource.param(2).toString());
    }
}
