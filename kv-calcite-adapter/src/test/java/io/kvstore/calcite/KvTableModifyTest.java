package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.causeOf;
import static io.kvstore.calcite.KvTestSupport.plan;
import static io.kvstore.calcite.KvTestSupport.query;
import static io.kvstore.calcite.KvTestSupport.text;
import static io.kvstore.calcite.KvTestSupport.update;
import static io.kvstore.calcite.KvTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes through SQL: update counts, effects in the store, plans by key, atomicity. */
class KvTableModifyTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("a", "va", "b", "vb", "c", "vc");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void insert_preparedRow_storesUtf8KeyAndValue() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("insert into kv values (?, ?)")) {
            ps.setString(1, "d");
            ps.setBytes(2, new byte[] {0, 1, (byte) 0xff});
            assertEquals(1, ps.executeUpdate());
            ps.setString(1, "é");
            ps.setBytes(2, utf8("text"));
            assertEquals(1, ps.executeUpdate());
        }
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, store.get(utf8("d")));
        assertEquals("text", text(store, "é"));
    }

    @Test
    void insert_stringLiteralIntoValue_storesUtf8Bytes() throws Exception {
        assertEquals(1, update(conn, "insert into kv values ('k', 'héllo')"));
        assertArrayEquals(utf8("héllo"), store.get(utf8("k")));
    }

    @Test
    void insert_multiRow_countsRows() throws Exception {
        String sql = "insert into kv values ('d', 'vd'), ('e', 've'), ('f', 'vf')";
        assertTrue(plan(conn, sql).contains("KvTableModify(table=[[kvstore, kv]], operation=[INSERT]"));
        assertEquals(3, update(conn, sql));
        assertEquals("ve", text(store, "e"));
        assertEquals(6, store.stats().count());
    }

    @Test
    void insert_duplicateInBatch_changesNothingAndReportsDuplicate() throws Exception {
        SQLException e = assertThrows(SQLException.class,
                () -> update(conn, "insert into kv values ('d', 'vd'), ('a', 'new'), ('e', 've')"));
        assertNotNull(causeOf(e, KvDuplicateKeyException.class), "cause chain: " + e);
        assertNull(store.get(utf8("d")));
        assertNull(store.get(utf8("e")));
        assertEquals("va", text(store, "a"));
    }

    @Test
    void insert_sameKeyTwiceInOneStatement_isDuplicate() throws Exception {
        SQLException e = assertThrows(SQLException.class,
                () -> update(conn, "insert into kv values ('d', 'x'), ('d', 'y')"));
        assertNotNull(causeOf(e, KvDuplicateKeyException.class));
        assertNull(store.get(utf8("d")));
    }

    @Test
    void insert_nullParameter_isRefusedClearly() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("insert into kv values (?, ?)")) {
            ps.setString(1, "n");
            ps.setNull(2, java.sql.Types.VARBINARY);
            SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
            assertTrue(String.valueOf(e.getMessage()).contains("NULL") || causeOf(e, KvNullValueException.class) != null,
                    String.valueOf(e));
        }
        assertNull(store.get(utf8("n")));
        SQLException lit = assertThrows(SQLException.class, () -> update(conn, "insert into kv values (null, 'x')"));
        assertTrue(lit.getMessage().contains("does not allow NULLs"), lit.getMessage());
    }

    @Test
    void insertSelect_copiesRows() throws Exception {
        assertEquals(3, update(conn, "insert into kv select key || '2', value from kv"));
        assertEquals("vb", text(store, "b2"));
        assertEquals(6, store.stats().count());
    }

    @Test
    void update_byKeyParameter_looksUpAndCounts() throws Exception {
        String sql = "update kv set value = ? where key = ?";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("KvTableModify(table=[[kvstore, kv]], operation=[UPDATE]"), plan);
        assertTrue(plan.contains("lookup=[[?1]]"), plan);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setBytes(1, utf8("new"));
            ps.setString(2, "b");
            assertEquals(1, ps.executeUpdate());
            ps.setString(2, "missing");
            assertEquals(0, ps.executeUpdate());
        }
        assertEquals("new", text(store, "b"));
        assertNull(store.get(utf8("missing")));
    }

    @Test
    void update_nonKeyPredicate_updatesMatchingRows() throws Exception {
        assertEquals(2, update(conn, "update kv set value = bytes('z') where text(value) in ('va', 'vc')"));
        assertEquals(List.of("a,z", "b,vb", "c,z"), query(conn, "select key, text(value) from kv order by key"));
    }

    @Test
    void update_key_movesRow() throws Exception {
        assertEquals(1, update(conn, "update kv set key = 'a2' where key = 'a'"));
        assertNull(store.get(utf8("a")));
        assertEquals("va", text(store, "a2"));
        SQLException e = assertThrows(SQLException.class, () -> update(conn, "update kv set key = 'b' where key = 'c'"));
        assertNotNull(causeOf(e, KvDuplicateKeyException.class));
        assertEquals("vc", text(store, "c"));
    }

    @Test
    void delete_inList_looksUpAndCountsExisting() throws Exception {
        String sql = "delete from kv where key in ('a', 'c', 'zz')";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("operation=[DELETE]") && plan.contains("lookup=[['a', 'c', 'zz']]"), plan);
        assertEquals(2, update(conn, sql));
        assertEquals(List.of("b"), query(conn, "select key from kv"));
    }

    @Test
    void delete_byKeyParameter_countsOne() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("delete from kv where key = ?")) {
            ps.setString(1, "b");
            assertEquals(1, ps.executeUpdate());
            assertEquals(0, ps.executeUpdate());
        }
        assertFalse(store.exists(utf8("b")));
    }

    @Test
    void delete_rangePredicate_deletesMatchingRows() throws Exception {
        assertEquals(2, update(conn, "delete from kv where key >= 'b'"));
        assertEquals(List.of("a"), query(conn, "select key from kv"));
    }

    private static final String UPSERT = "merge into kv using (values (cast(? as varchar), cast(? as varbinary))) as s(k, v) on kv.key = s.k"
            + " when matched then update set value = s.v when not matched then insert (key, value) values (s.k, s.v)";

    @Test
    void merge_upsert_insertsOrUpdatesByKeyWithoutScan() throws Exception {
        String plan = plan(conn, UPSERT);
        assertTrue(plan.contains("operation=[MERGE]") && plan.contains("KvLookupJoin"), plan);
        assertFalse(plan.contains("KvTableScan"), plan);
        try (PreparedStatement ps = conn.prepareStatement(UPSERT)) {
            ps.setString(1, "a");
            ps.setBytes(2, utf8("A"));
            assertEquals(1, ps.executeUpdate());
            ps.setString(1, "new");
            ps.setBytes(2, utf8("N"));
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals("A", text(store, "a"));
        assertEquals("N", text(store, "new"));
        assertEquals(4, store.stats().count());
    }

    @Test
    void merge_literalRows_countsInsertsAndUpdates() throws Exception {
        assertEquals(3, update(conn, "merge into kv using (values ('a', 'x1'), ('q', 'x2'), ('bb', 'x3')) as s(k, v)"
                + " on kv.key = s.k when matched then update set value = s.v"
                + " when not matched then insert (key, value) values (s.k, s.v)"));
        assertEquals(List.of("a,x1", "b,vb", "bb,x3", "c,vc", "q,x2"),
                query(conn, "select key, text(value) from kv order by key"));
    }

    @Test
    void dml_inExplicitTransaction_isBufferedUntilCommitAndAtomicPerStatement() throws Exception {
        KvTestSupport.TxSession session = new KvTestSupport.TxSession(store);
        try (Connection c = KvCalcite.connect(session, null)) {
            session.tx = store.begin();
            assertEquals(1, update(c, "insert into kv values ('t', 'vt')"));
            assertEquals(List.of("vt"), query(c, "select text(value) from kv where key = 't'"));
            assertEquals(4, Integer.parseInt(query(c, "select count(*) from kv").get(0)));
            assertNull(store.get(utf8("t")), "not visible before commit");
            assertThrows(SQLException.class, () -> update(c, "insert into kv values ('u', 'x'), ('t', 'dup')"));
            assertNull(session.tx.get(utf8("u")), "a failed statement leaves nothing in the transaction");
            session.tx.commit();
            session.tx = null;
        }
        assertEquals("vt", text(store, "t"));
        assertNull(store.get(utf8("u")));
    }
}
