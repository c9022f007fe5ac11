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

    private static final String MERGE = "MERGE INTO kv USING (VALUES (?, ?)) AS s(k, v) ON kv.key = s.k"
            + " WHEN MATCHED THEN UPDATE SET value = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)";

    @Test
    void parseMerge_oneRowKeyedMerge_isAnOverwritingInsert() {
        assertEquals(new UpsertSql.Parsed("INSERT INTO kv VALUES (?, ?)", Upserts.OnConflict.UPDATE),
                UpsertSql.parseMerge(MERGE));
        assertEquals(new UpsertSql.Parsed("INSERT INTO kv VALUES (cast(? as varchar), cast(? as varbinary))",
                Upserts.OnConflict.UPDATE), UpsertSql.parseMerge("merge into kv using (values (cast(? as varchar),"
                + " cast(? as varbinary))) as s(k, v) on kv.key = s.k when matched then update set value = s.v"
                + " when not matched then insert (key, value) values (s.k, s.v)"));
        assertEquals(new UpsertSql.Parsed("INSERT INTO kv VALUES ('a', x'01')", Upserts.OnConflict.UPDATE),
                UpsertSql.parseMerge("merge into \"kvstore\".\"kv\" as t using (values ('a', x'01')) src(\"K\", \"V\")"
                        + " on (src.k = t.\"key\") when matched then update set t.value = src.v"
                        + " when not matched then insert (\"key\", \"value\") values (src.k, src.v)"));
    }

    @Test
    void parseMerge_otherMerges_null() {
        for (String s : new String[] {
            MERGE.replace("ON kv.key = s.k", "ON kv.value = s.v"),
            MERGE.replace("SET value = s.v", "SET value = s.k"),
            MERGE.replace("INSERT VALUES (s.k, s.v)", "INSERT VALUES (s.v, s.k)"),
            MERGE.replace("INSERT VALUES", "INSERT (value, key) VALUES"),
            MERGE.replace("(VALUES (?, ?))", "(VALUES (?, ?), (?, ?))"),
            MERGE.replace("(VALUES (?, ?))", "(SELECT key, value FROM kv)"),
            MERGE.replace("INTO kv", "INTO kv_meta"),
            MERGE.replace("(?, ?)", "(?, bytes(?))"),
            MERGE + " WHEN NOT MATCHED BY SOURCE THEN DELETE",
            "UPSERT INTO kv VALUES (?, ?)"}) {
            assertNull(UpsertSql.parseMerge(s), s);
        }
    }

    @Test
    void merge_oneRowKeyed_runsOnExecutor_sameOutcomeAsCalcite() throws SQLException {
        String typed = MERGE.replace("(VALUES (?, ?))", "(VALUES (CAST(? AS VARCHAR), CAST(? AS VARBINARY)))");
        for (String opt : new String[] {"", ";fastPath=false"}) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
                for (String sql : opt.isEmpty() ? new String[] {MERGE, typed} : new String[] {typed}) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        assertEquals(opt.isEmpty(), ((KvPreparedStatement) ps).usesExecutor(), opt + sql);
                        ps.setString(1, "m");
                        ps.setBytes(2, "1".getBytes(StandardCharsets.UTF_8));
                        assertEquals(1, ps.executeUpdate());
                        assertEquals(Map.of("m", "1"), rows(c));
                        ps.setBytes(2, "2".getBytes(StandardCharsets.UTF_8));
                        assertEquals(1, ps.executeUpdate());
                        assertEquals(Map.of("m", "2"), rows(c));
                    }
                    try (Statement st = c.createStatement()) {
                        assertEquals(1, st.executeUpdate(sql.replace("CAST(? AS VARCHAR)", "'m'")
                                .replace("CAST(? AS VARBINARY)", "'3'").replace("(?, ?)", "('m', '3')")));
                        assertEquals(Map.of("m", "3"), rows(c));
                        assertEquals(1, st.executeUpdate("delete from kv where key = 'm'"));
                    }
                }
                try (Statement st = c.createStatement()) {
                    String numbers = MERGE.replace("(?, ?)", "(1, 2)");
                    assertEquals("42804", TestUrls.sqlError(() -> st.executeUpdate(numbers)).getSQLState());
                }
            }
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
