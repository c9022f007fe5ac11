package io.kvstore.jdbc.connection;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link AbstractStatement} holds, checked on both front ends: embedded and remote statements keep the same
 * options and fail with the same SQLStates.
 */
class AbstractStatementTest {
    @RegisterExtension
    static final BothModes MODES = new BothModes();

    private interface Check {
        void on(Connection c, Statement st) throws Exception;
    }

    private static void onBoth(Check check) throws Exception {
        MODES.each(c -> {
            try (Statement st = c.createStatement()) {
                assertInstanceOf(AbstractStatement.class, st);
                check.on(c, st);
            }
        });
    }

    @Test
    void options_bothModes_keptAndChecked() throws Exception {
        onBoth((c, st) -> {
            st.setLargeMaxRows(5_000_000_000L);
            assertEquals(Integer.MAX_VALUE, st.getMaxRows());
            assertEquals(5_000_000_000L, st.getLargeMaxRows());
            st.setQueryTimeout(7);
            assertEquals(7, st.getQueryTimeout());
            st.setFetchSize(10);
            assertEquals(10, st.getFetchSize());
            st.setMaxFieldSize(100);
            assertEquals(100, st.getMaxFieldSize());
            st.setPoolable(true);
            assertTrue(st.isPoolable());
            st.setEscapeProcessing(false);
            assertEquals(ResultSet.FETCH_FORWARD, st.getFetchDirection());
            assertEquals(ResultSet.CONCUR_READ_ONLY, st.getResultSetConcurrency());
            assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, st.getResultSetHoldability());
            assertSame(c, st.getConnection());
            assertEquals("22023", sqlError(() -> st.setMaxRows(-1)).getSQLState());
            assertEquals("22023", sqlError(() -> st.setQueryTimeout(-1)).getSQLState());
            assertEquals("22023", sqlError(() -> st.setFetchSize(-1)).getSQLState());
            assertEquals("22023", sqlError(() -> st.setMaxFieldSize(-1)).getSQLState());
            assertEquals("22023", sqlError(() -> st.setFetchDirection(ResultSet.FETCH_REVERSE)).getSQLState());
            assertEquals("0A000", sqlError(() -> st.setCursorName("c")).getSQLState());
            assertEquals("22023", sqlError(() -> st.unwrap(String.class)).getSQLState());
            assertSame(st, st.unwrap(Statement.class));
        });
    }

    @Test
    void results_bothModes_oneAtATimeAndNoGeneratedKeys() throws Exception {
        onBoth((c, st) -> {
            st.cancel(); // nothing runs: does nothing, and does not hit the next execution
            assertEquals(1, st.executeUpdate("INSERT INTO kv (key, value) VALUES ('as-" + c.getClass().getSimpleName()
                    + "', x'01')", Statement.RETURN_GENERATED_KEYS));
            assertEquals(1, st.getUpdateCount());
            assertFalse(st.getGeneratedKeys().next());
            assertTrue(st.execute("SELECT key FROM kv"));
            ResultSet rs = st.getResultSet();
            assertFalse(st.getMoreResults(Statement.CLOSE_CURRENT_RESULT));
            assertTrue(rs.isClosed());
            assertNull(st.getResultSet());
            assertEquals(-1, st.getUpdateCount());
            st.addBatch("DELETE FROM kv WHERE key = 'as-none'");
            st.addBatch("DELETE FROM kv WHERE key = 'as-none'");
            assertArrayEquals(new int[] {0, 0}, st.executeBatch());
            assertArrayEquals(new int[0], st.executeBatch()); // the batch was taken
        });
    }

    @Test
    void closeOnCompletion_bothModes_closesWithItsResultSet() throws Exception {
        onBoth((c, st) -> {
            st.closeOnCompletion();
            assertTrue(st.isCloseOnCompletion());
            ResultSet rs = st.executeQuery("SELECT key FROM kv");
            rs.close();
            assertTrue(st.isClosed());
            assertEquals("HY010", sqlError(st::getMaxRows).getSQLState());
            assertEquals("HY010", sqlError(() -> st.execute("SELECT 1")).getSQLState());
        });
    }

    @Test
    void preparedStatement_bothModes_refusesSqlArguments() throws Exception {
        for (Connection c : MODES.connections()) {
            try (c; var ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
                assertEquals("HY010", sqlError(() -> ps.execute("SELECT 1")).getSQLState());
                assertEquals("HY010", sqlError(() -> ps.executeQuery("SELECT 1")).getSQLState());
                assertEquals("HY010", sqlError(() -> ps.executeUpdate("DELETE FROM kv")).getSQLState());
                assertEquals("HY010", sqlError(() -> ps.addBatch("DELETE FROM kv")).getSQLState());
            }
        }
    }
}
