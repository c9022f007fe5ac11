package io.kvstore.jdbc.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Statements prepared again for every execution, as Spring's JdbcTemplate and jOOQ do: the second prepare of a
 * text comes from the connection's {@link PreparedText}s and behaves exactly as the first.
 */
class PreparedTextTest {
    private static final String SPRING_UPDATE = "UPDATE \"kv\" SET \"value\" = ? WHERE \"kv\".\"key\" = ?";
    private static final String JOOQ_READ = "select \"kvstore\".\"kv\".\"key\", \"kvstore\".\"kv\".\"value\" from "
            + "\"kvstore\".\"kv\" where \"kvstore\".\"kv\".\"key\" = ?";

    private static void put(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setBytes(2, value.getBytes(UTF_8));
            ps.executeUpdate();
        }
    }

    private static String read(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(JOOQ_READ)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String(rs.getBytes(2), UTF_8) : null;
            }
        }
    }

    @Test
    void prepareStatement_sameTextPerExecution_runsOnExecutorWithSameOutcome() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            put(c, "a", "1");
            put(c, "b", "2");
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement ps = c.prepareStatement(SPRING_UPDATE)) {
                    assertTrue(((KvPreparedStatement) ps).usesExecutor());
                    ps.setBytes(1, ("v" + i).getBytes(UTF_8));
                    ps.setString(2, "a");
                    assertEquals(1, ps.executeUpdate());
                    assertNull(ps.getWarnings());
                }
                assertEquals("v" + i, read(c, "a"));
            }
            try (PreparedStatement ps = c.prepareStatement(SPRING_UPDATE)) {
                ps.setBytes(1, "x".getBytes(UTF_8));
                ps.setString(2, "missing");
                assertEquals(0, ps.executeUpdate());
            }
            assertNull(read(c, "missing"));
            assertEquals("2", read(c, "b"));
        }
    }

    @Test
    void prepareStatement_sameTextAgain_parametersStartUnset() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            put(c, "a", "1");
            assertEquals("1", read(c, "a"));
            try (PreparedStatement ps = c.prepareStatement(JOOQ_READ)) {
                SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                assertEquals("07001", e.getSQLState());
            }
        }
    }

    @Test
    void prepareStatement_limitParameterAgain_stillTakesLongAndChecksRange() throws SQLException {
        String sql = "SELECT key FROM kv WHERE key IN (?, ?, ?) LIMIT ?";
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            put(c, "a", "1");
            put(c, "b", "2");
            put(c, "c", "3");
            for (int i = 0; i < 2; i++) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "a");
                    ps.setString(2, "b");
                    ps.setString(3, "c");
                    ps.setLong(4, 2L);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                        }
                    }
                    assertEquals(2, n);
                    ps.setLong(4, -1L);
                    SQLException e = assertThrows(SQLException.class, ps::executeQuery);
                    assertFalse(e.getSQLState() == null);
                }
            }
        }
    }

    @Test
    void prepareStatement_afterFrontDoorDisabled_isPlannedAgainWithSameOutcome() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            put(c, "a", "1");
            assertEquals("1", read(c, "a"));
            c.unwrap(KvConnection.class).disableTextFrontDoor();
            assertEquals("1", read(c, "a"));
            assertNull(read(c, "zz"));
        }
    }
}
