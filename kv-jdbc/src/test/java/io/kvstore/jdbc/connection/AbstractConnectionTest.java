package io.kvstore.jdbc.connection;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.calcite.KvCalcite;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link AbstractConnection} holds, checked on both front ends: the embedded connection and the remote one
 * must give the same answers and the same SQLStates.
 */
class AbstractConnectionTest {
    @RegisterExtension
    static final BothModes MODES = new BothModes();

    private static void onBoth(BothModes.Check check) throws Exception {
        MODES.each(c -> {
            assertInstanceOf(AbstractConnection.class, c);
            check.on(c);
        });
    }

    @Test
    void fixedAnswers_bothModes_sameValues() throws Exception {
        onBoth(c -> {
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // mapped up
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getHoldability());
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            c.setCatalog("anything");
            assertNull(c.getCatalog());
            c.setSchema(KvCalcite.SCHEMA.toLowerCase(java.util.Locale.ROOT));
            assertEquals(KvCalcite.SCHEMA, c.getSchema());
            assertEquals(Map.of(), c.getTypeMap());
            assertEquals("SELECT 1", c.nativeSQL("SELECT 1"));
        });
    }

    @Test
    void argumentChecks_bothModes_sameSqlStates() throws Exception {
        onBoth(c -> {
            assertEquals("22023", sqlError(() -> c.setTransactionIsolation(Connection.TRANSACTION_NONE)).getSQLState());
            assertEquals("0A000", sqlError(() -> c.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT)).getSQLState());
            assertEquals("3F000", sqlError(() -> c.setSchema("nope")).getSQLState());
            assertEquals("22023", sqlError(() -> c.prepareStatement(null)).getSQLState());
            assertEquals("22023", sqlError(() -> c.setNetworkTimeout(Runnable::run, -1)).getSQLState());
            assertEquals("22023", sqlError(() -> c.isValid(-1)).getSQLState());
            assertEquals("22023", sqlError(() -> c.abort(null)).getSQLState());
            assertEquals("22023", sqlError(() -> c.unwrap(String.class)).getSQLState());
            assertEquals("0A000", sqlError(() -> c.prepareCall("CALL x()")).getSQLState());
            assertEquals("0A000", sqlError(c::createBlob).getSQLState());
            assertEquals("0A000", sqlError(() -> c.createArrayOf("VARCHAR", new Object[0])).getSQLState());
        });
    }

    @Test
    void setSavepoint_nullName_is3B001WithTheSameMessage() throws Exception {
        onBoth(c -> {
            c.setAutoCommit(false);
            SQLException e = sqlError(() -> c.setSavepoint(null));
            assertEquals("3B001", e.getSQLState());
            assertEquals("a savepoint name must not be null", e.getMessage());
            c.rollback();
        });
    }

    @Test
    void createStatement_scrollableUpdatable_warnsOnConnectionAndStatement() throws Exception {
        onBoth(c -> {
            try (Statement st = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE);
                 Statement ps = c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY,
                         ResultSet.CONCUR_UPDATABLE)) {
                SQLWarning onConnection = c.getWarnings();
                assertEquals("01000", onConnection.getSQLState());
                assertTrue(onConnection.getMessage().contains("scrollable updatable"), onConnection.getMessage());
                assertTrue(onConnection.getNextWarning().getMessage().contains("the requested updatable"));
                assertEquals("01000", st.getWarnings().getSQLState());
                assertEquals("01000", ps.getWarnings().getSQLState());
                assertEquals(ResultSet.TYPE_FORWARD_ONLY, st.getResultSetType());
                c.clearWarnings();
                assertNull(c.getWarnings());
            }
            try (Statement plain = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                assertNull(plain.getWarnings());
                assertNull(c.getWarnings());
            }
        });
    }

    @Test
    void clientInfoAndNetworkTimeout_bothModes_keptOnTheConnection() throws Exception {
        onBoth(c -> {
            c.setClientInfo("ApplicationName", "test");
            assertEquals("test", c.getClientInfo("ApplicationName"));
            c.setClientInfo("ApplicationName", null);
            assertNull(c.getClientInfo("ApplicationName"));
            Properties p = new Properties();
            p.setProperty("ClientUser", "u");
            c.setClientInfo(p);
            assertEquals(p, c.getClientInfo());
            c.setNetworkTimeout(Runnable::run, 5_000);
            assertEquals(5_000, c.getNetworkTimeout());
            assertTrue(c.isValid(5));
        });
    }

    @Test
    void close_bothModes_closesStatementsAndRefusesCallsWith08003() throws Exception {
        for (Connection c : MODES.connections()) {
            Statement st = c.createStatement();
            c.close();
            c.close(); // a second close does nothing
            assertTrue(c.isClosed());
            assertTrue(st.isClosed());
            assertFalse(c.isValid(1));
            assertEquals("08003", sqlError(c::getHoldability).getSQLState());
            assertEquals("08003", sqlError(c::createStatement).getSQLState());
            assertEquals("08003", sqlError(c::getWarnings).getSQLState());
            c.abort(Runnable::run); // nothing to do
            assertSame(c, c.unwrap(Connection.class));
        }
    }

    @Test
    void abort_bothModes_closesTheConnection() throws Exception {
        for (Connection c : MODES.connections()) {
            c.abort(Runnable::run);
            assertTrue(c.isClosed());
            assertFalse(c.isValid(0));
        }
    }
}
