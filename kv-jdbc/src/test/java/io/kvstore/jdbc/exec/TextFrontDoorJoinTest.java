package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import io.kvstore.jdbc.exec.ExecutorParity.Prepared;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Joins of kv with itself that the text front door takes (session 11) give, front door on, exactly what the same
 * statement gives planned by Calcite (front door off): metadata (labels of duplicate names, a LEFT join's columns),
 * rows in order, parameter metadata and errors; Calcite's plan of each runs on an executor too (a lookup join); and
 * joins near them are left to Calcite.
 */
class TextFrontDoorJoinTest {
    private static final PlanRecognizer.ColumnSizes SIZES = new PlanRecognizer.ColumnSizes(1024, 1 << 20);

    private static final List<String> SEED = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', 'b'), ('b', 'zz'), ('d', 'nope'), ('p1', 'a'), ('p2', 'p1'),"
                    + " ('p3', 'q'), ('zz', 'a'), ('x1', 'x1'), ('\u00e9t\u00e9', '\u00e9t\u00e9')",
            "INSERT INTO kv VALUES ('c', x'00ff')");

    /** Ad-hoc joins the front door takes. */
    private static final List<String> SHAPES = List.of(
            "SELECT a.key AS n0 FROM kv a JOIN kv b ON a.key = b.key WHERE a.key IN ('a', 'b')",
            "SELECT a.key AS n0 FROM kv a JOIN kv b ON a.key = b.key WHERE a.key = 'a'",
            "SELECT a.key AS n1 FROM kv a JOIN kv b ON b.key = a.key WHERE a.key = 'nope'",
            "select * from kv a join kv b on a.key = b.key where a.key in ('a', 'c', 'nope', 'p2')",
            "select a.key, b.key from kv a join kv b on b.key = a.key where a.key = 'a'",
            "select b.key, a.key, b.value from kv as a inner join kv as b on a.key = b.key where a.key in ('a', 'b')",
            "select a.key, b.key, b.value from kv a join kv b on b.key = text(a.value)"
                    + " where a.key in ('a', 'b', 'c', 'p1', 'p2')",
            "select a.key, b.key, b.value from kv a join kv b on TEXT(a.value) = b.key where a.key like 'p%'",
            "select a.key, b.key, text(b.value) from kv a left join kv b on b.key = text(a.value)"
                    + " where a.key in ('a', 'b', 'c', 'd', 'p3')",
            "select a.key, b.value, bytes(b.key) from kv a left outer join kv b on b.key = text(a.value)"
                    + " where a.key >= 'p'",
            "select a.key, text(a.value) || '-' || text(b.value) as v from kv a join kv b on b.key = text(a.value)"
                    + " where a.key > 'a' and a.key < 'q'",
            "select a.key, char_length(b.key) + 1, upper(b.key) from kv a join kv b on b.key = text(a.value)"
                    + " where a.key between 'a' and 'p9'",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key like 'p%' limit 2",
            "select a.key, b.key from kv a join kv b on b.key = a.key where a.key > 'a' limit 2 offset 1",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key >= 'a'"
                    + " and text(a.value) <> 'a'",
            "select k1_0.key, k2_0.value from kv k1_0 join kv k2_0 on k1_0.key = k2_0.key where k1_0.key = 'b'",
            "select \"A\".\"KEY\", \"B\".\"VALUE\" from kv \"A\" join kv \"B\" on \"A\".key = \"B\".key"
                    + " where \"A\".key = 'b'",
            "select a.key, b.key from kvstore.kv a join kvstore.kv b on b.key = a.key where a.key = '\u00e9t\u00e9'",
            "select a.key from kv a join kv b on a.key = b.key where a.key = 'b';");

    /** Joins near those that Calcite plans (and, as far as each plans, runs). */
    private static final List<String> FALLBACK = List.of(
            "select a.key from kv a join kv b on a.value = b.value where a.key = 'a'",
            "select a.key from kv a join kv b on a.key = b.key",
            "select a.key from kv a join kv b on a.key = b.key where text(a.value) = 'b'",
            "select a.key, b.key from kv a left join kv b on a.key = b.key where a.key in ('a', 'x')",
            "select a.key from kv a right join kv b on a.key = b.key where a.key = 'a'",
            "select a.key from kv a full join kv b on a.key = b.key where a.key = 'a'",
            "select a.key from kv a cross join kv b where a.key = 'a'",
            "select a.key from kv a, kv b where a.key = b.key and a.key = 'a'",
            "select a.key from kv a natural join kv b where a.key = 'a'",
            "select a.key from kv a join kv b using (key) where a.key = 'a'",
            "select a.key from kv a join kv b on a.key = b.key join kv c on c.key = b.key where a.key = 'a'",
            "select a.key from kv a join kv_meta m on a.key = m.key where a.key = 'a'",
            "select a.key from kv a join kv_stats s on a.key = s.key where a.key = 'a'",
            "select key from kv a join kv b on a.key = b.key where a.key = 'a'",
            "select a.key from kv a join kv b on a.key = b.key where key = 'a'",
            "select a.key from kv a join kv b on a.key = b.key where b.key = 'a'",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key >= 'a' and b.key <> 'b'",
            "select a.key from kv a join kv b on b.key = text(a.value) where a.key = 'a' and b.value is not null",
            "select a.key from kv a join kv b on a.key = b.key where a.key = 'a' order by a.key",
            "select count(*) from kv a join kv b on a.key = b.key where a.key = 'a'",
            "select a.key from kv a join kv a on a.key = a.key where a.key = 'a'",
            "select a.key from kv a join kv b on a.key = text(b.value) where a.key = 'a'",
            "select a.key from kv a join kv b on a.key = b.key and a.key = 'a'",
            "select a.key from kv join kv b on kv.key = b.key where kv.key = 'a'",
            "select a.key, char_length(b.key) from kv a left join kv b on b.key = text(a.value) where a.key = 'a'",
            "select a.key from kv a left join kv b on b.key = text(a.value) where a.key = 'a' and b.key <> 'x'",
            "select a.key from kv a left join kv b on b.key = text(a.value) where a.key >= 'a' limit 1",
            "select a.key from kv a join kv b on b.key = text(a.value) where a.key >= 'a'"
                    + " and text(b.value) = 'a' limit 1");


    private static final List<Prepared> PREPARED = List.of(
            new Prepared("SELECT a.key AS n0 FROM kv a JOIN kv b ON a.key = b.key WHERE a.key IN (?, ?)",
                    List.of("a", "b")),
            new Prepared("select a.key, b.key, b.value from kv a join kv b on b.key = text(a.value) where a.key = ?",
                    List.of("p2")),
            new Prepared("select a.key, b.value from kv a left join kv b on b.key = text(a.value)"
                    + " where a.key in (?, ?)", Arrays.asList("a", null)),
            new Prepared("select a.key, b.key from kv a join kv b on a.key = b.key where a.key >= ? limit ?",
                    List.of("b", 2)),
            new Prepared("select a.key, b.key from kv a join kv b on a.key = b.key where a.key >= ? limit ?",
                    List.of("b", -1)));

    private static Connection open(boolean frontDoor) throws SQLException {
        return ExecutorParity.openFrontDoor(frontDoor, SEED);
    }

    @Test
    void recognize_joinShapes_takenAndSameAsCalcite() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (String sql : SHAPES) {
                assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
                try (PreparedStatement ps = calcite.prepareStatement(sql)) {
                    // same executors only: Calcite's plan of the statement is a lookup join, on an executor too
                    assertTrue(((KvPreparedStatement) ps).usesExecutor(), sql);
                }
                assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(door, sql), sql);
            }
        }
    }

    @Test
    void recognize_nearJoins_leftToCalcite() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (String sql : FALLBACK) {
                assertNull(TextFrontDoor.recognize(sql, SIZES), sql);
                assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(door, sql), sql);
            }
        }
    }

    @Test
    void prepared_joinShapes_sameParameterMetadataRowsAndErrors() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (Prepared p : PREPARED) {
                assertNotNull(TextFrontDoor.recognize(p.sql(), SIZES), p.sql());
                assertEquals(ExecutorParity.preparedView(calcite, p.sql(), p.values()),
                        ExecutorParity.preparedView(door, p.sql(), p.values()), p.sql() + " " + p.values());
            }
        }
    }
}
