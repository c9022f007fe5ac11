package io.kvstore.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.engine.KvStore;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unaliased calls of kvstore's functions on a column are labelled with the call, not {@code EXPR$n}. */
class KvColumnLabelsTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("a", "héllo");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    private List<String> labels(String sql) throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i));
            }
            return out;
        }
    }

    @Test
    void textOfColumn_labelledAsTyped() throws Exception {
        assertEquals(List.of("key", "text(value)"), labels("select key, text(value) from kv"));
        assertEquals(List.of("TEXT(VALUE)"), labels("select TEXT(VALUE) from kv where key = 'a'"));
        assertEquals(List.of("text(value)"), labels("select text(kv.value) from kv"));
        assertEquals(List.of("text(value)"), labels("select \"text\"(\"value\") from kv"));
        assertEquals(List.of("key_bytes(key)", "bytes(key)"), labels("select key_bytes(key), bytes(key) from kv"));
        assertEquals(List.of("text(value)"), labels("select * from (select text(value) from kv)"));
    }

    @Test
    void aliasesAndOtherExpressions_unchanged() throws Exception {
        assertEquals(List.of("t"), labels("select text(value) as t from kv"));
        assertEquals(List.of("EXPR$0"), labels("select upper(key) from kv"));
        assertEquals(List.of("EXPR$0"), labels("select text(key_bytes(key)) from kv"));
        assertEquals(List.of("text(value)", "EXPR$1"), labels("select text(value), text(value) from kv"));
        assertEquals(List.of("text(value)", "EXPR$1"),
                labels("select * from (select text(value), text(kv.value) from kv)"));
        assertEquals(List.of("EXPR$0", "text(value)"), labels("select text(value), key as \"text(value)\" from kv"));
        assertEquals(List.of("n", "text(value)"),
                labels("select count(*) as n, text(value) from kv group by text(value) order by text(value)"));
    }
}
