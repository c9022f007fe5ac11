package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements as frameworks spell them, planned by Calcite (the text front door turned off), run on engine executors, and give what Calcite's runtime gives for the same
 * text (the same store contents, URL option {@code fastPath=false}): column metadata, rows, update counts, errors.
 */
class PlanRecognizerTest {

    /** A statement, its parameters, and whether it must run on an executor. */
    record Case(String sql, List<Object> params, boolean executor) {
        static Case of(String sql, boolean executor, Object... params) {
            return new Case(sql, Arrays.asList(params), executor);
        }
    }

    private static final List<Case> QUERIES = List.of(
            Case.of("select k1_0.key,k1_0.value from kv k1_0 where k1_0.key=?", true, "k1"),
            Case.of("SELECT kv.value FROM kv WHERE kv.key = ?", true, "k2"),
            Case.of("select \"kvstore\".\"kv\".\"key\", \"kvstore\".\"kv\".\"value\" from \"kvstore\".\"kv\""
                    + " where \"kvstore\".\"kv\".\"key\" = ?", true, "k3"),
            Case.of("SELECT \"kv\".\"key\" AS \"key\", \"kv\".\"value\" AS \"value\" FROM \"kv\" WHERE \"kv\".\"key\" = ?",
                    true, "k4"),
            Case.of("select value from kv where key = ?", true, "absent"),
            Case.of("select value from kv where key = ?", true, (Object) null),
            Case.of("SELECT key, TEXT(value) FROM kv WHERE key IN ('k1','k2','zz','k1')", true),
            Case.of("select key, char_length(key), upper(key) k from kv where key = ? or key = 'k3' limit ? offset 1",
                    true, "k1", 5),
            Case.of("select key from kv where key like 'k1%'", true),
            Case.of("select key, value from kv where key = ? and value = x'7631'", true, "k1"),
            Case.of("select key, value from kv where key = ? and value <> x'7631'", true, "k1"),
            Case.of("select * from kv", true),
            Case.of("select key from kv limit 3 offset 2", true),
            Case.of("select count(*) from kv", true),
            Case.of("select count(*) as n from kv where key in (?, ?)", true, "k1", "nope"),
            Case.of("select count(key) from kv where key > 'k5'", true),
            Case.of("select key, cast(key as varchar(1)) from kv where key = 'k12'", true),
            Case.of("select key from kv where key is not null and not (key = 'k1')", true),
            Case.of("select key from kv order by key", true),
            Case.of("select key from kv order by value", false),
            Case.of("select max(key) from kv", true),
            Case.of("select key from kv where value = 'v3'", true),
            Case.of("select key, text(value) from kv where key in ('k1', 'k3') and value <> 'v3'", true),
            Case.of("select key from kv where value in ('v1', 'v2', 'nope')", true));

    private static void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
            for (int i = 0; i < 20; i++) {
                ps.setString(1, "k" + i);
                ps.setBytes(2, ("v" + i).getBytes(StandardCharsets.UTF_8));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Everything a client can see of a statement's outcome, as text; rows sorted (scans have no order). */
    private static List<String> outcome(Connection c, Case k, boolean expectExecutor) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(k.sql())) {
            if (expectExecutor) {
                assertEquals(k.executor(), ((KvPreparedStatement) ps).usesExecutor(), k.sql());
            }
            for (int i = 0; i < k.params().size(); i++) {
                ps.setObject(i + 1, k.params().get(i));
            }
            ResultSetMetaData pmd = ps.getMetaData();
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    out.add("prepared metadata equal: " + describe(pmd).equals(describe(md)));
                    out.add(describe(md));
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.append(v instanceof byte[] b ? "0x" + new String(b, StandardCharsets.UTF_8)
                                    : String.valueOf(v)).append(v == null ? "" : ":" + v.getClass().getSimpleName())
                                    .append('|').append(rs.getString(i)).append(';');
                        }
                        rows.add(row.toString());
                    }
                    Collections.sort(rows);
                    out.addAll(rows);
                }
            } else {
                out.add("count " + ps.getLargeUpdateCount());
            }
        } catch (SQLException e) {
            out.add("error " + e.getSQLState());
        }
        return out;
    }

    private static String describe(ResultSetMetaData md) throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            sb.append(md.getColumnLabel(i)).append('/').append(md.getColumnName(i)).append('/')
                    .append(md.getColumnType(i)).append('/').append(md.getColumnTypeName(i)).append('/')
                    .append(md.isNullable(i)).append('/').append(md.getPrecision(i)).append('/')
                    .append(md.getTableName(i)).append('/').append(md.getColumnClassName(i)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void valueComparedWithText_comparesUtf8Bytes_onExecutorAndCalcite() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
                c.unwrap(KvConnection.class).disableTextFrontDoor();
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into kv values ('g', 'héllo'), ('h', 'hello')");
                }
                for (String sql : List.of("select key from kv where value = 'héllo'",
                        "select key from kv where key in ('g', 'h') and value = 'héllo'",
                        "select key from kv where 'héllo' = value and key = 'g'")) {
                    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                        assertEquals(opt.isEmpty(), ((KvPreparedStatement) ps).usesExecutor(), sql);
                        assertTrue(rs.next(), opt + ": " + sql);
                        assertEquals("g", rs.getString(1));
                        assertFalse(rs.next());
                    }
                }
                try (Statement st = c.createStatement()) {
                    assertEquals(1, st.executeUpdate("update kv set value = 'hi' where value = 'héllo'"));
                    assertEquals(1, st.executeUpdate("delete from kv where value = 'hi'"));
                }
            }
        }
    }

    @Test
    void queries_frameworkSpellings_executorGivesCalcitesOutcome() throws SQLException {
        String url = TestUrls.mem();
        String slowUrl = TestUrls.mem() + ";fastPath=false";
        try (Connection fast = DriverManager.getConnection(url); Connection slow = DriverManager.getConnection(slowUrl)) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            load(fast);
            load(slow);
            for (Case k : QUERIES) {
                List<String> expected = outcome(slow, k, false);
                assertFalse(expected.isEmpty(), k.sql());
                assertEquals(expected, outcome(fast, k, true), k.sql());
            }
        }
    }

    private static final List<Case> WRITES = List.of(
            Case.of("insert into kv values (?, ?)", true, "n1", "one"),
            Case.of("insert into kv values (?, ?)", true, "n1", "again"),
            Case.of("insert into kv values (?, ?)", true, "n2", null),
            Case.of("insert into kv(value, key) values ('v', 'n3'), (x'00', 'n4')", true),
            Case.of("insert into kv(value, key) values ('v', 'n5'), (x'00', 'n5')", true),
            Case.of("update kv set value = ? where key = ?", true, "new", "n1"),
            Case.of("update kv set value = ? where key = ?", true, "new", "absent"),
            Case.of("update kv set value = ? where key = ?", true, null, "n1"),
            Case.of("UPDATE kv SET value = ? WHERE kv.key = ? AND kv.value = ?", true, "newer", "n1",
                    "new".getBytes(StandardCharsets.UTF_8)),
            Case.of("delete from kv where key = ?", true, "n3"),
            Case.of("delete from kv where key in (?, ?, 'n4')", true, "n1", "zz"),
            Case.of("delete from kv where key = ?", true, "n3"),
            Case.of("select key, value from kv where key like 'n%'", true));

    @Test
    void writes_executorGivesCalcitesCountsErrorsAndState() throws SQLException {
        try (Connection fast = DriverManager.getConnection(TestUrls.mem());
             Connection slow = DriverManager.getConnection(TestUrls.mem() + ";fastPath=false")) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            for (Case k : WRITES) {
                assertEquals(outcome(slow, k, false), outcome(fast, k, true), k.sql());
            }
            for (boolean autoCommit : new boolean[] {false}) {
                fast.setAutoCommit(autoCommit);
                slow.setAutoCommit(autoCommit);
                for (Case k : WRITES) {
                    assertEquals(outcome(slow, k, false), outcome(fast, k, true), "in a transaction: " + k.sql());
                }
                fast.rollback();
                slow.rollback();
            }
        }
    }

    @Test
    void adHoc_frameworkSpellingsWithLiterals_sameOutcomeOnBothPaths() throws SQLException {
        List<String> sqls = List.of("select k1_0.key,k1_0.value from kv k1_0 where k1_0.key='k1'",
                "SELECT kv.value FROM kv WHERE kv.key = 'k2'", "select key from kv where key in ('k3', 'k4') limit 1",
                "insert into kv values ('a1', 'x')", "insert into kv values ('a1', 'x')",
                "update kv set value = 'y' where key = 'a1'", "delete from kv where key = 'a1'",
                "select count(*) from kv", "select key from kv where key = 'k1' and value = 'v1'",
                "select key from kv where key = 'it''s'");
        try (Connection fast = DriverManager.getConnection(TestUrls.mem());
             Connection slow = DriverManager.getConnection(TestUrls.mem() + ";fastPath=false");
             Statement f = fast.createStatement(); Statement s = slow.createStatement()) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            load(fast);
            load(slow);
            for (String sql : sqls) {
                assertEquals(run(s, sql), run(f, sql), sql);
            }
        }
    }

    private static List<String> run(Statement st, String sql) {
        List<String> out = new ArrayList<>();
        try {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    out.add(describe(rs.getMetaData()));
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            out.add(rs.getString(i));
                        }
                    }
                }
            } else {
                out.add("count " + st.getUpdateCount());
            }
        } catch (SQLException e) {
            out.add("error " + e.getSQLState());
        }
        return out;
    }

    @Test
    void prepare_unsupportedShapes_runThroughCalcite() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            for (String sql : List.of("select key from kv order by value", "select value, count(*) from kv group by value",
                    "select a.key from kv a join kv b on a.value = b.value")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertFalse(((KvPreparedStatement) ps).usesExecutor(), sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select value from kv where key = ?")) {
                assertTrue(((KvPreparedStatement) ps).usesExecutor());
            }
        }
    }
}
