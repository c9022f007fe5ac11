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
import java.sql.SQLFeatureNotSupportedException;
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
    void savepoint_sqlAndJdbc_0A000SayingWhatToDo() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            SQLException e = assertThrows(SQLFeatureNotSupportedException.class, () -> s.execute("SAVEPOINT sp"));
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("as a whole"), e.getMessage());
            assertEquals("0A000", assertThrows(SQLException.class, c::setSavepoint).getSQLState());
            assertEquals("0A000", assertThrows(SQLException.class, () -> s.execute("ROLLBACK TO SAVEPOINT sp"))
                    .getSQLState());
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
