package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
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
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key lookups on {@code kv_meta} run on the engine ({@link Pipeline.MetaLookup}) and give what Calcite's runtime
 * gives for the same text on the same store (URL option {@code fastPath=false}): metadata, rows, timestamp values
 * (in a JVM time zone away from UTC, the zone both paths show timestamps in), inside a transaction too.
 */
class MetaLookupExecutorTest {
    private static final byte[] V = "v".getBytes(StandardCharsets.UTF_8);
    private TimeZone saved;

    @BeforeEach
    void zoneAwayFromUtc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns")); // -03:30 or -02:30, with daylight saving
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(saved);
    }

    /** A statement and its parameters. */
    record Case(String sql, List<Object> params) {
        static Case of(String sql, Object... params) {
            return new Case(sql, Arrays.asList(params));
        }
    }

    private static final List<Case> LOOKUPS = List.of(
            Case.of("select * from kv_meta where key = 'plain'"),
            Case.of("select key, version, created_at, updated_at, expires_at from kv_meta where key = 'ttl'"),
            Case.of("select expires_at from kv_meta where key = ?", "ttl"),
            Case.of("select expires_at from kv_meta where key = ?", "plain"),
            Case.of("select expires_at from kv_meta where key = ?", "missing"),
            Case.of("select expires_at from kv_meta where key = ?", "expired"),
            Case.of("select expires_at from kv_meta where key = ?", (Object) null),
            Case.of("select key, expires_at as e from kv_meta where key in ('plain', 'ttl', 'missing', 'expired')"),
            Case.of("select key, version from kv_meta where key in (?, ?, 'ttl')", "plain", "plain"),
            Case.of("select key from kv_meta where key in ('plain', 'ttl', 'k3') and expires_at is null"),
            Case.of("select key, updated_at from kv_meta where key in ('plain', 'ttl') and version > 0 limit 1"),
            Case.of("select count(*) from kv_meta where key in ('plain', 'ttl', 'missing')"));

    private static void load(KvStore store) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            store.put(("k" + i).getBytes(StandardCharsets.UTF_8), V);
        }
        store.put("plain".getBytes(StandardCharsets.UTF_8), V);
        store.put("plain".getBytes(StandardCharsets.UTF_8), V); // version 2, updated after created
        store.put("ttl".getBytes(StandardCharsets.UTF_8), V, System.currentTimeMillis() + 3_600_000L);
        long soon = System.currentTimeMillis() + 20;
        store.put("expired".getBytes(StandardCharsets.UTF_8), V, soon);
        while (System.currentTimeMillis() <= soon + 1) {
            Thread.sleep(5); // waits until the expiry has passed; the entry is still in the table, expired
        }
    }

    /** Everything a client can see of a query's outcome, as text, in row order. */
    private static List<String> outcome(Connection c, Case k, Boolean executor) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(k.sql())) {
            if (executor != null) {
                assertEquals(executor, ((KvPreparedStatement) ps).usesExecutor(), k.sql());
            }
            for (int i = 0; i < k.params().size(); i++) {
                ps.setObject(i + 1, k.params().get(i));
            }
            ResultSetMetaData pmd = ps.getMetaData();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                out.add("prepared metadata equal: " + describe(pmd).equals(describe(md)));
                out.add(describe(md));
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.append(v).append(v == null ? "" : ":" + v.getClass().getSimpleName())
                                .append(v instanceof java.sql.Timestamp t ? "@" + t.getTime() : "")
                                .append('|').append(rs.getString(i)).append(v instanceof java.sql.Timestamp
                                        ? "|" + rs.getTimestamp(i).toLocalDateTime() : "").append(';');
                    }
                    out.add(row.toString());
                }
            }
        } catch (SQLException e) {
            if (!"22018".equals(e.getSQLState()) && !"22007".equals(e.getSQLState())) {
                throw e;
            }
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
                    .append(md.getScale(i)).append('/').append(md.getTableName(i)).append('/')
                    .append(md.getColumnClassName(i)).append(' ');
        }
        return sb.toString();
    }

    @Test
    void lookups_keysWithAndWithoutExpiry_executorGivesCalcitesOutcome() throws Exception {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            KvStore store = fast.unwrap(KvConnection.class).store();
            assertTrue(store == slow.unwrap(KvConnection.class).store(), "one store for both connections");
            load(store);
            for (Case k : LOOKUPS) {
                List<String> expected = outcome(slow, k, null);
                assertTrue(expected.size() >= 2, k.sql());
                assertEquals(expected, outcome(fast, k, true), k.sql());
            }
            // the cases see the entries: a row per live key, none for the missing and the expired one
            assertEquals(2 + 2, outcome(fast, LOOKUPS.get(7), true).size());
            assertTrue(outcome(fast, LOOKUPS.get(2), true).get(2).contains("@"), "ttl has an expiry");
            assertTrue(outcome(fast, LOOKUPS.get(3), true).get(2).startsWith("null"), "plain has none");
        }
    }

    @Test
    void lookups_insideTransaction_readTheTransactionsWrites() throws Exception {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url)) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            load(fast.unwrap(KvConnection.class).store());
            fast.setAutoCommit(false);
            try (Statement s = fast.createStatement()) {
                s.executeUpdate("insert into kv values ('fresh', x'01')");
                s.executeUpdate("delete from kv where key = 'plain'");
                s.executeUpdate("update kv_meta set expires_at = null where key = 'ttl'");
            }
            // the same lookup through Calcite's runtime on the same connection: a timestamp comparison is outside
            // what the executor compiles, and is true for every entry. (A pending write's timestamps are the time
            // of the read, so they are compared on committed keys only.)
            String viaCalcite = " and created_at > timestamp '2000-01-01 00:00:00'";
            for (Case k : List.of(
                    Case.of("select * from kv_meta where key in ('k1', 'k2', 'missing')"),
                    Case.of("select key, version, expires_at from kv_meta where key in ('fresh', 'plain', 'ttl', 'k1')"),
                    Case.of("select key, version, expires_at from kv_meta where key = ?", "fresh"),
                    Case.of("select key, expires_at from kv_meta where key in (?, 'ttl')", "plain"))) {
                List<String> got = outcome(fast, k, true);
                assertEquals(outcome(fast, new Case(k.sql() + viaCalcite, k.params()), false), got, k.sql());
                assertFalse(String.join("\n", got).contains("plain"), "deleted in the transaction: " + got);
            }
            List<String> fresh = outcome(fast, Case.of("select key from kv_meta where key = 'fresh'"), true);
            assertEquals(3, fresh.size(), "the transaction's own insert is visible: " + fresh);
            Case ttl = Case.of("select expires_at from kv_meta where key = 'ttl'");
            assertTrue(outcome(fast, ttl, true).get(2).startsWith("null"), "expiry cleared in the transaction");
            fast.rollback();
            assertTrue(outcome(fast, ttl, true).get(2).contains("@"), "expiry back after rollback");
            assertEquals(2, outcome(fast, Case.of("select key from kv_meta where key = 'fresh'"), true).size());
            assertEquals(3, outcome(fast, Case.of("select key from kv_meta where key = 'plain'"), true).size());
        }
    }

    @Test
    void scan_withoutKeys_staysWithCalcite() throws Exception {
        try (Connection fast = DriverManager.getConnection(TestUrls.mem())) {
            fast.unwrap(KvConnection.class).disableTextFrontDoor();
            outcome(fast, Case.of("select key from kv_meta"), false);
            outcome(fast, Case.of("select key from kv_meta where key = 'a' and expires_at < current_timestamp"),
                    false);
        }
    }
}
