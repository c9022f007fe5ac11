package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 through the driver: a log segment deleted under an open store fails its writes and the last
 * {@code Connection.close()} with SQLState 58030 saying how many acknowledged commits are gone; {@code kv_stats}
 * shows the failure and the snapshot state.
 */
class OsFaultJdbcTest {
    @TempDir
    Path dir;

    @Test
    void close_logSegmentDeletedUnderTheStore_writesAndCloseFailWith58030() throws Exception {
        String url = "jdbc:kvstore:" + dir;
        Connection c = DriverManager.getConnection(url);
        try (PreparedStatement ps = c.prepareStatement("insert into kv (key, value) values (?, ?)")) {
            for (int i = 0; i < 20; i++) {
                ps.setString(1, "k" + i);
                ps.setBytes(2, new byte[] {(byte) i});
                ps.executeUpdate();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("wal-")).toList()) {
                Files.delete(p);
            }
        }
        // the store notices at the first commit after the directory's change notification (or its 100 ms check)
        SQLException e = null;
        try (PreparedStatement ps = c.prepareStatement("insert into kv (key, value) values (?, x'00')")) {
            for (int i = 0; e == null && i < 30_000; i++) {
                ps.setString(1, "x" + i);
                try {
                    ps.executeUpdate();
                    Thread.sleep(1);
                } catch (SQLException refused) {
                    e = refused;
                }
            }
        }
        assertNotNull(e, "writes kept being acknowledged");
        assertEquals("58030", e.getSQLState(), e.getMessage());
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select failed, failure, snapshot_failures, last_snapshot_error,"
                     + " next_snapshot_attempt from kv_stats")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1));
            assertTrue(rs.getString(2).contains("was deleted"), rs.getString(2));
            assertEquals(0, rs.getInt(3));
            assertNull(rs.getString(4));
            assertNull(rs.getTimestamp(5));
        }

        SQLException closed = TestUrls.sqlError(c::close);

        assertEquals("58030", closed.getSQLState());
        assertTrue(closed.getMessage().contains("acknowledged commits it held (LSN 1.."), closed.getMessage());
        assertTrue(c.isClosed());
    }

    @Test
    void kvStats_healthyStore_reportsNoFailureAndNoBackoff() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:kvstore:" + dir);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select failed, failure, snapshot_failures, last_snapshot_error,"
                     + " next_snapshot_attempt from kv_stats")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
            assertNull(rs.getString(2));
            assertEquals(0, rs.getInt(3));
            assertNull(rs.getString(4));
            assertNull(rs.getTimestamp(5));
        }
    }
}
