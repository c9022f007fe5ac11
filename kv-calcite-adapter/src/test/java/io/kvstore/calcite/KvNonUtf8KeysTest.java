package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.engine.KvStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, part 2, through Calcite: keys written through the engine API that are not valid UTF-8 stay distinct
 * and reachable in SQL.
 */
class KvNonUtf8KeysTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvStore.inMemory();
        for (int i = 0; i < KvKeysTest.ISSUE_KEYS_HEX.size(); i++) {
            store.put(HexFormat.of().parseHex(KvKeysTest.ISSUE_KEYS_HEX.get(i)), new byte[] {(byte) i});
        }
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void countDistinctAndGroupBy_seeNineKeys() throws Exception {
        assertEquals(List.of("9,9"), query(conn, "select count(*), count(distinct key) from kv"));
        assertEquals(List.of("9"), query(conn, "select count(*) from (select key from kv group by key)"));
        assertEquals(List.of("1"), query(conn, "select max(c) from (select key, count(*) as c from kv group by key)"));
    }

    @Test
    void keyBytes_returnsEachKeysExactBytes() throws Exception {
        List<String> hex = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("select key_bytes(key) from kv")) {
            while (rs.next()) {
                hex.add(HexFormat.of().formatHex(rs.getBytes(1)));
            }
        }
        hex.sort(null);
        List<String> expected = new ArrayList<>(KvKeysTest.ISSUE_KEYS_HEX);
        expected.sort(null);
        assertEquals(expected, hex);
    }

    @Test
    void pointReadUpdateDelete_byTheReturnedString_reachExactlyThatKey() throws Exception {
        for (String text : keys()) {
            byte[] key = KvKeys.fromSql(text);
            try (PreparedStatement ps = conn.prepareStatement("select key_bytes(key), value from kv where key = ?")) {
                ps.setString(1, text);
                try (ResultSet rs = ps.executeQuery()) {
                    List<byte[]> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(rs.getBytes(1));
                    }
                    assertEquals(1, found.size(), text);
                    assertArrayEquals(key, found.get(0));
                }
            }
            try (PreparedStatement ps = conn.prepareStatement("update kv set value = x'77' where key = ?")) {
                ps.setString(1, text);
                assertEquals(1, ps.executeUpdate(), text);
            }
            assertArrayEquals(new byte[] {0x77}, store.get(key));
        }
        int left = 9;
        for (String text : keys()) {
            try (PreparedStatement ps = conn.prepareStatement("delete from kv where key = ?")) {
                ps.setString(1, text);
                assertEquals(1, ps.executeUpdate(), text);
            }
            assertNull(store.get(KvKeys.fromSql(text)));
            assertEquals(--left, store.stats().count());
        }
    }

    private List<String> keys() throws Exception {
        List<String> keys = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("select key from kv")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertEquals(9, keys.size());
        return keys;
    }
}
