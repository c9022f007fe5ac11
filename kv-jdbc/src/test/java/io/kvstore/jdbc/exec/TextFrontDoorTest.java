package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text front door recognises exactly the plain shapes it documents, and a statement it takes looks the same to a
 * client as through Calcite's runtime ({@code fastPath=false}): labels, names, types, nullability, values, counts
 * and errors.
 */
class TextFrontDoorTest {
    private static final PlanRecognizer.ColumnSizes SIZES = new PlanRecognizer.ColumnSizes(1024, 1 << 20);

    @Test
    void recognize_pointShapes_recognised() {
        for (String sql : List.of("select * from kv where key = ?", "SELECT value FROM KV WHERE KEY = 'a'",
                "select key, value from kvstore.kv where key = ?;", "select \"value\", \"KEY\" from \"kv\" where key = ?",
                "select Value from kv where key='it''s'", "insert into kv values (?, ?)",
                "INSERT INTO kv (key, value) VALUES (?, ?)", "insert into kv (value, key) values (?, ?)",
                "insert into kvstore.kv values ('lit', ?)", "update kv set value = ? where key = ?",
                "UPDATE \"kvstore\".\"kv\" SET \"value\"=? WHERE \"key\"=?", "delete from kv where key = 'x'",
                "DELETE FROM kvstore.kv WHERE KEY = ?", "select * from kv limit 5", "select * from kv k",
                "select key k from kv where key = ?", "select * from kv where key = ? limit 1",
                "select k1_0.key,k1_0.value from kv k1_0 where k1_0.key=?", "SELECT kv.value FROM kv WHERE kv.key = ?",
                "SELECT key, TEXT(value) FROM kv WHERE key IN ('a','b')", "select key from kv where key = 'a' or key = ?",
                "select count(*) from kv where key = ?", "select * from kv order by key")) {
            assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
        }
    }

    @Test
    void recognize_fullScanShapes_fullScan() {
        for (String sql : List.of("select * from kv", "SELECT KEY, VALUE FROM KV;", "select value from kvstore.kv",
                "select \"value\", key from \"kv\"")) {
            assertTrue(TextFrontDoor.recognize(sql, SIZES).isQuery(), sql);
        }
    }

    @Test
    void recognize_otherShapes_leftToCalcite() {
        for (String sql : List.of("select * from kv order by value", "select * from kv where key = ? and value = ?",
                "select key from kv, kv",
                "select * from kv where", "select * from kv_stats",
                "select * from kv where key = ? -- c", "select * from kv_stats where key = ?", "select * from kv where value = ?",
                "insert into kv values (?, ?), (?, ?)",
                "insert into kv select * from kv", "update kv set key = ? where key = ?",
                "update kv set value = ? where key = ? and value = ?", "delete kv where key = ?",
                "select * from kv where key = 1", "select * from kv where key = ?; select 1",
                "select * from kv where key = 'a' 'b'", "insert into kv (key, key) values (?, ?)", "", ";")) {
            assertNull(TextFrontDoor.recognize(sql, SIZES), sql);
        }
    }

    @Test
    void recognize_parameterTypes_keyVarcharValueVarbinary() {
        Executor p = TextFrontDoor.recognize("insert into kv (value, key) values (?, ?)", SIZES);
        assertEquals(java.sql.Types.VARBINARY, p.parameterTypes()[0]);
        assertEquals(java.sql.Types.VARCHAR, p.parameterTypes()[1]);
    }

    /** Everything a client can see of a result: metadata of each column, then every value by every getter. */
    private static List<String> describe(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i) + "|" + md.getColumnName(i) + "|" + md.getColumnType(i) + "|"
                    + md.getColumnTypeName(i) + "|" + md.getColumnClassName(i) + "|" + md.isNullable(i) + "|"
                    + md.getPrecision(i) + "|" + md.getScale(i) + "|" + md.getColumnDisplaySize(i) + "|"
                    + md.getTableName(i) + "|" + md.getSchemaName(i) + "|" + md.getCatalogName(i) + "|"
                    + md.isSigned(i) + md.isCaseSensitive(i) + md.isReadOnly(i) + md.isSearchable(i)
                    + md.isAutoIncrement(i) + md.isCurrency(i) + md.isWritable(i) + md.isDefinitelyWritable(i));
        }
        while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object o = rs.getObject(i);
                out.add(i + ": " + (o instanceof byte[] b ? "byte[]" + Arrays.toString(b) : o.getClass().getName()
                        + " " + o) + " | " + rs.getString(i) + " | " + bytes(rs, i) + " | "
                        + rs.getString(md.getColumnLabel(i)));
            }
        }
        return out;
    }

    private static String bytes(ResultSet rs, int i) {
        try {
            return Arrays.toString(rs.getBytes(i));
        } catch (SQLException e) {
            return "error " + e.getSQLState();
        }
    }

    private static List<String> run(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return describe(rs);
            }
        }
    }

    private static List<String> runAdHoc(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return describe(rs);
        }
    }

    @Test
    void select_fastAndCalcite_lookTheSame() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            try (PreparedStatement ps = fast.prepareStatement("insert into kv values (?, ?)")) {
                ps.setString(1, "k");
                ps.setBytes(2, "héllo".getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
            for (String sql : List.of("select * from kv where key = ?", "SELECT KEY, Value FROM KV WHERE key = ?",
                    "select value from kvstore.kv where \"KEY\" = ?", "select \"VALUE\", key, value from kv where key = ?",
                    "select key, key from kv where key = ?;")) {
                PreparedStatement probe = fast.prepareStatement(sql);
                assertTrue(((KvPreparedStatement) probe).usesExecutor(), sql);
                probe.close();
                for (String key : List.of("k", "absent")) {
                    List<String> expected = run(slow, sql, key);
                    assertEquals(expected, run(fast, sql, key), sql);
                    assertEquals(key.equals("k") ? 2 * countColumns(expected) : countColumns(expected),
                            expected.size());
                }
                String literal = sql.replace("?", "'k'");
                assertEquals(runAdHoc(slow, literal), runAdHoc(fast, literal), literal);
            }
        }
    }

    @Test
    void textOfValue_unaliased_labelledAsCalciteLabelsIt() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            try (Statement st = fast.createStatement()) {
                st.executeUpdate("insert into kv values ('k', 'héllo')");
            }
            for (String sql : List.of("select key, text(value) from kv where key = ?",
                    "SELECT TEXT(VALUE) FROM kv WHERE key = ?", "select text(kv.value), key from kv where key = ?",
                    "select \"text\"(\"value\") from kv where key = ?",
                    "select text(value), text(value), key \"text(value)\" from kv where key = ?",
                    "select *, text(value), text(kv.value) from kv where key = ?")) {
                assertEquals(!sql.contains("\"text\"("), TextFrontDoor.recognize(sql, SIZES) != null, sql);
                List<String> expected = run(slow, sql, "k");
                assertEquals(expected, run(fast, sql, "k"), sql);
                String label = sql.contains("TEXT") ? "TEXT(VALUE)" : "text(value)";
                assertTrue(expected.stream().anyMatch(s -> s.startsWith(label + "|")), () -> sql + ": " + expected);
                assertEquals(sql.contains("text(value), text(") || sql.contains("key \"text(value)\""),
                        expected.stream().anyMatch(s -> s.startsWith("EXPR$")), () -> sql + ": " + expected);
            }
        }
    }

    @Test
    void fullScan_fastAndCalcite_lookTheSame() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            for (String sql : List.of("select * from kv", "SELECT KEY, Value FROM KV", "select value from kvstore.kv;",
                    "select \"VALUE\", key, value from kv")) {
                assertEquals(runAdHoc(slow, sql), runAdHoc(fast, sql), "empty table: " + sql);
            }
            try (PreparedStatement ps = fast.prepareStatement("insert into kv values (?, ?)")) {
                for (int i = 0; i < 300; i++) {
                    ps.setString(1, "k" + i + (i % 7 == 0 ? "\u00e9" : ""));
                    ps.setBytes(2, ("v\u00e9" + i).repeat(i % 5).getBytes(StandardCharsets.UTF_8));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String sql : List.of("select * from kv", "SELECT KEY, Value FROM KV", "select value from kvstore.kv;",
                    "select \"VALUE\", key, value from kv")) {
                PreparedStatement probe = fast.prepareStatement(sql);
                assertTrue(((KvPreparedStatement) probe).usesExecutor(), sql);
                probe.close();
                List<String> expected = runAdHoc(slow, sql);
                assertTrue(expected.size() > 300, sql);
                assertEquals(expected, runAdHoc(fast, sql), sql);
                assertEquals(expected, run(fast, sql, null), sql);
            }
        }
    }

    private static int countColumns(List<String> described) {
        return (int) described.stream().filter(s -> !s.matches("^\\d+: .*")).count();
    }

    @Test
    void preparedMetadata_fastAndCalcite_same() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            for (String sql : List.of("select key, value from kv where key = ?", "insert into kv values (?, ?)",
                    "update kv set value = ? where key = ?", "delete from kv where key = ?")) {
                PreparedStatement f = fast.prepareStatement(sql);
                PreparedStatement s = slow.prepareStatement(sql);
                ParameterMetaData fp = f.getParameterMetaData();
                ParameterMetaData sp = s.getParameterMetaData();
                assertEquals(sp.getParameterCount(), fp.getParameterCount());
                for (int i = 1; i <= sp.getParameterCount(); i++) {
                    assertEquals(sp.getParameterType(i), fp.getParameterType(i), sql);
                    assertEquals(sp.getParameterTypeName(i), fp.getParameterTypeName(i), sql);
                }
                if (sql.startsWith("select")) {
                    assertEquals(s.getMetaData().getColumnCount(), f.getMetaData().getColumnCount());
                    assertEquals(s.getMetaData().getColumnTypeName(2), f.getMetaData().getColumnTypeName(2));
                }
            }
        }
    }

    @Test
    void insert_fastAndCalcite_sameCountsValuesAndErrors() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            int n = 0;
            for (Connection c : List.of(fast, slow)) {
                for (String sql : List.of("insert into kv values (?, ?)", "insert into kv (value, key) values (?, ?)")) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        boolean keyFirst = !sql.contains("(value, key)");
                        String key = "key" + n++;
                        ps.setString(keyFirst ? 1 : 2, key);
                        ps.setString(keyFirst ? 2 : 1, "text €");
                        assertFalse(ps.execute());
                        assertEquals(1, ps.getUpdateCount());
                        assertNull(ps.getResultSet());
                        SQLException dup = TestUrls.sqlError(ps::executeUpdate);
                        assertEquals("23505", dup.getSQLState());
                        assertInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class, dup);
                        ps.setBytes(keyFirst ? 2 : 1, new byte[] {0, -1, 127});
                        ps.setString(keyFirst ? 1 : 2, key + "b");
                        assertEquals(1, ps.executeUpdate());
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                List<String> a = run(fast, "select * from kv where key = ?", "key" + i);
                assertEquals(run(slow, "select * from kv where key = ?", "key" + i), a);
                assertTrue(a.toString().contains(Arrays.toString("text €".getBytes(StandardCharsets.UTF_8))), a::toString);
                assertTrue(run(slow, "select * from kv where key = ?", "key" + i + "b").toString()
                        .contains("[0, -1, 127]"));
            }
            try (Statement st = fast.createStatement()) {
                assertEquals(1, st.executeUpdate("insert into kv values ('lit', x'01')"));
                assertEquals("23505", TestUrls.sqlError(() -> st.executeUpdate("insert into kv values ('lit', x'02')"))
                        .getSQLState());
            }
        }
    }

    @Test
    void updateAndDelete_fastAndCalcite_sameCountsValuesAndErrors() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            for (Connection c : List.of(fast, slow)) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into kv values ('u', x'01')");
                }
                try (PreparedStatement up = c.prepareStatement("update kv set value = ? where key = ?");
                     PreparedStatement del = c.prepareStatement("delete from kv where key = ?")) {
                    assertEquals(c == fast, ((KvPreparedStatement) up).usesExecutor());
                    up.setString(1, "new");
                    up.setString(2, "u");
                    assertEquals(1, up.executeUpdate());
                    assertEquals(1, up.executeUpdate());
                    up.setString(2, "absent");
                    assertEquals(0, up.executeUpdate());
                    up.setNull(1, java.sql.Types.VARBINARY);
                    assertEquals(0, up.executeUpdate());
                    up.setString(2, "u");
                    assertEquals("23502", TestUrls.sqlError(up::executeUpdate).getSQLState());
                    up.setNull(2, java.sql.Types.VARCHAR);
                    up.setBytes(1, new byte[] {1});
                    assertEquals(0, up.executeUpdate());
                    assertTrue(run(c, "select * from kv where key = ?", "u").toString()
                            .contains(Arrays.toString("new".getBytes(StandardCharsets.UTF_8))));
                    del.setString(1, "absent");
                    assertEquals(0, del.executeUpdate());
                    del.setString(1, "u");
                    assertFalse(del.execute());
                    assertEquals(1, del.getUpdateCount());
                    assertEquals(0, del.executeUpdate());
                    assertEquals(2, run(c, "select * from kv where key = ?", "u").size());
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into kv values ('u', x'01')");
                    assertEquals(1, st.executeUpdate("UPDATE kv SET value = ? WHERE key = 'u'".replace("?", "x'02'")));
                    assertEquals(1, st.executeUpdate("delete from kv where key = 'u'"));
                    assertEquals(0, st.executeUpdate("delete from kv where key = 'u'"));
                }
            }
        }
    }

    @Test
    void trailingSemicolon_ignoredOnBothPaths() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("insert into kv values ('s', x'01') ; \n"));
                try (ResultSet rs = st.executeQuery("select count(*) from kv;")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getLong(1));
                }
                try (PreparedStatement ps = c.prepareStatement("select value from kv where key = ?;;")) {
                    ps.setString(1, "s");
                    assertTrue(ps.executeQuery().next());
                }
            }
        }
    }

    @Test
    void fastPath_inTransaction_joinsIt() throws SQLException {
        String url = TestUrls.mem();
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            a.setAutoCommit(false);
            try (PreparedStatement ins = a.prepareStatement("insert into kv values (?, ?)")) {
                ins.setString(1, "t");
                ins.setString(2, "v");
                ins.executeUpdate();
            }
            assertEquals(4, run(a, "select * from kv where key = ?", "t").size());
            assertEquals(2, run(b, "select * from kv where key = ?", "t").size());
            a.commit();
            try (PreparedStatement del = a.prepareStatement("delete from kv where key = ?")) {
                del.setString(1, "t");
                assertEquals(1, del.executeUpdate());
            }
            assertEquals(2, run(a, "select * from kv where key = ?", "t").size());
            assertEquals(4, run(b, "select * from kv where key = ?", "t").size());
            a.rollback();
            assertEquals(4, run(a, "select * from kv where key = ?", "t").size());
        }
    }

    @Test
    void extendedShapes_frontDoorAndCalcite_lookTheSame() throws SQLException {
        String url = TestUrls.mem();
        try (Connection fast = DriverManager.getConnection(url);
             Connection slow = DriverManager.getConnection(url + ";fastPath=false")) {
            try (PreparedStatement ps = fast.prepareStatement("insert into kv values (?, ?)")) {
                for (int i = 0; i < 30; i++) {
                    ps.setString(1, "k" + i);
                    ps.setBytes(2, ("v\u00e9" + i).getBytes(StandardCharsets.UTF_8));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String sql : List.of("select k1_0.key,k1_0.value from kv k1_0 where k1_0.key='k1'",
                    "SELECT kv.value FROM kv WHERE kv.key = 'k2'", "SELECT key, TEXT(value) FROM kv WHERE key IN ('k1','k2','zz','k1')",
                    "select \"kvstore\".\"kv\".\"key\", \"kvstore\".\"kv\".\"value\" from \"kvstore\".\"kv\" where \"kvstore\".\"kv\".\"key\" = 'k3'",
                    "SELECT \"kv\".\"key\" AS \"key\", \"kv\".\"value\" AS \"value\" FROM \"kv\" WHERE \"kv\".\"key\" = 'k4'",
                    "select key k, text(v.value) as t from kv as v where v.key = 'k5' or key in ('k6', 'k7') limit 2",
                    "select key from kv where key = 'k8' limit 1 offset 1", "select value, key from kv k limit 4",
                    "select key, key from kv where key in ('k9')", "select KEY, Value from KV where KEY = 'k10'",
                    "select text(value) from kv where key = 'k11'")) {
                assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
                List<String> expected = runAdHoc(slow, sql);
                List<String> actual = runAdHoc(fast, sql);
                if (sql.contains("limit 4")) {
                    assertEquals(expected.size(), actual.size(), sql); // which rows a scan limit returns is unordered
                } else {
                    assertEquals(expected, actual, sql);
                }
            }
            for (String sql : List.of("select kv.key from kv k", "select x.key from kv k", "select key from kv where value = 'a'",
                    "select key from kv where key = 'a' and key = 'b'", "select text(key) from kv",
                    "select key from kv k where kv.key = 'a'")) {
                assertNull(TextFrontDoor.recognize(sql, SIZES), sql);
            }
        }
    }
}
