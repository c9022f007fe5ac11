package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.TestUrls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvConnectionTest {
    @TempDir
    Path dir;

    private static void put(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** The value as UTF-8 text, or null if absent; read through SQL that Calcite plans (not the fast path). */
    private static String get(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select text(value) from kv where key = ? and 1 = 1")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void twoConnections_sameUrl_shareOneStoreThatClosesWithTheLast() throws SQLException {
        String url = "jdbc:kvstore:" + dir.resolve("shared");
        Connection a = DriverManager.getConnection(url);
        Connection b = DriverManager.getConnection(url + ";fastPath=false");
        KvStore store = a.unwrap(KvStore.class);
        assertSame(store, b.unwrap(KvStore.class));
        put(a, "k", "v");
        assertEquals("v", get(b, "k"));
        a.close();
        assertFalse(store.isClosed());
        assertEquals("v", get(b, "k"));
        b.close();
        assertTrue(store.isClosed());
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals("v", get(c, "k"));
        }
    }

    @Test
    void memoryStore_livesWhileAConnectionIsOpen() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url)) {
            put(a, "k", "v");
            try (Connection b = DriverManager.getConnection(url)) {
                assertEquals("v", get(b, "k"));
            }
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertNull(get(c, "k"));
        }
    }

    @Test
    void secondConnection_differentStoreOptions_fails55006() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url)) {
            SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection(url + ";maxValueBytes=10"));
            assertEquals("55006", e.getSQLState());
            assertTrue(e.getMessage().contains("maxValueBytes"), e.getMessage());
        }
    }

    @Test
    void autoCommitOff_ownWritesVisible_othersSeeThemOnlyAfterCommit() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            assertTrue(a.getAutoCommit());
            a.setAutoCommit(false);
            put(a, "k", "v");
            assertEquals("v", get(a, "k"));
            assertNull(get(b, "k"));
            a.commit();
            assertEquals("v", get(b, "k"));
        }
    }

    @Test
    void rollback_discardsWrites() throws SQLException {
        try (Connection a = DriverManager.getConnection(TestUrls.mem())) {
            a.setAutoCommit(false);
            put(a, "k", "v");
            try (Statement st = a.createStatement()) {
                assertEquals(1, st.executeUpdate("update kv set value = bytes('w') where key = 'k'"));
            }
            a.rollback();
            assertNull(get(a, "k"));
            a.setAutoCommit(true);
            assertNull(get(a, "k"));
        }
    }

    @Test
    void commit_afterConcurrentChangeOfReadKey_fails40001AndAppliesNothing() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            put(b, "balance", "10");
            a.setAutoCommit(false);
            assertEquals("10", get(a, "balance"));
            try (Statement st = a.createStatement()) {
                st.executeUpdate("update kv set value = bytes('5') where key = 'balance'");
                st.executeUpdate("insert into kv values ('other', x'01')");
            }
            try (Statement st = b.createStatement()) {
                assertEquals(1, st.executeUpdate("update kv set value = bytes('20') where key = 'balance'"));
            }
            SQLException e = assertThrows(SQLException.class, a::commit);
            assertInstanceOf(SQLTransactionRollbackException.class, e);
            assertEquals("40001", e.getSQLState());
            assertEquals("20", get(b, "balance"));
            assertNull(get(b, "other"));
            // the connection goes on with a new transaction
            assertEquals("20", get(a, "balance"));
            put(a, "after", "x");
            a.commit();
            assertEquals("x", get(b, "after"));
        }
    }

    @Test
    void setAutoCommitTrue_withOpenTransaction_commitsIt() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            a.setAutoCommit(false);
            put(a, "k", "v");
            assertNull(get(b, "k"));
            a.setAutoCommit(true);
            assertEquals("v", get(b, "k"));
        }
    }

    @Test
    void commit_closesOpenResultSets() throws SQLException {
        try (Connection a = DriverManager.getConnection(TestUrls.mem())) {
            a.setAutoCommit(false);
            put(a, "k", "v");
            Statement st = a.createStatement();
            ResultSet rs = st.executeQuery("select * from kv");
            a.commit();
            assertTrue(rs.isClosed());
            assertFalse(st.isClosed());
        }
    }

    @Test
    void commitOrRollback_inAutoCommit_fails25000() throws SQLException {
        try (Connection a = DriverManager.getConnection(TestUrls.mem())) {
            assertEquals("25000", TestUrls.sqlError(a::commit).getSQLState());
            assertEquals("25000", TestUrls.sqlError(a::rollback).getSQLState());
        }
    }

    @Test
    void transactionIsolation_serializable_lowerLevelsMappedUp_noneRejected() throws SQLException {
        try (Connection a = DriverManager.getConnection(TestUrls.mem())) {
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, a.getTransactionIsolation());
            a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, a.getTransactionIsolation());
            a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals("22023", TestUrls.sqlError(() -> a.setTransactionIsolation(Connection.TRANSACTION_NONE))
                    .getSQLState());
            assertEquals("22023", TestUrls.sqlError(() -> a.setTransactionIsolation(42)).getSQLState());
        }
    }

    @Test
    void close_closesStatementsAndResultSets_laterCallsFail08003() throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select * from kv");
        PreparedStatement ps = c.prepareStatement("select value from kv where key = ?");
        c.close();
        assertTrue(c.isClosed());
        assertTrue(st.isClosed());
        assertTrue(ps.isClosed());
        assertTrue(rs.isClosed());
        assertEquals("08003", TestUrls.sqlError(c::createStatement).getSQLState());
        assertEquals("HY010", TestUrls.sqlError(() -> st.executeQuery("select 1")).getSQLState());
        assertEquals("HY010", TestUrls.sqlError(rs::next).getSQLState());
        c.close(); // idempotent
    }

    @Test
    void isValid_realCheck_negativeTimeoutThrows() throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem());
        assertTrue(c.isValid(1));
        assertTrue(c.isValid(0));
        assertEquals("22023", TestUrls.sqlError(() -> c.isValid(-1)).getSQLState());
        c.unwrap(KvStore.class).close(); // the store goes away underneath
        assertFalse(c.isValid(1));
        c.close();
        assertFalse(c.isValid(1));
    }

    @Test
    void poolCalls_networkTimeoutReadOnlyAbort_doNotFail() throws Exception {
        Connection c = DriverManager.getConnection(TestUrls.mem());
        c.setNetworkTimeout(Runnable::run, 5000);
        assertEquals(5000, c.getNetworkTimeout());
        assertFalse(c.isReadOnly());
        c.setReadOnly(false);
        c.setAutoCommit(true);
        c.abort(Runnable::run);
        assertTrue(c.isClosed());
    }

    @Test
    void readOnlyStore_reportsReadOnly_writesFail25006() throws SQLException {
        Path p = dir.resolve("ro");
        try (Connection w = DriverManager.getConnection("jdbc:kvstore:" + p)) {
            put(w, "k", "v");
        }
        try (Connection r = DriverManager.getConnection("jdbc:kvstore:" + p + ";readOnly=true")) {
            assertTrue(r.isReadOnly());
            assertTrue(r.getMetaData().isReadOnly());
            assertEquals("v", get(r, "k"));
            assertEquals("25006", TestUrls.sqlError(() -> put(r, "k2", "v")).getSQLState());
            try (Statement st = r.createStatement()) {
                assertEquals("25006", TestUrls.sqlError(() -> st.executeUpdate("delete from kv where key = 'k'"))
                        .getSQLState());
            }
            assertEquals("v", get(r, "k"));
        }
    }

    @Test
    void unwrap_reachesEngineAndItself() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            assertTrue(c.isWrapperFor(KvStore.class));
            KvStore store = c.unwrap(KvStore.class);
            store.put("e".getBytes(StandardCharsets.UTF_8), new byte[] {7});
            try (PreparedStatement ps = c.prepareStatement("select value from kv where key = ?")) {
                ps.setString(1, "e");
                ResultSet rs = ps.executeQuery();
                assertTrue(rs.next());
                assertArrayEquals(new byte[] {7}, rs.getBytes(1));
            }
            assertFalse(c.isWrapperFor(String.class));
            assertEquals("22023", TestUrls.sqlError(() -> c.unwrap(String.class)).getSQLState());
        }
    }
}
