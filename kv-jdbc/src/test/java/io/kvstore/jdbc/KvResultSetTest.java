package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values in and out, on the fast path and through Calcite. */
class KvResultSetTest {
    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    /** Selects key 'k' with {@code sql} through a statement on {@code c}. */
    private static ResultSet select(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.closeOnCompletion();
        ps.setString(1, "k");
        ResultSet rs = ps.executeQuery();
        assertTrue(rs.next());
        return rs;
    }

    @Test
    void pointSelect_arraysHandedOut_areCopiesTheCallerOwns() throws Exception {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv (key, value) values (?, ?)")) {
                ps.setString(1, "k");
                ps.setBytes(2, ALL_BYTES);
                ps.executeUpdate();
            }
            try (ResultSet rs = select(c, "select value from kv where key = ?")) {
                byte[] first = rs.getBytes(1);
                java.util.Arrays.fill(first, (byte) 7);
                ((byte[]) rs.getObject(1))[0] = 9;
                assertArrayEquals(ALL_BYTES, rs.getBytes(1));
                try (InputStream in = rs.getBinaryStream(1)) {
                    assertArrayEquals(ALL_BYTES, in.readAllBytes());
                }
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> rs.getInt(1));
                assertTrue(e.getMessage().contains("byte[]"), e.getMessage());
            }
            try (ResultSet rs = select(c, "select value from kv where key = ?")) {
                assertArrayEquals(ALL_BYTES, rs.getBytes(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void setBytes_roundTripsExactly_throughEveryBinaryGetter(String opt) throws Exception {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv (key, value) values (?, ?)")) {
                ps.setString(1, "k");
                ps.setBytes(2, ALL_BYTES);
                ps.executeUpdate();
            }
            for (String sql : List.of("select value from kv where key = ?",
                    "select value from kv where key = ? and octet_length(value) >= 0")) {
                try (ResultSet rs = select(c, sql)) {
                    assertInstanceOf(byte[].class, rs.getObject(1));
                    assertArrayEquals(ALL_BYTES, (byte[]) rs.getObject("value"));
                    assertArrayEquals(ALL_BYTES, rs.getBytes(1));
                    assertArrayEquals(ALL_BYTES, rs.getObject(1, byte[].class));
                    try (InputStream in = rs.getBinaryStream(1)) {
                        assertArrayEquals(ALL_BYTES, in.readAllBytes());
                    }
                    Blob b = rs.getBlob("VALUE");
                    assertEquals(256, b.length());
                    assertArrayEquals(ALL_BYTES, b.getBytes(1, 256));
                    assertEquals(HexFormat.of().formatHex(ALL_BYTES), rs.getString(1));
                    assertFalse(rs.wasNull());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";fastPath=false"})
    void setString_onValue_storesUtf8_getStringGivesHex_textGivesText(String opt) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                ps.setString(1, "k");
                ps.setString(2, "grüße");
                ps.executeUpdate();
            }
            byte[] utf8 = "grüße".getBytes(StandardCharsets.UTF_8);
            try (ResultSet rs = select(c, "select value, text(value) as t from kv where key = ?")) {
                assertArrayEquals(utf8, rs.getBytes(1));
                assertEquals(HexFormat.of().formatHex(utf8), rs.getString(1));
                assertEquals("grüße", rs.getString("t"));
            }
            try (PreparedStatement ps = c.prepareStatement("update kv set value = ? where key = ?")) {
                ps.setString(1, "neu");
                ps.setString(2, "k");
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = select(c, "select value from kv where key = ?")) {
                assertArrayEquals("neu".getBytes(StandardCharsets.UTF_8), rs.getBytes(1));
            }
        }
    }

    @Test
    void setBinaryStreamAndBlob_readWhenSet() throws Exception {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                ps.setString(1, "k");
                ps.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1, 2, 3}));
                ps.executeUpdate();
                ps.setString(1, "k2");
                ps.setBlob(2, new javax.sql.rowset.serial.SerialBlob(new byte[] {4}));
                ps.executeUpdate();
            }
            try (ResultSet rs = select(c, "select value from kv where key = ?")) {
                assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes(1));
            }
        }
    }

    @Test
    void statementExecute_sameTextTwice_plansOnce() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            StatementCache cache = c.unwrap(KvConnection.class).cache();
            String sql = "select count(*) from kv where value <> x'00'";
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        assertTrue(rs.next());
                        assertEquals(0, rs.getLong(1));
                    }
                }
            }
            assertEquals(1, cache.misses());
            assertEquals(2, cache.hits());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                assertTrue(ps.executeQuery().next());
            }
            assertEquals(3, cache.hits());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void statementCache_twoOpenResultsOfSameText_bothWork() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem());
             Statement a = c.createStatement(); Statement b = c.createStatement()) {
            a.executeUpdate("insert into kv values ('x', x'01'), ('y', x'02')");
            String sql = "select key from kv order by key";
            ResultSet ra = a.executeQuery(sql);
            ResultSet rb = b.executeQuery(sql);
            assertTrue(ra.next());
            assertTrue(rb.next());
            assertTrue(ra.next());
            assertEquals("y", ra.getString(1));
            assertEquals("x", rb.getString(1));
            ra.close();
            rb.close();
        }
    }

    @Test
    void batch_insertsAndReportsCounts() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setString(1, "b" + i);
                    ps.setBytes(2, new byte[] {(byte) i});
                    ps.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
                ps.setString(1, "b1");
                ps.setBytes(2, new byte[0]);
                ps.addBatch();
                java.sql.BatchUpdateException e = org.junit.jupiter.api.Assertions.assertThrows(
                        java.sql.BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
            }
            try (Statement st = c.createStatement()) {
                st.addBatch("delete from kv where key = 'b0'");
                st.addBatch("delete from kv where key = 'nope'");
                assertArrayEquals(new int[] {1, 0}, st.executeBatch());
            }
        }
    }

    @Test
    void resultSet_closedAndForwardOnlyRules() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select * from kv");
            assertFalse(rs.next());
            assertEquals("HY010", TestUrls.sqlError(rs::previous).getSQLState());
            assertEquals("0A000", TestUrls.sqlError(() -> rs.updateString(1, "x")).getSQLState());
            ResultSet second = st.executeQuery("select * from kv");
            assertTrue(rs.isClosed());
            assertFalse(second.isClosed());
            st.close();
            assertTrue(second.isClosed());
        }
    }
}
