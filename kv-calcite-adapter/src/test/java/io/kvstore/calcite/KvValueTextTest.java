package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code value} compared with a text literal compares the literal's UTF-8 bytes, as INSERT stores text. */
class KvValueTextTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("b", "héllo", "m", "mv", "z", "a");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void equality_matchesTheUtf8Bytes() throws Exception {
        // before: matched nothing (Calcite compared the value's hex digits with the text)
        assertEquals(List.of("b"), query(conn, "select key from kv where value = 'héllo'"));
        assertEquals(List.of("b"), query(conn, "select key from kv where 'héllo' = value"));
        assertEquals(List.of("m", "z"), query(conn, "select key from kv where value <> 'héllo' order by key"));
        assertEquals(List.of("b", "m"), query(conn, "select key from kv where value in ('héllo', 'mv') order by key"));
        assertEquals(List.of("1"), query(conn, "select count(*) from kv where value = 'héllo'"));
        assertEquals(List.of("b"), query(conn, "select key from kv where key = 'b' and value = 'héllo'"));
        assertEquals(List.of("b"), query(conn,
                "select key from kv where key in (select key from kv where value = 'héllo')"));
    }

    @Test
    void ordering_isCodePointOrder() throws Exception {
        assertEquals(List.of("b", "m"), query(conn, "select key from kv where value > 'h' order by key"));
        assertEquals(List.of("z"), query(conn, "select key from kv where value <= 'a'"));
    }

    @Test
    void writes_matchAsReads() throws Exception {
        assertEquals(1, KvTestSupport.update(conn, "update kv set value = 'hi' where value = 'héllo'"));
        assertEquals("hi", KvTestSupport.text(store, "b"));
        assertEquals(1, KvTestSupport.update(conn, "delete from kv where value = 'mv'"));
        assertEquals(List.of("b", "z"), query(conn, "select key from kv order by key"));
    }

    @Test
    void onlyKvstoreConnections_otherCalciteConnectionsUnchanged() throws Exception {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from kv where value = 'héllo'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
        }
        // a plain Calcite connection in the same JVM keeps Calcite's own meaning (the hex digits are compared)
        try (Connection plain = DriverManager.getConnection("jdbc:calcite:");
             Statement s = plain.createStatement();
             ResultSet rs = s.executeQuery("values (x'68c3a96c6c6f' = 'héllo', x'68' = '68')")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
            assertTrue(rs.getBoolean(2));
        }
    }
}
