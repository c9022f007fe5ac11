package io.kvstore.jdbc.connection;

import static io.kvstore.jdbc.TestUrls.sqlError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correctness items of the one-executor model, each on both paths: engine executors (default) and Calcite's
 * runtime ({@code fastPath=false}).
 */
class ExecutorCorrectnessTest {

    private static Connection open(boolean executors) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem() + (executors ? "" : ";fastPath=false"));
        try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
            for (int i = 0; i < 10; i++) {
                ps.setString(1, "k" + i);
                ps.setBytes(2, ("v" + i).getBytes(StandardCharsets.UTF_8));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return c;
    }

    private static int count(ResultSet rs) throws SQLException {
        int n = 0;
        while (rs.next()) {
            n++;
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void setMaxRows_everyPath_limitsRows(boolean executors) throws SQLException {
        try (Connection c = open(executors); Statement st = c.createStatement()) {
            st.setMaxRows(2);
            for (String sql : List.of("select key from kv order by key", "select key from kv",
                    "select key from kv where key in ('k1', 'k2', 'k3')", "select key from kv where key > 'k'")) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    assertEquals(2, count(rs), sql);
                }
            }
            st.setLargeMaxRows(1);
            try (PreparedStatement ps = c.prepareStatement("select key from kv where key = ? or key = ?")) {
                ps.setMaxRows(1);
                ps.setString(1, "k1");
                ps.setString(2, "k2");
                try (ResultSet rs = ps.executeQuery()) {
                    assertEquals(1, count(rs));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void limitOffsetFetch_anyNumericOrStringParameter_accepted(boolean executors) throws SQLException {
        try (Connection c = open(executors)) {
            for (String sql : List.of("select key from kv limit ?", "select key from kv order by key limit ?",
                    "select key from kv offset ? rows fetch first 2 rows only",
                    "select key from kv fetch first ? rows only")) {
                for (Object n : List.of(3L, (short) 3, new BigDecimal("3"), "3", 3)) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setObject(1, n);
                        try (ResultSet rs = ps.executeQuery()) {
                            int expected = sql.contains("offset") ? 2 : 3;
                            assertEquals(expected, count(rs), sql + " with " + n.getClass().getSimpleName());
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "three");
                    assertEquals("07006", sqlError(ps::executeQuery).getSQLState());
                    ps.setLong(1, Long.MAX_VALUE);
                    assertEquals("22000", sqlError(ps::executeQuery).getSQLState());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void streamsWithLength_onlyThatMuchIsStored(boolean executors) throws SQLException {
        try (Connection c = open(executors);
             PreparedStatement ins = c.prepareStatement("insert into kv values (?, ?)")) {
            ins.setCharacterStream(1, new StringReader("abcdef"), 3);
            ins.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}), 2);
            assertEquals(1, ins.executeUpdate());
            ins.setCharacterStream(1, new StringReader("xyz"), 2L);
            ins.setBinaryStream(2, new ByteArrayInputStream(new byte[] {9, 8, 7}), 3L);
            assertEquals(1, ins.executeUpdate());
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select key, value from kv where key in ('abc', 'xy')")) {
                assertTrue(rs.next());
                assertEquals("abc", rs.getString(1));
                assertArrayEquals(new byte[] {1, 2}, rs.getBytes(2));
                assertTrue(rs.next());
                assertEquals("xy", rs.getString(1));
                assertArrayEquals(new byte[] {9, 8, 7}, rs.getBytes(2));
            }
            assertEquals("22000", sqlError(() -> ins.setBinaryStream(2, new ByteArrayInputStream(new byte[1]), 5))
                    .getSQLState());
        }
    }

    /** Literals become hidden parameters: any size works, and statements differing in literals share a plan. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void largeLiteral_insertUpdateSelect_worksAndSharesOnePlan(boolean frontDoor) throws SQLException {
        String big = "x".repeat(200_000);
        try (Connection c = open(true); Statement st = c.createStatement()) {
            KvConnection kc = c.unwrap(KvConnection.class);
            if (!frontDoor) {
                kc.disableTextFrontDoor();
            }
            int plans = kc.cachedPlans();
            assertEquals(1, st.executeUpdate("insert into kv values ('big', '" + big + "')"));
            assertEquals(1, st.executeUpdate("update kv set value = '" + big + "y' where key = 'big'"));
            try (ResultSet rs = st.executeQuery("select value from kv where key = 'big'")) {
                assertTrue(rs.next());
                assertEquals(big.length() + 1, rs.getBytes(1).length);
            }
            String bigKey = "k".repeat(900);
            assertEquals(1, st.executeUpdate("insert into kv values ('" + bigKey + "', x'00')"));
            try (ResultSet rs = st.executeQuery("select key from kv where key = '" + bigKey + "'")) {
                assertTrue(rs.next());
                assertEquals(bigKey, rs.getString(1));
            }
            // planned by Calcite: the insert, update and two select shapes, one plan each whatever the literals (the front
            // door plans nothing)
            assertEquals(frontDoor ? plans : plans + 4, kc.cachedPlans());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void getObjectStreamAndBlob_andSetObjectWithSqlType_work(boolean executors) throws Exception {
        try (Connection c = open(executors)) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                ps.setObject(1, "typed", JDBCType.VARCHAR);
                ps.setObject(2, "tv".getBytes(StandardCharsets.UTF_8), JDBCType.VARBINARY, 2);
                assertEquals(1, ps.executeUpdate());
            }
            for (String sql : List.of("select key, value from kv where key = 'typed'",
                    "select key, value from kv where key = 'typed' order by key")) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    assertTrue(rs.next());
                    try (InputStream in = rs.getObject(2, InputStream.class)) {
                        assertArrayEquals("tv".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
                    }
                    Blob b = rs.getObject("value", Blob.class);
                    assertEquals(2, b.length());
                    assertEquals("typed", rs.getObject(1, Object.class));
                    assertEquals("typed", rs.getObject(1, String.class));
                    assertEquals(Long.valueOf(2), rs.getObject(2, Blob.class).length());
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select key from kv where key = 'k1'")) {
                assertTrue(rs.next());
                assertTrue(rs.isLast());
                assertEquals("k1", rs.getObject(1, Object.class));
                assertFalse(rs.getBoolean(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void resultMetadata_agreesWithGetColumns(boolean executors) throws SQLException {
        try (Connection c = open(executors)) {
            DatabaseMetaData dmd = c.getMetaData();
            int[] sizes = new int[2];
            try (ResultSet cols = dmd.getColumns(null, "kvstore", "kv", "%")) {
                for (int i = 0; cols.next(); i++) {
                    sizes[i] = cols.getInt("COLUMN_SIZE");
                }
            }
            for (String sql : List.of("select key, value from kv where key = 'k1'", "select key, value from kv",
                    "select key, value from kv order by key")) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= 2; i++) {
                        assertEquals(sizes[i - 1], md.getPrecision(i), sql);
                        assertTrue(md.getColumnDisplaySize(i) >= sizes[i - 1], sql);
                        assertTrue(md.isSearchable(i), sql);
                        assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(i), sql);
                        assertEquals("kv", md.getTableName(i), sql);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void downgradedResultSetType_warns_andMaxFieldSizeCuts(boolean executors) throws SQLException {
        try (Connection c = open(executors)) {
            try (Statement st = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
                assertNotNull(st.getWarnings());
                assertEquals("01000", st.getWarnings().getSQLState());
                assertEquals(ResultSet.TYPE_FORWARD_ONLY, st.getResultSetType());
                assertNotNull(c.getWarnings());
                st.clearWarnings();
                assertNull(st.getWarnings());
            }
            try (PreparedStatement ps = c.prepareStatement("select key from kv", ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                assertNull(ps.getWarnings());
            }
            try (Statement st = c.createStatement()) {
                st.setMaxFieldSize(1);
                assertEquals(1, st.getMaxFieldSize());
                try (ResultSet rs = st.executeQuery("select key, value from kv where key = 'k1'")) {
                    assertTrue(rs.next());
                    assertEquals("k", rs.getString(1));
                    assertArrayEquals(new byte[] {'v'}, rs.getBytes(2));
                }
            }
        }
    }
}
