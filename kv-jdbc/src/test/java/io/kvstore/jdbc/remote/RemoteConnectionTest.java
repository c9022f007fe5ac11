package io.kvstore.jdbc.remote;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RemoteConnectionTest {
    private static RemoteFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new RemoteFixture(null);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void preparedPointSelect_afterRemoteInsert_returnsValueAndMetadata() throws Exception {
        try (Connection c = fx.remote()) {
            assertInstanceOf(RemoteConnection.class, c);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                ins.setString(1, "p1");
                ins.setBytes(2, new byte[] {1, 2, (byte) 0xff});
                assertEquals(1, ins.executeUpdate());
            }
            try (PreparedStatement sel = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
                assertEquals(Types.VARCHAR, sel.getParameterMetaData().getParameterType(1));
                for (int i = 0; i < 3; i++) { // the second and third answers carry no column descriptions
                    sel.setString(1, "p1");
                    try (ResultSet rs = sel.executeQuery()) {
                        assertEquals("value", rs.getMetaData().getColumnLabel(1));
                        assertEquals(Types.VARBINARY, rs.getMetaData().getColumnType(1));
                        assertTrue(rs.next());
                        assertArrayEquals(new byte[] {1, 2, (byte) 0xff}, rs.getBytes(1));
                        assertEquals("0102ff", rs.getString(1));
                        assertFalse(rs.next());
                    }
                }
                sel.setString(1, "missing");
                try (ResultSet rs = sel.executeQuery()) {
                    assertFalse(rs.next());
                }
            }
        }
        // and the embedded side sees it
        try (Connection e = fx.embedded(); Statement s = e.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM kv WHERE key = 'p1'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void duplicateInsert_remote_throwsSameClassAndState() throws Exception {
        try (Connection c = fx.remote(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('dup', BYTES('x'))");
            SQLException e = sqlError(() -> s.executeUpdate("INSERT INTO kv (key, value) VALUES ('dup', BYTES('y'))"));
            assertInstanceOf(SQLIntegrityConstraintViolationException.class, e);
            assertEquals("23505", e.getSQLState());
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void manyRows_smallFetchSize_streamInBatches() throws Exception {
        try (Connection c = fx.remote()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 1000; i++) {
                    ins.setString(1, String.format("many%04d", i));
                    ins.setString(2, "v" + i);
                    ins.addBatch();
                }
                assertEquals(1000, ins.executeBatch().length);
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(7);
                int n = 0;
                try (ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key >= 'many' AND key < 'manz' ORDER BY key")) {
                    while (rs.next()) {
                        assertEquals(String.format("many%04d", n), rs.getString(1));
                        n++;
                    }
                }
                assertEquals(1000, n);
                // a result closed early, then the statement used again
                try (ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key >= 'many' AND key < 'manz'")) {
                    assertTrue(rs.next());
                }
                s.setMaxRows(3);
                try (ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key >= 'many' AND key < 'manz'")) {
                    int m = 0;
                    while (rs.next()) {
                        m++;
                    }
                    assertEquals(3, m);
                }
            }
        }
    }

    @Test
    void rollback_remote_discardsWrites_commitKeepsThem() throws Exception {
        try (Connection c = fx.remote(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertFalse(c.getAutoCommit());
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('tx1', BYTES('a'))");
            c.rollback();
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('tx2', BYTES('b'))");
            try (Connection other = fx.remote(); Statement o = other.createStatement();
                 ResultSet rs = o.executeQuery("SELECT count(*) FROM kv WHERE key IN ('tx1', 'tx2')")) {
                rs.next();
                assertEquals(0, rs.getInt(1)); // not committed yet
            }
            c.commit();
            try (ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key IN ('tx1', 'tx2')")) {
                assertTrue(rs.next());
                assertEquals("tx2", rs.getString(1));
                assertFalse(rs.next());
            }
            c.setAutoCommit(true);
            assertEquals("25000", sqlError(c::commit).getSQLState());
        }
    }

    @Test
    void batchFailure_remote_reportsCountsOfRowsBefore() throws Exception {
        try (Connection c = fx.remote();
             PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            for (String k : new String[] {"b1", "b2", "b1", "b3"}) {
                ins.setString(1, k);
                ins.setString(2, "x");
                ins.addBatch();
            }
            BatchUpdateException e = (BatchUpdateException) sqlError(ins::executeBatch);
            assertEquals("23505", e.getSQLState());
            assertEquals(2, e.getUpdateCounts().length);
        }
    }

    @Test
    void parameterErrors_remote_sameStatesAsEmbedded() throws Exception {
        try (Connection c = fx.remote();
             PreparedStatement sel = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            assertEquals("07001", sqlError(sel::executeQuery).getSQLState());
            assertEquals("22023", sqlError(() -> sel.setString(2, "x")).getSQLState());
            sel.setObject(1, new Object());
            assertEquals("07006", sqlError(sel::executeQuery).getSQLState());
        }
    }

    @Test
    void metadata_remote_equalsEmbedded() throws Exception {
        try (Connection r = fx.remote(); Connection e = fx.embedded()) {
            DatabaseMetaData rm = r.getMetaData();
            DatabaseMetaData em = e.getMetaData();
            assertEquals(em.getDatabaseProductName(), rm.getDatabaseProductName());
            assertEquals(em.getIdentifierQuoteString(), rm.getIdentifierQuoteString());
            assertEquals(em.getSQLKeywords(), rm.getSQLKeywords());
            assertEquals(em.supportsTransactions(), rm.supportsTransactions());
            assertEquals(em.getRowIdLifetime(), rm.getRowIdLifetime());
            assertEquals(Differential.dump(em.getTables(null, null, "%", null)),
                    Differential.dump(rm.getTables(null, null, "%", null)));
            assertEquals(Differential.dump(em.getColumns(null, null, "kv", "%")),
                    Differential.dump(rm.getColumns(null, null, "kv", "%")));
            assertEquals(Differential.dump(em.getPrimaryKeys(null, null, "kv")),
                    Differential.dump(rm.getPrimaryKeys(null, null, "kv")));
            assertEquals(Differential.dump(em.getTypeInfo()), Differential.dump(rm.getTypeInfo()));
            assertEquals(Differential.dump(em.getSchemas()), Differential.dump(rm.getSchemas()));
            assertEquals(r, rm.getConnection());
            assertEquals(fx.remoteUrl(), rm.getURL());
        }
    }

    @Test
    void connectionSettings_remote_forwardedToServer() throws Exception {
        try (Connection c = fx.remote()) {
            assertEquals("kvstore", c.getSchema());
            assertEquals("3F000", sqlError(() -> c.setSchema("nope")).getSQLState());
            c.setReadOnly(true);
            assertTrue(c.isReadOnly());
            c.setReadOnly(false);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            assertEquals("22023", sqlError(() -> c.isValid(-1)).getSQLState());
            assertTrue(c.isValid(0));
            Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
            assertEquals("01000", s.getWarnings().getSQLState());
            assertEquals("0A000", sqlError(() -> c.prepareCall("x")).getSQLState());
        }
        Connection c = fx.remote();
        c.close();
        assertTrue(c.isClosed());
        assertFalse(c.isValid(1));
        assertEquals("08003", sqlError(c::createStatement).getSQLState());
    }

    @Test
    void cancel_duringIteration_failsNextRowWith57014() throws Exception {
        try (Connection c = fx.remote(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('c1', BYTES('a')), ('c2', BYTES('b'))");
            ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key IN ('c1', 'c2')");
            assertTrue(rs.next());
            s.cancel();
            assertEquals("57014", sqlError(rs::next).getSQLState());
            // the statement runs again afterwards
            try (ResultSet again = s.executeQuery("SELECT key FROM kv WHERE key = 'c1'")) {
                assertTrue(again.next());
            }
        }
    }

    @Test
    void connect_refused_throws08001() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        SQLException e = sqlError(() -> DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + port));
        assertEquals("08001", e.getSQLState());
    }

    @Test
    void badUrl_noPort_throws08001() {
        assertEquals("08001", sqlError(() -> DriverManager.getConnection("jdbc:kvstore://127.0.0.1")).getSQLState());
        assertEquals("08001", sqlError(() -> DriverManager.getConnection("jdbc:kvstore://:5")).getSQLState());
    }

    @Test
    void password_wrongOrMissing_throws28000_rightConnects() throws Exception {
        try (RemoteFixture secured = new RemoteFixture("s3cret")) {
            SQLException e = sqlError(() -> DriverManager.getConnection(secured.remoteUrl()));
            assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
            assertEquals("28000", e.getSQLState());
            assertEquals("28000", sqlError(() -> DriverManager.getConnection(secured.remoteUrl() + ";password=nope"))
                    .getSQLState());
            try (Connection c = DriverManager.getConnection(secured.remoteUrl() + ";password=s3cret")) {
                assertTrue(c.isValid(1));
            }
        }
    }

    @Test
    void serverGone_midResult_throws08006_andConnectionIsClosed() throws Exception {
        RemoteFixture own = new RemoteFixture(null);
        try (Connection c = own.remote(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 50; i++) {
                    ins.setString(1, "g" + i);
                    ins.setString(2, "v");
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
            s.setFetchSize(2);
            ResultSet rs = s.executeQuery("SELECT key FROM kv");
            assertTrue(rs.next());
            own.listener.close(); // drops every connection
            SQLException e = sqlError(() -> {
                while (rs.next()) {
                    rs.getString(1);
                }
            });
            assertEquals("08006", e.getSQLState());
            assertTrue(c.isClosed());
            assertFalse(c.isValid(1));
            assertEquals("08006", sqlError(() -> s.executeQuery("SELECT 1")).getSQLState().substring(0, 5));
        } finally {
            own.close();
        }
    }

    @Test
    void unicodeAndNulls_roundTrip() throws Exception {
        try (Connection c = fx.remote();
             PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            ins.setString(1, "ключ-☃");
            ins.setBytes(2, "значение".getBytes(StandardCharsets.UTF_8));
            ins.executeUpdate();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key, TEXT(value), CAST(NULL AS VARCHAR(3)) FROM kv WHERE key = 'ключ-☃'")) {
                assertTrue(rs.next());
                assertEquals("ключ-☃", rs.getString(1));
                assertEquals("значение", rs.getString(2));
                assertNull(rs.getString(3));
                assertTrue(rs.wasNull());
            }
        }
    }

    @Test
    void savepoints_overARemoteConnection_behaveAsEmbedded() throws Exception {
        try (Connection c = fx.remote(); Statement s = c.createStatement()) {
            assertEquals("25000", sqlError(c::setSavepoint).getSQLState());
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('sp-a', x'01')");
            java.sql.Savepoint outer = c.setSavepoint();
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('sp-b', x'02')");
            java.sql.Savepoint inner = c.setSavepoint("inner_1");
            assertEquals("inner_1", inner.getSavepointName());
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('sp-c', x'03')");
            c.rollback(inner);
            c.rollback(outer);
            assertEquals("3B001", sqlError(() -> c.releaseSavepoint(inner)).getSQLState());
            assertEquals("3B001", sqlError(() -> c.setSavepoint("not a name")).getSQLState());
            c.commit();
            try (ResultSet rs = s.executeQuery("SELECT key FROM kv WHERE key LIKE 'sp-%' ORDER BY key")) {
                assertTrue(rs.next());
                assertEquals("sp-a", rs.getString(1));
                assertFalse(rs.next());
            }
            c.setAutoCommit(true);
        }
    }

    @Test
    void maxClients_reached_nextConnectionGets08004() throws Exception {
        io.kvstore.jdbc.remote.server.RemoteHost host = new io.kvstore.jdbc.remote.server.RemoteHost(
                io.kvstore.jdbc.remote.server.StoreConnections.of(fx.storeUrl, new java.util.Properties()),
                (String) null, true, m -> { });
        try (io.kvstore.jdbc.remote.server.BlockingListener one = io.kvstore.jdbc.remote.server.BlockingListener
                .start(host, java.net.InetAddress.getLoopbackAddress(), 0, 1);
             Connection first = DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + one.port())) {
            assertTrue(first.isValid(1));
            SQLException e = sqlError(() -> DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + one.port()));
            assertEquals("08004", e.getSQLState());
        }
    }

    @Test
    void cancel_whileTheServerExecutes_failsWith57014_viaSideConnection() throws Exception {
        try (RemoteFixture own = new RemoteFixture(null); Connection c = own.remote()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 400; i++) {
                    ins.setString(1, "x" + i);
                    ins.setString(2, "v");
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            Statement s = c.createStatement();
            s.setQueryTimeout(120); // a safety net only: the cancel ends it long before
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    s.cancel();
                } catch (Exception ignored) {
                    // the assertion below reports it
                }
            });
            canceller.start();
            SQLException e = sqlError(() -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM kv a, kv b, kv c WHERE a.key <> c.key")) {
                    rs.next();
                }
            });
            canceller.join();
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(c.isValid(1));
        }
    }
}
