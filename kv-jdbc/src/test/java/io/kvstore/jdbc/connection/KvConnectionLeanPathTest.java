package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lean planning path ({@code KvLeanPlanner} then the plan recognizer) and Calcite's full path give the same
 * rows, result metadata, update counts and errors, statement by statement, on two stores holding the same data (the
 * text front door is turned off on both, so that every statement is planned); and what the lean path does not take
 * (joins, grouping, other aggregates, subqueries, views, other tables, set operations, expressions the executors do
 * not evaluate, a LIMIT without ORDER BY over a filtered full scan) falls back to the full path.
 */
class KvConnectionLeanPathTest {
    private static final List<String> SEED = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', 'x1'), ('b', 'x2'), ('abc', 'hello'), ('k1', '')",
            "INSERT INTO kv (value, key) VALUES (x'00ff', 'c')");

    /** Statements the lean path runs (each must be planned there). */
    private static final List<String> LEAN = List.of(
            "SELECT key, CHAR_LENGTH(key) FROM kv WHERE key IN ('a', 'b')",
            "SELECT key, value FROM kv WHERE key = 'a'",
            "select k1_0.key,k1_0.value from kv k1_0 where k1_0.key='b'",
            "SELECT kv.value FROM kv WHERE kv.key = 'c'",
            "SELECT \"key\", TEXT(\"value\") FROM \"kvstore\".\"kv\" WHERE key IN ('a', 'zz')",
            "SELECT key, UPPER(key) AS u, CHAR_LENGTH(TEXT(value)) AS n FROM kv WHERE key IN ('a', 'b')",
            "SELECT count(*) FROM kv",
            "SELECT count(*) FROM kv WHERE key LIKE 'a%'",
            "SELECT count(*) AS n FROM kv WHERE key = 'a'",
            "SELECT min(key), max(key) FROM kv",
            "SELECT key FROM kv ORDER BY key",
            "SELECT key, value FROM kv ORDER BY key DESC LIMIT 2",
            "SELECT value FROM kv ORDER BY key",
            "SELECT key FROM kv ORDER BY key LIMIT 2 OFFSET 1",
            "SELECT value FROM kv WHERE key > 'a' AND key <= 'c'",
            "SELECT key FROM kv WHERE key BETWEEN 'a' AND 'b' ORDER BY key DESC",
            "SELECT * FROM kv WHERE key = 'a' AND value = 'x1'",
            "SELECT key FROM kv WHERE key IN ('a', 'b', 'c') AND TEXT(value) = 'x2'",
            "SELECT key || '!' AS k FROM kv WHERE key = 'a'",
            "SELECT key FROM kv WHERE key = 'a' OR key = 'b'",
            "SELECT * FROM (SELECT key AS k FROM kv) t WHERE t.k = 'a'",
            "SELECT key FROM kv WHERE key = 'a' LIMIT 1",
            "select value from kv where key = 'nope'",
            "SELECT LOWER(key), OCTET_LENGTH(value) FROM kv WHERE key IN ('abc', 'k1')",
            "SELECT key, value FROM kv WHERE value IS NOT NULL AND key LIKE 'b%'",
            "SELECT * FROM kv",
            "SELECT key FROM kv WHERE key > 'a' LIMIT 2",
            "SELECT key FROM kv WHERE key = 'a' OR key = 'b' LIMIT 1 OFFSET 1",
            // LIMIT without ORDER BY over a full scan: the ordered read, as Volcano chooses at every size
            "SELECT key FROM kv LIMIT 2 OFFSET 1",
            "SELECT * FROM kv LIMIT 3",
            // session 10: grouping, and CHAR_LENGTH of the value's hex (Calcite casts VARBINARY to VARCHAR)
            "SELECT key, count(*) FROM kv GROUP BY key ORDER BY key",
            "SELECT CHAR_LENGTH(key), count(*), max(key) FROM kv GROUP BY CHAR_LENGTH(key) ORDER BY 1",
            "SELECT key, CHAR_LENGTH(value) AS n FROM kv WHERE key IN ('a', 'b')");

    /** Statements the lean path leaves to the full path. */
    private static final List<String> FALLBACK = List.of(
            "SELECT a.key FROM kv a JOIN kv b ON a.key = b.key ORDER BY a.key",
            "SELECT CHAR_LENGTH(key), count(DISTINCT key) FROM kv GROUP BY CHAR_LENGTH(key)",
            "SELECT sum(CHAR_LENGTH(key)) FROM kv",
            "SELECT key FROM kv_text WHERE key = 'a'",
            "SELECT key FROM kv WHERE key IN (SELECT key FROM kv WHERE key > 'b') ORDER BY key",
            "SELECT key FROM kv ORDER BY value",
            "SELECT key FROM kv UNION SELECT key FROM kv ORDER BY 1",
            "SELECT key FROM kv_meta WHERE key = 'a'",
            // LIMIT without ORDER BY over a filtered full scan (Volcano may simplify the filter away)
            "SELECT key FROM kv WHERE TEXT(value) LIKE 'v%' LIMIT 2");

    /** Statements that fail: the same SQLState and message on both paths. */
    private static final List<String> ERRORS = List.of(
            "SELECT nokey FROM kv",
            "SELECT * FROM nosuch",
            "SELECT key FROM kv WHERE key = 1",
            "SELEC key FROM kv",
            "INSERT INTO kv VALUES ('z', 1)",
            "INSERT INTO kv VALUES ('a', x'01')",
            "SELECT CAST(value AS INTEGER) FROM kv WHERE key = 'a'");

    /** Writes, in order; both stores must end with the same contents. */
    private static final List<String> WRITES = List.of(
            "INSERT INTO kv VALUES ('n1', 'v1')",
            "INSERT INTO kv (key, value) VALUES ('n2', x'0102'), ('n3', x'03')",
            "UPDATE kv SET value = 'u' WHERE key = 'a'",
            "UPDATE kv SET value = x'00' WHERE key IN ('b', 'nope')",
            "DELETE FROM kv WHERE key = 'c'",
            "DELETE FROM kv WHERE key IN ('n1', 'n2') AND value = 'v1'",
            "UPDATE kv SET value = BYTES(key) WHERE key = 'abc'");

    private static Connection open(boolean lean) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem());
        KvConnection kv = c.unwrap(KvConnection.class);
        kv.disableTextFrontDoor();
        if (!lean) {
            kv.disableLeanPlanning();
        }
        try (Statement s = c.createStatement()) {
            for (String sql : SEED) {
                s.executeUpdate(sql);
            }
        }
        return c;
    }

    private static String outcome(Connection c, String sql) {
        return ClientView.outcome(c, sql);
    }

    private static String describe(ResultSet rs) throws SQLException {
        return ClientView.describe(rs);
    }

    private static void assertSame(Connection lean, Connection full, String sql) {
        String expected = outcome(full, sql);
        assertEquals(expected, outcome(lean, sql), sql);
    }

    @Test
    void leanExecutor_readsOverKv_sameRowsAndMetadataAsFullPath() throws SQLException {
        try (Connection lean = open(true); Connection full = open(false)) {
            KvConnection kv = lean.unwrap(KvConnection.class);
            for (String sql : LEAN) {
                int before = kv.leanPlanned();
                assertSame(lean, full, sql);
                assertTrue(kv.leanPlanned() > before, "not planned by the lean path: " + sql);
            }
            assertEquals(0, full.unwrap(KvConnection.class).leanPlanned());
        }
    }

    @Test
    void leanExecutor_joinsAggregatesSubqueriesOtherTables_fallBackWithSameRows() throws SQLException {
        try (Connection lean = open(true); Connection full = open(false)) {
            KvConnection kv = lean.unwrap(KvConnection.class);
            for (String sql : FALLBACK) {
                int before = kv.leanPlanned();
                assertSame(lean, full, sql);
                assertEquals(before, kv.leanPlanned(), "planned by the lean path: " + sql);
            }
        }
    }

    @Test
    void leanExecutor_failingStatements_sameErrorsAsFullPath() throws SQLException {
        try (Connection lean = open(true); Connection full = open(false)) {
            for (String sql : ERRORS) {
                String expected = outcome(full, sql);
                assertTrue(expected.startsWith("error "), sql + " -> " + expected);
                assertEquals(expected, outcome(lean, sql), sql);
            }
        }
    }

    @Test
    void leanExecutor_writes_sameCountsAndContentsAsFullPath() throws SQLException {
        try (Connection lean = open(true); Connection full = open(false)) {
            KvConnection kv = lean.unwrap(KvConnection.class);
            for (String sql : WRITES) {
                int before = kv.leanPlanned();
                assertSame(lean, full, sql);
                // several rows of literals are several rows of parameters in the shared shape: a union, not VALUES
                boolean unionOfRows = sql.contains("), (");
                assertEquals(!unionOfRows, kv.leanPlanned() > before, "lean path: " + sql);
            }
            assertSame(lean, full, "SELECT key, value FROM kv ORDER BY key");
        }
    }

    @Test
    void leanExecutor_preparedWithParameters_sameAsFullPath() throws SQLException {
        try (Connection lean = open(true); Connection full = open(false)) {
            String[] results = new String[2];
            Connection[] both = {lean, full};
            for (int i = 0; i < 2; i++) {
                Connection c = both[i];
                StringBuilder b = new StringBuilder();
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv VALUES (?, ?)");
                     PreparedStatement upd = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?");
                     PreparedStatement get = c.prepareStatement("SELECT key, value FROM kv WHERE key = ?");
                     PreparedStatement page = c.prepareStatement(
                             "SELECT key FROM kv ORDER BY key LIMIT ? OFFSET ?")) {
                    ins.setString(1, "p");
                    ins.setBytes(2, new byte[] {7});
                    b.append(ins.executeUpdate());
                    upd.setBytes(1, new byte[] {8, 9});
                    upd.setString(2, "p");
                    b.append(upd.executeUpdate());
                    get.setString(1, "p");
                    try (ResultSet rs = get.executeQuery()) {
                        b.append(describe(rs));
                    }
                    page.setInt(1, 2);
                    page.setInt(2, 1);
                    try (ResultSet rs = page.executeQuery()) {
                        b.append(describe(rs));
                    }
                    ResultSetMetaData md = get.getMetaData();
                    b.append(md.getColumnCount()).append(md.getColumnLabel(2)).append(md.getPrecision(2));
                    b.append(get.getParameterMetaData().getParameterType(1));
                }
                results[i] = b.toString();
            }
            assertEquals(results[1], results[0]);
            assertTrue(lean.unwrap(KvConnection.class).leanPlanned() >= 4);
        }
    }
}
