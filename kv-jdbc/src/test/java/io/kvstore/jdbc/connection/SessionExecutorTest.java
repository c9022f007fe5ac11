package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session statements sent as SQL drive the connection as the JDBC methods do. */
class SessionExecutorTest {
    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from kv")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> column(ResultSet rs, int column) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(column));
        }
        return out;
    }

    @Test
    void beginInsertRollback_otherConnectionSeesNothingAndAutoCommitReturns() throws SQLException {
        String url = TestUrls.mem();
        try (Connection c = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
             Statement s = c.createStatement()) {
            assertFalse(s.execute("BEGIN"));
            assertFalse(c.getAutoCommit());
            s.executeUpdate("insert into kv values ('a', x'01')");
            assertEquals(1, count(c), "the transaction sees its own write");
            assertEquals(0, count(other), "uncommitted");
            s.execute("ROLLBACK;");
            assertTrue(c.getAutoCommit());
            assertEquals(0, count(c));
        }
    }

    @Test
    void startTransactionCommit_commitsAndRestoresAutoCommit() throws SQLException {
        String url = TestUrls.mem();
        try (Connection c = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url);
             Statement s = c.createStatement()) {
            s.execute("START TRANSACTION");
            s.executeUpdate("insert into kv values ('a', x'01')");
            s.executeUpdate("insert into kv values ('b', x'01')");
            assertEquals(0, count(other));
            assertEquals(0, s.executeUpdate("COMMIT"));
            assertEquals(2, count(other));
            assertTrue(c.getAutoCommit());
        }
    }

    @Test
    void commitAndRollback_inAutoCommitMode_doNothing() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.executeUpdate("insert into kv values ('a', x'01')");
            s.execute("COMMIT");
            s.execute("ROLLBACK");
            assertTrue(c.getAutoCommit());
            assertEquals(1, count(c));
        }
    }

    @Test
    void commitBySql_withAutoCommitOffByApi_keepsItOff() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("BEGIN"); // a transaction is open already: nothing changes
            s.executeUpdate("insert into kv values ('a', x'01')");
            s.execute("COMMIT");
            assertFalse(c.getAutoCommit());
            c.rollback();
            assertEquals(1, count(c));
        }
    }

    @Test
    void preparedBeginAndRollback_driveTheConnection() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem());
             PreparedStatement begin = c.prepareStatement("BEGIN");
             PreparedStatement rollback = c.prepareStatement("ROLLBACK")) {
            begin.execute();
            assertFalse(c.getAutoCommit());
            c.createStatement().executeUpdate("insert into kv values ('a', x'01')");
            rollback.execute();
            assertTrue(c.getAutoCommit());
            assertEquals(0, count(c));
        }
    }

    @Test
    void savepointSql_rollbackToAndRelease_undoOnlyTheLaterWrites() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.executeUpdate("insert into kv values ('a', x'01')");
            s.execute("SAVEPOINT sp1");
            s.executeUpdate("insert into kv values ('b', x'02')");
            s.execute("SAVEPOINT sp2");
            s.executeUpdate("update kv set value = x'ff' where key = 'a'");
            s.execute("ROLLBACK TO SAVEPOINT sp2");
            try (ResultSet rs = s.executeQuery("select value from kv where key = 'a'")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getBytes(1)[0]);
            }
            s.execute("ROLLBACK TO sp1");
            assertEquals(1, count(c));
            SQLException gone = assertThrows(SQLException.class, () -> s.execute("RELEASE SAVEPOINT sp2"));
            assertEquals("3B001", gone.getSQLState());
            s.execute("RELEASE sp1");
            s.execute("COMMIT");
            assertEquals(1, count(c));
        }
    }

    @Test
    void jdbcSavepoints_nestedRollbackAndErrors() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            assertEquals("25000", assertThrows(SQLException.class, c::setSavepoint).getSQLState());
            c.setAutoCommit(false);
            Savepoint outer = c.setSavepoint();
            s.executeUpdate("insert into kv values ('x', x'01')");
            Savepoint inner = c.setSavepoint("inner");
            assertEquals("inner", inner.getSavepointName());
            assertEquals("3B001", assertThrows(SQLException.class, inner::getSavepointId).getSQLState());
            assertTrue(outer.getSavepointId() > 0);
            s.executeUpdate("insert into kv values ('y', x'02')");
            c.rollback(inner);
            assertEquals(1, count(c));
            c.rollback(outer);
            assertEquals(0, count(c));
            assertEquals("3B001", assertThrows(SQLException.class, () -> c.rollback(inner)).getSQLState());
            s.executeUpdate("insert into kv values ('z', x'03')");
            c.commit();
            assertEquals("3B001", assertThrows(SQLException.class, () -> c.rollback(outer)).getSQLState());
            assertEquals(1, count(c));
            assertTrue(c.getMetaData().supportsSavepoints());
        }
    }

    @Test
    void showTablesAndDescribe_listWhatMetadataLists() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
                assertEquals("table_name", rs.getMetaData().getColumnLabel(1));
                assertTrue(column(rs, 1).containsAll(List.of("kv", "kv_stats", "kv_snapshot")));
            }
            try (ResultSet rs = s.executeQuery("DESCRIBE kv")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(4));
                }
                assertEquals(List.of("key VARCHAR PRIMARY KEY", "value VARBINARY "), rows);
            }
            assertEquals("42S02", assertThrows(SQLException.class, () -> s.executeQuery("DESCRIBE nope"))
                    .getSQLState());
        }
    }

    @Test
    void setSchema_sqlAndJdbc_unknownIs3F000() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.execute("SET SCHEMA kvstore");
            c.setSchema("KVSTORE");
            assertEquals("3F000", assertThrows(SQLException.class, () -> s.execute("SET SCHEMA nope")).getSQLState());
            assertEquals("3F000", assertThrows(SQLException.class, () -> c.setSchema("nope")).getSQLState());
        }
    }

    @Test
    void selectForUpdate_runsAsPlainSelect() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.executeUpdate("insert into kv values ('a', x'01')");
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("select key from kv where key = 'a' for update")) {
                assertEquals(List.of("a"), column(rs, 1));
            }
            try (PreparedStatement ps = c.prepareStatement("select key from kv where key = ? FOR UPDATE NOWAIT")) {
                ps.setString(1, "a");
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(List.of("a"), column(rs, 1));
                }
            }
            c.commit();
        }
    }
}
