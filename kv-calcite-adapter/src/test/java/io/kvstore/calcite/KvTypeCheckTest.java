package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.runtime.CalciteContextException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Numbers are neither keys nor values, and text is not compared with numbers; refused when preparing. */
class KvTypeCheckTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("a", "x", "42", "y");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    /** Prepares {@code sql} (nothing runs) and returns the validation error's message. */
    private String refused(String sql) {
        SQLException e = assertThrows(SQLException.class, () -> conn.prepareStatement(sql), sql);
        CalciteContextException v = KvTestSupport.causeOf(e, CalciteContextException.class);
        assertNotNull(v, () -> sql + ": " + e);
        return v.getMessage();
    }

    @Test
    void insert_numbersIntoKeyOrValue_refusedWhenPrepared() {
        // before: stored the key '1' and the 4 bytes 00000002
        assertTrue(refused("insert into kv values (1, 2)").contains("Cannot assign to target field 'key'"));
        assertTrue(refused("insert into kv values ('n', 2)").contains("VARBINARY"));
        assertTrue(refused("insert into kv (value, key) values (x'01', 7)").contains("target field 'key'"));
        assertTrue(refused("insert into kv values (1, x'01'), (2, x'02')").contains("target field 'key'"));
        assertTrue(refused("insert into kv select key || 'x', 1 from kv").contains("'value'"));
        assertTrue(refused("insert into kv values ('d', true)").contains("BOOLEAN"));
        assertTrue(refused("insert into kv values ('d', date '2020-01-01')").contains("DATE"));
        assertNull(KvTestSupport.text(store, "1"));
    }

    @Test
    void updateAndMerge_numbers_refused() {
        assertTrue(refused("update kv set key = 5 where key = 'a'").contains("target field 'key'"));
        assertTrue(refused("merge into kv using (values (1, x'02')) as s(k, v) on kv.key = s.k"
                + " when matched then update set value = s.v"
                + " when not matched then insert (key, value) values (s.k, s.v)").contains("'key'"));
    }

    @Test
    void textComparedWithNumber_refused_explicitCastAccepted() throws SQLException {
        // before: every key was cast to a number at execution, failing at the first that is not one
        assertTrue(refused("select * from kv where key = 5").contains("Cannot apply '='"));
        assertTrue(refused("select * from kv where key in (1, 2)").contains("Cannot apply 'IN'"));
        assertTrue(refused("select key + 1 from kv").contains("Cannot apply '+'"));
        assertEquals(List.of("42"), query(conn, "select key from kv where key = '42'"));
        assertEquals(List.of("42"), query(conn, "select key from kv where key = '42' and cast(key as integer) = 42"));
        assertEquals(List.of("1"), query(conn, "select count(*) from kv where key = 'a' and '5' = 5"));
    }

    @Test
    void textAndBytes_stillWritable() throws SQLException {
        assertEquals(2, KvTestSupport.update(conn, "insert into kv values ('t', 'text'), ('u', 'more')"));
        assertEquals(1, KvTestSupport.update(conn, "insert into kv values ('b', x'00ff')"));
        assertEquals("text", KvTestSupport.text(store, "t"));
        assertEquals(1, KvTestSupport.update(conn, "update kv set value = 'new' where key = 't'"));
        assertEquals("new", KvTestSupport.text(store, "t"));
    }
}
