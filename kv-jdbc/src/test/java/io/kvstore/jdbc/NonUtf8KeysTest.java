package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.engine.KvStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 2, through the driver: nine keys written through the engine API, seven of them not valid UTF-8,
 * are nine distinct, reachable keys in SQL, on the driver's fast paths (point select, update, delete, insert, the
 * streaming scan) and on Calcite's.
 */
class NonUtf8KeysTest {
    /** Seven keys that are not UTF-8, a valid U+FFFD, and a plain one. */
    private static final List<String> KEYS_HEX = List.of("ff", "fe", "c3", "eda080", "c0af", "6f6b2dff2d78",
            "6f6b2dfe2d78", "efbfbd", "6f6b");

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void write() {
        try (KvStore store = KvStore.open(dir)) {
            for (int i = 0; i < KEYS_HEX.size(); i++) {
                store.put(HexFormat.of().parseHex(KEYS_HEX.get(i)), new byte[] {(byte) i});
            }
        }
        url = "jdbc:kvstore:" + dir;
    }

    @Test
    void aggregates_countEveryKeyOnce() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(List.of("9,9"), rows(c, "select count(*), count(distinct key) from kv"));
            assertEquals(List.of("9"), rows(c, "select count(*) from (select key from kv group by key)"));
            assertEquals(List.of("1,1"), rows(c, "select min(n), max(n) from (select key, count(*) as n from kv"
                    + " group by key)"));
        }
    }

    @Test
    void keyBytes_givesTheExactBytes_andTheScanGivesNineDistinctStrings() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> hex = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select key_bytes(key) from kv")) {
                while (rs.next()) {
                    hex.add(HexFormat.of().formatHex(rs.getBytes(1)));
                }
            }
            hex.sort(null);
            List<String> expected = new ArrayList<>(KEYS_HEX);
            expected.sort(null);
            assertEquals(expected, hex);
            assertEquals(9, scanKeys(c, "select key from kv").stream().distinct().count());
            assertEquals(9, scanKeys(c, "select * from kv").stream().distinct().count());
        }
    }

    @Test
    void fastPaths_pointSelectUpdateDeleteByTheReturnedString_reachExactlyThatKey() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> keys = scanKeys(c, "select key, value from kv");
            assertEquals(9, keys.size());
            for (String k : keys) {
                try (PreparedStatement ps = c.prepareStatement("select key, value from kv where key = ?")) {
                    ps.setString(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals(true, rs.next(), k);
                        assertEquals(k, rs.getString(1));
                        assertEquals(false, rs.next());
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("update kv set value = ? where key = ?")) {
                    ps.setBytes(1, new byte[] {0x55});
                    ps.setString(2, k);
                    assertEquals(1, ps.executeUpdate(), k);
                }
            }
            assertEquals(List.of("9"), rows(c, "select count(*) from kv where value = x'55'"));
            int left = 9;
            for (String k : keys) {
                try (PreparedStatement ps = c.prepareStatement("delete from kv where key = ?")) {
                    ps.setString(1, k);
                    assertEquals(1, ps.executeUpdate(), k);
                }
                assertEquals(List.of(String.valueOf(--left)), rows(c, "select count(*) from kv"));
            }
            // and back in through the insert fast path: the same bytes again
            for (String k : keys) {
                try (PreparedStatement ps = c.prepareStatement("insert into kv (key, value) values (?, ?)")) {
                    ps.setString(1, k);
                    ps.setBytes(2, new byte[] {1});
                    ps.executeUpdate();
                }
            }
        }
        try (KvStore store = KvStore.open(dir)) {
            for (String h : KEYS_HEX) {
                assertArrayEquals(new byte[] {1}, store.get(HexFormat.of().parseHex(h)), h);
            }
            assertEquals(9, store.stats().count());
        }
    }

    @Test
    void calcitePath_updateAndDeleteByTheReturnedString_reachExactlyThatKey() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            List<String> keys = scanKeys(c, "select key from kv");
            for (String k : keys) {
                // not a fast-path shape (an expression in SET, a second condition): Calcite plans these
                try (PreparedStatement ps = c.prepareStatement(
                        "update kv set value = key_bytes(key) where key = ? and value <> x'00ff'")) {
                    ps.setString(1, k);
                    assertEquals(1, ps.executeUpdate(), k);
                }
            }
            assertEquals(List.of("9"), rows(c, "select count(*) from kv where value = key_bytes(key)"));
            for (String k : keys) {
                try (PreparedStatement ps = c.prepareStatement("delete from kv where key = ? and value is not null")) {
                    ps.setString(1, k);
                    assertEquals(1, ps.executeUpdate(), k);
                }
            }
            assertEquals(List.of("0"), rows(c, "select count(*) from kv"));
        }
    }

    @Test
    void textNoKeyReadsAs_isRefusedWith22021() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("select value from kv where key = ?")) {
            ps.setString(1, "\uD800");
            SQLException e = TestUrls.sqlError(ps::executeQuery);
            assertEquals("22021", e.getSQLState());
            assertInstanceOf(SQLDataException.class, e);
            ps.setString(1, "\uDCFF"); // the escape of byte ff: that key exists
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(true, rs.next());
                assertArrayEquals(new byte[] {0}, rs.getBytes(1));
            }
        }
        try (KvStore store = KvStore.open(dir)) {
            assertNull(store.get(new byte[] {'?'}));
        }
    }

    private static List<String> scanKeys(Connection c, String sql) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "," : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
