package io.kvstore.jdbc.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.TestUrls;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batches of a prepared INSERT, on the fast path and through Calcite: same outcomes. */
class KvPreparedStatementTest {
    private static final String INSERT = "INSERT INTO kv(key, value) VALUES (?, ?)";

    @TempDir
    Path dir;

    private static void add(PreparedStatement ps, String key, String value) throws SQLException {
        ps.setString(1, key);
        ps.setBytes(2, value == null ? null : value.getBytes(UTF_8));
        ps.addBatch();
    }

    /** The value of {@code key} as {@code c} sees it, or null. */
    private static String value(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String(rs.getBytes(1), UTF_8) : null;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_duplicateInMiddle_failsWith23505AndCountsOfRowsBefore(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                add(ps, "a", "1");
                add(ps, "b", "2");
                add(ps, "a", "3");
                add(ps, "c", "4");
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
                assertArrayEquals(new long[] {1, 1}, e.getLargeUpdateCounts());
            }
            // the rows before the failure stay in the open transaction; the failing one and those after do not
            assertEquals("1", value(c, "a"));
            assertEquals("2", value(c, "b"));
            assertNull(value(c, "c"));
            c.commit();
            assertEquals("1", value(c, "a"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_keyAlreadyInStore_failsWith23505(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                add(ps, "x", "old");
                ps.executeBatch();
                c.setAutoCommit(false);
                add(ps, "y", "1");
                add(ps, "x", "new");
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
                assertArrayEquals(new long[] {1}, e.getLargeUpdateCounts());
            }
            c.commit();
            assertEquals("old", value(c, "x"));
            assertEquals("1", value(c, "y"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_nullKeyOrValue_failsWith23502(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            add(ps, null, "1");
            assertEquals("23502", assertThrows(BatchUpdateException.class, ps::executeBatch).getSQLState());
            add(ps, "k", null);
            assertEquals("23502", assertThrows(BatchUpdateException.class, ps::executeBatch).getSQLState());
            c.commit();
            assertNull(value(c, "k"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_valueOverLimit_failsWith22001(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";maxValueBytes=4" + opt);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            add(ps, "ok", "1234");
            add(ps, "big", "12345");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertEquals("22001", e.getSQLState());
            assertArrayEquals(new long[] {1}, e.getLargeUpdateCounts());
            c.commit();
            assertEquals("1234", value(c, "ok"));
            assertNull(value(c, "big"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_thenRollback_appliesNothing(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (int i = 0; i < 100; i++) {
                add(ps, "r" + i, "v" + i);
            }
            assertEquals(100, ps.executeBatch().length);
            assertEquals("v7", value(c, "r7"));
            c.rollback();
            assertNull(value(c, "r7"));
            assertEquals(0, c.unwrap(KvStore.class).stats().count());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_readsOwnWritesBeforeCommit_othersSeeThemAfter(String opt) throws SQLException {
        String url = "jdbc:kvstore:" + dir.resolve("own") + opt;
        try (Connection c = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (int i = 0; i < 50; i++) {
                add(ps, "o" + i, "v" + i);
            }
            ps.executeBatch();
            assertEquals("v49", value(c, "o49"));
            assertNull(value(other, "o49"));
            c.commit();
            assertEquals("v49", value(other, "o49"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void commit_afterBatch_concurrentWriterOfSameKey_failsWith40001AndAppliesNothing(String opt)
            throws SQLException {
        String url = "jdbc:kvstore:" + dir.resolve("race") + opt;
        try (Connection c = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            add(ps, "p1", "mine");
            add(ps, "p2", "mine");
            ps.executeBatch();
            try (PreparedStatement o = other.prepareStatement(INSERT)) {
                o.setString(1, "p2");
                o.setBytes(2, "theirs".getBytes(UTF_8));
                o.executeUpdate(); // auto-commit: committed now
            }
            SQLException e = assertThrows(SQLException.class, c::commit);
            assertInstanceOf(SQLTransactionRollbackException.class, e);
            assertEquals("40001", e.getSQLState());
            assertNull(value(other, "p1"));
            assertEquals("theirs", value(other, "p2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void addBatch_byteArrayChangedAfterwards_rowKeepsValueAtSetTime(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            byte[] v = "one".getBytes(UTF_8);
            ps.setString(1, "s1");
            ps.setBytes(2, v);
            ps.addBatch();
            v[0] = 'X';
            byte[] w = "two".getBytes(UTF_8);
            ps.setString(1, "s2");
            ps.setObject(2, w);
            ps.addBatch();
            w[0] = 'X';
            ps.executeBatch();
            v[1] = 'Y';
            w[1] = 'Y';
            c.commit();
            assertEquals("one", value(c, "s1"));
            assertEquals("two", value(c, "s2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void executeBatch_autoCommit_rowsBeforeFailureAreCommitted(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt);
             PreparedStatement ps = c.prepareStatement(INSERT)) {
            add(ps, "m1", "1");
            add(ps, "m1", "2");
            add(ps, "m2", "3");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertArrayEquals(new long[] {1}, e.getLargeUpdateCounts());
            assertEquals("1", value(c, "m1"));
            assertNull(value(c, "m2"));
            assertEquals(1, c.unwrap(KvStore.class).stats().count());
            assertEquals(0, ps.executeBatch().length, "the failed batch is cleared");
        }
    }
}
