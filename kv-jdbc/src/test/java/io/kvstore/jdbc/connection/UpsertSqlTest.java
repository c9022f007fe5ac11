package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.exec.Upserts;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The upsert spellings: recognition, and what they do on a connection. */
class UpsertSqlTest {
    @Test
    void parse_spellings_giveInsertAndAction() {
        assertEquals(new UpsertSql.Parsed("INSERT INTO kv VALUES (?, ?)", Upserts.OnConflict.UPDATE),
                UpsertSql.parse("UPSERT INTO kv VALUES (?, ?)"));
        assertEquals(new UpsertSql.Parsed("insert into kv (key, value) values (?, ?)", Upserts.OnConflict.UPDATE),
                UpsertSql.parse("insert into kv (key, value) values (?, ?) on conflict (key) do update set value = "
                        + "excluded.value"));
        assertEquals(new UpsertSql.Parsed("INSERT INTO kv VALUES ('a', x'00')", Upserts.OnConflict.IGNORE),
                UpsertSql.parse("INSERT INTO kv VALUES ('a', x'00') ON CONFLICT DO NOTHING"));
        assertEquals(Upserts.OnConflict.IGNORE,
                UpsertSql.parse("INSERT INTO \"kv\" VALUES (?, ?) ON CONFLICT (\"key\") DO NOTHING").action());
    }

    @Test
    void parse_otherStatements_null() {
        for (String s : new String[] {"INSERT INTO kv VALUES (?, ?)", "select 'upsert into kv' from kv",
            "INSERT INTO kv VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = x'00'", "UPDATE kv SET value = ?"}) {
            assertNull(UpsertSql.parse(s), s);
        }
    }

    private static Map<String, String> rows(Connection c) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select key, value from kv")) {
            while (rs.next()) {
                m.put(rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Test
    void upsert_preparedAndAdHoc_insertsThenOverwrites() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem());
             PreparedStatement ps = c.prepareStatement("UPSERT INTO kv VALUES (?, ?)");
             Statement s = c.createStatement()) {
            ps.setString(1, "a");
            ps.setBytes(2, "1".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, ps.executeUpdate());
            ps.setBytes(2, "2".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, ps.executeUpdate());
            assertEquals(2, s.executeUpdate("INSERT INTO kv (key, value) VALUES ('a', x'33'), ('b', x'34')"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"));
            assertEquals(Map.of("a", "3", "b", "4"), rows(c));
        }
    }

    @Test
    void onConflictDoNothing_keepsPresentRowsAndCountsInserted() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv VALUES ('a', x'31')");
            assertEquals(1, s.executeUpdate("INSERT INTO kv VALUES ('a', x'39'), ('b', x'32') ON CONFLICT DO NOTHING"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
                ps.setString(1, "b");
                ps.setBytes(2, new byte[] {'9'});
                assertEquals(0, ps.executeUpdate());
            }
            assertEquals(Map.of("a", "1", "b", "2"), rows(c));
        }
    }

    @Test
    void upsert_inTransaction_rolledBackWithIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv VALUES ('a', x'31')");
            c.setAutoCommit(false);
            s.executeUpdate("UPSERT INTO kv VALUES ('a', x'32'), ('c', x'33')");
            assertEquals(Map.of("a", "2", "c", "3"), rows(c));
            c.rollback();
            assertEquals(Map.of("a", "1"), rows(c));
        }
    }

    @Test
    void upsert_nullValue_23502() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem());
             PreparedStatement ps = c.prepareStatement("UPSERT INTO kv VALUES (?, ?)")) {
            ps.setString(1, "a");
            ps.setBytes(2, null);
            assertEquals("23502", assertThrows(SQLException.class, ps::executeUpdate).getSQLState());
        }
    }

    @Test
    void upsert_withoutExecutors_0A000NamingMerge() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";fastPath=false")) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement("UPSERT INTO kv VALUES (?, ?)"));
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("MERGE"), e.getMessage());
        }
    }
}
