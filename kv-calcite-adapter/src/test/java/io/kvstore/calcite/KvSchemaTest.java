package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema's other objects: functions, stats and snapshot tables, the model factory, metadata names. */
class KvSchemaTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("a", "héllo", "b", "x");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void text_decodesUtf8_andBytesEncodes() throws Exception {
        assertEquals(List.of("héllo"), query(conn, "select text(value) from kv where key = 'a'"));
        assertEquals(List.of("héllo"), query(conn, "select TEXT(VALUE) from KV where KEY = 'a'"));
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("select bytes('é€') from kv where key = 'b'")) {
            rs.next();
            assertArrayEquals("é€".getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(1));
        }
        assertEquals(List.of("null"), query(conn, "select text(cast(null as varbinary)) from kv where key = 'b'"));
    }

    @Test
    void kvStats_reportsEntryCount() throws Exception {
        assertEquals(List.of("2"), query(conn, "select entries from kv_stats"));
        KvTestSupport.update(conn, "insert into kv values ('c', 'y')");
        assertEquals(List.of("3,false"), query(conn, "select entries, failed from kv_stats"));
    }

    @Test
    void kvStats_afterCommits_reportsCommitGroupsAndNoSyncsInMemory() throws Exception {
        long commits = store.stats().commits();
        KvTestSupport.update(conn, "insert into kv values ('c', 'y')");
        KvTestSupport.update(conn, "insert into kv values ('d', 'z')");
        List<String> row = query(conn, "select commits, commit_groups, avg_group_size, wal_syncs from kv_stats");
        String[] cols = row.get(0).split(",");
        assertEquals(commits + 2, Long.parseLong(cols[0]));
        assertEquals(Double.parseDouble(cols[0]) / Long.parseLong(cols[1]), Double.parseDouble(cols[2]), 1e-9);
        assertEquals("0", cols[3]);
    }

    @Test
    void kvSnapshot_onInMemoryStore_returnsStats() throws Exception {
        assertEquals(List.of("2"), query(conn, "select entries from kv_snapshot"));
    }

    @Test
    void metadata_reportsLowerCaseNames() throws Exception {
        try (ResultSet rs = conn.getMetaData().getColumns(null, "kvstore", "kv", null)) {
            assertEquals(List.of("kvstore,kv,key", "kvstore,kv,value"), namesOf(rs));
        }
    }

    private static List<String> namesOf(ResultSet rs) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString("TABLE_SCHEM") + "," + rs.getString("TABLE_NAME") + "," + rs.getString("COLUMN_NAME"));
        }
        return out;
    }

    @Test
    void schemaFactory_buildsSchemaFromSessionOperand() throws Exception {
        SchemaPlus root = conn.getRootSchema();
        root.add("other", new KvSchemaFactory().create(root, "other", Map.of("session", KvSession.autoCommit(store))));
        assertEquals(List.of("x"), query(conn, "select text(value) from other.kv where key = 'b'"));
        assertThrows(IllegalArgumentException.class, () -> new KvSchemaFactory().create(root, "bad", Map.of()));
    }

    @Test
    void explain_showsUniqueKeyMakesLookupOneRow() throws Exception {
        String plan = KvTestSupport.plan(conn, "select distinct key from kv where key = 'a'");
        assertTrue(!plan.contains("Aggregate"), "unique key {0} lets the planner drop DISTINCT: " + plan);
    }
}
