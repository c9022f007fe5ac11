package io.kvstore.jdbc.result;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fast-path full scan ({@link RowResultSet} over an engine scan): limits, cancel, timeout, transactions. */
class RowResultSetTest {
    private static final String SCAN = "select key, value from kv";

    private static void load(Connection c, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "k" + i);
                ps.setBytes(2, ("v" + i).getBytes(StandardCharsets.UTF_8));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void next_wholeTable_everyRowOnceAndValuesMatch() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 1000);
            Set<String> keys = new HashSet<>();
            try (ResultSet rs = st.executeQuery(SCAN)) {
                assertInstanceOf(RowResultSet.class, rs.unwrap(BaseResultSet.class));
                while (rs.next()) {
                    String k = rs.getString(1);
                    assertTrue(keys.add(k), "once: " + k);
                    assertEquals("v" + k.substring(1), new String(rs.getBytes("value"), StandardCharsets.UTF_8));
                    assertFalse(rs.wasNull());
                    assertEquals(keys.size(), rs.getRow());
                }
                assertEquals(0, rs.getRow());
                assertTrue(rs.isAfterLast());
                assertFalse(rs.next());
            }
            assertEquals(1000, keys.size());
        }
    }

    @Test
    void next_maxRows_stopsThere() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 50);
            st.setMaxRows(7);
            int n = 0;
            try (ResultSet rs = st.executeQuery(SCAN)) {
                while (rs.next()) {
                    n++;
                }
            }
            assertEquals(7, n);
        }
    }

    @Test
    void isLast_atMaxRows_true() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 5);
            st.setMaxRows(2);
            try (ResultSet rs = st.executeQuery(SCAN)) {
                assertTrue(rs.next());
                assertFalse(rs.isLast());
                assertTrue(rs.next());
                assertTrue(rs.isLast());
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void next_afterCancel_failsWith57014() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 50);
            ResultSet rs = st.executeQuery(SCAN);
            assertTrue(rs.next());
            st.cancel();
            assertEquals("57014", sqlError(rs::next).getSQLState());
            // the statement runs again afterwards
            try (ResultSet again = st.executeQuery(SCAN)) {
                assertTrue(again.next());
            }
        }
    }

    @Test
    void next_pastQueryTimeout_failsWithTimeout() throws Exception {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 2 * RowResultSet.CLOCK_CHECK_INTERVAL + 10);
            st.setQueryTimeout(1);
            try (ResultSet rs = st.executeQuery(SCAN)) {
                assertTrue(rs.next());
                Thread.sleep(1_100);
                SQLException e = sqlError(() -> {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                });
                assertInstanceOf(SQLTimeoutException.class, e);
                assertEquals("HYT00", e.getSQLState());
            }
        }
    }

    @Test
    void getters_wrongColumnKinds_convertAsCalcite() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            load(c, 1);
            try (ResultSet rs = st.executeQuery("select value, key from kv")) {
                assertEquals(SqlState.FUNCTION_SEQUENCE.code(), sqlError(() -> rs.getString(1)).getSQLState(),
                        "no current row");
                assertTrue(rs.next());
                assertEquals("7630", rs.getString(1), "hex of the value");
                assertEquals("22000", sqlError(() -> rs.getBytes(2)).getSQLState());
                assertInstanceOf(byte[].class, rs.getObject(1));
                assertEquals("k0", rs.getObject(2));
                assertEquals("k0", rs.getObject(2, String.class));
            }
        }
    }

    @Test
    void isBeforeFirst_emptyAndNonEmpty_peeksWithoutLosingARow() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(SCAN)) {
                assertFalse(rs.isBeforeFirst());
                assertFalse(rs.next());
                assertFalse(rs.isAfterLast());
            }
            load(c, 2);
            try (ResultSet rs = st.executeQuery(SCAN)) {
                assertTrue(rs.isBeforeFirst());
                assertTrue(rs.isBeforeFirst());
                assertFalse(rs.isLast());
                assertTrue(rs.next());
                assertTrue(rs.isFirst());
                assertFalse(rs.isLast());
                assertNotNull(rs.getString(1));
                assertTrue(rs.next());
                assertTrue(rs.isLast());
                assertFalse(rs.next());
                assertFalse(rs.isLast());
                assertTrue(rs.isAfterLast());
            }
        }
    }

    @Test
    void scanInTransaction_seesOwnWritesAndConflictsWithConcurrentCommit() throws SQLException {
        String url = TestUrls.mem();
        try (Connection c = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
             Statement st = c.createStatement()) {
            load(c, 3);
            c.setAutoCommit(false);
            st.executeUpdate("delete from kv where key = 'k0'");
            st.executeUpdate("insert into kv values ('mine', x'01')");
            Set<String> keys = new HashSet<>();
            try (ResultSet rs = st.executeQuery(SCAN)) {
                while (rs.next()) {
                    keys.add(rs.getString("key"));
                }
            }
            assertEquals(Set.of("k1", "k2", "mine"), keys);
            try (Statement o = other.createStatement()) {
                o.executeUpdate("insert into kv values ('theirs', x'02')");
            }
            assertEquals("40001", sqlError(c::commit).getSQLState());
        }
    }
}
