package io.kvstore.jdbc.exec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.jdbc.exec.text.TextStatement.Call;
import io.kvstore.jdbc.exec.text.TextStatement.Column;
import io.kvstore.jdbc.exec.text.TextStatement.Item;
import io.kvstore.jdbc.exec.text.TextStatement.Lookup;
import io.kvstore.jdbc.exec.text.TextStatement.Operand;
import io.kvstore.jdbc.exec.text.TextStatement.Range;
import io.kvstore.jdbc.exec.text.TextStatement.RowCount;
import io.kvstore.jdbc.exec.text.TextStatement.Select;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser's tree: names resolved, Calcite's labels, parameters numbered in text order, null for the rest. */
class TextParserTest {

    @Test
    void parse_functionsAndAliases_labelledAsCalcite() {
        Select s = (Select) TextParser.parse(
                "select k.key, Text(k.value), char_length(key) n, upper(text(value)), text(value) from kv k where key = ?");
        assertEquals(List.of("key", "Text(value)", "n", "EXPR$3", "EXPR$4"),
                s.items().stream().map(Item::label).toList());
        assertEquals(new Call("CHAR_LENGTH", new Column(0)), s.items().get(2).expr());
        assertEquals(new Call("UPPER", new Call("TEXT", new Column(1))), s.items().get(3).expr());
        assertEquals(new Lookup(List.of(new Operand(null, 0))), s.where());
    }

    @Test
    void parse_rangeOrderAndRows_parametersInTextOrder() {
        Select s = (Select) TextParser.parse("SELECT key FROM kvstore.kv WHERE key >= ? AND key < 'p' AND key LIKE"
                + " 'a%' ORDER BY key DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY;");
        Range r = (Range) s.where();
        assertEquals(List.of(new TextStatement.Bound(new Operand(null, 0), true)), r.lows());
        assertEquals(List.of(new TextStatement.Bound(new Operand("p", -1), false)), r.highs());
        assertEquals("a", r.prefix());
        assertEquals(Boolean.TRUE, s.orderBy());
        assertEquals(new RowCount(0, 1), s.offset());
        assertEquals(new RowCount(0, 2), s.fetch());
    }

    @Test
    void parse_writes_parametersInTextOrder() {
        assertEquals(new TextStatement.Insert(List.of(new TextStatement.Row(new Operand(null, 1),
                        new TextStatement.ValueOperand(null, false, 0)))),
                TextParser.parse("insert into kv (value, key) values (?, ?)"));
        assertEquals(new TextStatement.Update(new TextStatement.ValueOperand(null, false, 0),
                        new Lookup(List.of(new Operand("k", -1))), List.of()),
                TextParser.parse("UPDATE kv SET value = ? WHERE key = 'k'"));
        assertInstanceOf(TextStatement.Delete.class, TextParser.parse("delete from kv where key = ?"));
    }

    @Test
    void parse_literalWrites_valuesAsWritten() {
        assertEquals(new TextStatement.Insert(List.of(
                        new TextStatement.Row(new Operand("a", -1), new TextStatement.ValueOperand("x", false, -1)),
                        new TextStatement.Row(new Operand("b", -1), new TextStatement.ValueOperand("it's", false, -1)))),
                TextParser.parse("insert into kv values ('a', 'x'), ('b', 'it''s')"));
        assertEquals(new TextStatement.Update(new TextStatement.ValueOperand("00fF", true, -1),
                        new Lookup(List.of(new Operand("a", -1), new Operand(null, 0), new Operand("c", -1))), List.of()),
                TextParser.parse("update kv k set value = X'00fF' where k.key in ('a', ?) or key = 'c'"));
        assertEquals(new TextStatement.Delete(new Lookup(List.of(new Operand("a", -1), new Operand("b", -1))), List.of()),
                TextParser.parse("DELETE FROM kvstore.kv AS t WHERE t.key = 'a' OR key IN ('b')"));
    }

    @Test
    void parse_writesCalcitePlansOtherwise_null() {
        for (String sql : List.of("insert into kv values ('a', x'0')", "insert into kv values ('a', x'zz')",
                "insert into kv values ('a', null)", "insert into kv values ('a', 5)", "insert into kv values (x'61', 'a')",
                "insert into kv values ('a', 'x'), ('b', x'01')", "insert into kv values ('a', ?), ('b', ?)",
                "insert into kv values ('a', 'x'), (?, 'y')", "insert into kv values ('\ud800', 'x')",
                "update kv k set value = 'x' where kv.key = 'a'", "update kv set k.value = 'x' where key = 'a'",
                "delete from kv where key = 'a' and key = 'b'", "delete from kv where key > 'a' or key < 'b'",
                "update kv set value = 'x' 'y' where key = 'a'")) {
            assertNull(TextParser.parse(sql), sql);
        }
    }

    @Test
    void parse_filtersAndConcatenation_andedWithTheKeyCondition() {
        Select s = (Select) TextParser.parse("select key || '!' from kv k where k.key = ? and text(k.value) like 'a%'"
                + " and value is not null and octet_length(value) >= 2");
        assertEquals(new TextStatement.Concat(new Column(0), new TextStatement.Text("!")), s.items().get(0).expr());
        assertEquals("EXPR$0", s.items().get(0).label());
        assertEquals(new Lookup(List.of(new Operand(null, 0))), s.where());
        assertEquals(List.of(new TextStatement.Filter(new Call("TEXT", new Column(1)), "LIKE", "a%", 'T'),
                        new TextStatement.Filter(new Column(1), "IS NOT NULL", null, 'B'),
                        new TextStatement.Filter(new Call("OCTET_LENGTH", new Column(1)), ">=", "2", 'N')),
                s.filters());
        Select scan = (Select) TextParser.parse("select * from kv where value <> x'00'");
        assertNull(scan.where());
        assertEquals(List.of(new TextStatement.Filter(new Column(1), "<>", "00", 'B')), scan.filters());
    }

    @Test
    void parse_otherText_null() {
        for (String sql : List.of("", ";", "select", "select key from kv where", "select key from kv -- c",
                "select key from kv where key = 'a' and key > 'b'", "select text(key) from kv",
                "select count(*), key from kv", "select key any from kv", "select key from kv order by key nulls last",
                "select key from kv where key = 'a' order by key",
                "select key from kv where key like 'a_%'", "select key from kv x where kv.key = 'a'",
                "select key from kv where key = 'unterminated", "select key from kv where value = x'0'",
                "select key from kv where key = 'a' or value is null", "select key from kv where value is null or key = 'a'",
                "select key from kv where key = 'a' and key = 'b' and value is null",
                "select key from kv where key in ('a') or key = 'b' and value is null", "select 'a' || key from kv",
                "select key from kv where text(value) like 'a%' order by key limit 1", "select key from kv " + "x".repeat(1000))) {
            assertNull(TextParser.parse(sql), sql);
        }
    }

    @Test
    void parse_arithmetic_precedenceAsCalcite() {
        Select s = (Select) TextParser.parse("select char_length(key) + 2 * -3 % 4, (char_length(key) - 1) / 2 n from kv");
        Column key = new Column(0);
        Call len = new Call("CHAR_LENGTH", key);
        assertEquals(new TextStatement.Arith("+", len, new TextStatement.Arith("%", new TextStatement.Arith("*",
                new TextStatement.IntLit(2), new TextStatement.Neg(new TextStatement.IntLit(3))),
                new TextStatement.IntLit(4))), s.items().get(0).expr());
        assertEquals(new TextStatement.Arith("/", new TextStatement.Arith("-", len, new TextStatement.IntLit(1)),
                new TextStatement.IntLit(2)), s.items().get(1).expr());
        assertEquals(List.of("EXPR$0", "n"), s.items().stream().map(Item::label).toList());
    }

    @Test
    void parse_castSubstringTrimPosition_asWritten() {
        Select s = (Select) TextParser.parse("select cast(value as varchar(4)), substring(key from 2 for 3),"
                + " substring(key, 2), trim(leading 'x' from key), trim(key), position('a' in key) from kv");
        Column key = new Column(0);
        TextStatement.IntLit two = new TextStatement.IntLit(2);
        assertEquals(List.of(new TextStatement.Cast(new Column(1), "VARCHAR", 4),
                new TextStatement.Substring(key, two, new TextStatement.IntLit(3)),
                new TextStatement.Substring(key, two, null),
                new TextStatement.Trim(true, false, "x", key),
                new TextStatement.Trim(true, true, " ", key),
                new TextStatement.Position(new TextStatement.Text("a"), key)),
                s.items().stream().map(Item::expr).toList());
    }

    @Test
    void parse_literalsWithoutFrom_oneRowOfConstants() {
        TextStatement.Literals l = (TextStatement.Literals) TextParser.parse("SELECT 1 AS x, 'a', TRUE, -5");
        assertEquals(List.of("x", "EXPR$1", "EXPR$2", "EXPR$3"), l.items().stream().map(Item::label).toList());
        assertInstanceOf(TextStatement.Literals.class, TextParser.parse("values (1, 'a')"));
        for (String sql : List.of("select 1 + 1", "select null", "select ''", "select 2147483648", "select key",
                "values (1), (2)", "select 1 from kv", "select ?", "select 1e5")) {
            assertNull(TextParser.parse(sql), sql);
        }
    }

    @Test
    void parse_selfJoin_columnsOfBothTablesAndTheKeyLookedUp() {
        TextStatement.Join j = assertInstanceOf(TextStatement.Join.class, TextParser.parse(
                "SELECT a.key, B.VALUE AS v, text(b.value) FROM kv AS a LEFT OUTER JOIN kv b"
                        + " ON TEXT(a.value) = b.key WHERE a.key IN (?, 'x')"));
        assertEquals(true, j.left());
        assertEquals(true, j.onValue());
        assertEquals(List.of(new Item(new Column(0), "key"), new Item(new Column(3), "v"),
                new Item(new Call("TEXT", new Column(3)), "text(value)")), j.select().items());
        assertEquals(new Lookup(List.of(new Operand(null, 0), new Operand("x", -1))), j.select().where());
        TextStatement.Join star = assertInstanceOf(TextStatement.Join.class, TextParser.parse(
                "select * from kv k1 join kv k2 on k1.key = k2.key where k1.key > 'a' limit 2"));
        assertEquals(false, star.left());
        assertEquals(false, star.onValue());
        assertEquals(List.of("key", "value", "key0", "value0"),
                star.select().items().stream().map(Item::label).toList());
        assertEquals(new RowCount(2, -1), star.select().fetch());
        for (String refused : List.of("select a.key from kv a join kv b on a.key = b.key",
                "select key from kv a join kv b on a.key = b.key where a.key = 'x'",
                "select a.key from kv a join kv b on a.key = b.key where b.key = 'x'",
                "select a.key from kv a left join kv b on a.key = b.key where a.key = 'x'",
                "select a.key from kv a join kv b on a.value = b.key where a.key = 'x'",
                "select a.key from kv a join kv a on a.key = a.key where a.key = 'x'")) {
            assertNull(TextParser.parse(refused), refused);
        }
    }
}
