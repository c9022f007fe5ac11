package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.plan;
import static io.kvstore.calcite.KvTestSupport.query;
import static io.kvstore.calcite.KvTestSupport.update;
import static io.kvstore.calcite.KvTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kv_meta: metadata rows of the live entries, expiry set and cleared by UPDATE, lookups by key. */
class KvMetaTableTest {
    private KvStore store;
    private CalciteConnection conn;

    private void open(String timeZone) throws SQLException {
        store = KvStore.inMemory(KvOptions.builder().expirySweepMillis(0).build());
        store.put(utf8("a"), utf8("1"));
        store.putWithTtl(utf8("b"), utf8("2"), 3_600_000);
        store.putWithTtl(utf8("gone"), utf8("3"), 1);
        Properties p = new Properties();
        p.setProperty("timeZone", timeZone);
        conn = KvCalcite.connect(KvSession.autoCommit(store), p);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    private void awaitGone() throws InterruptedException {
        while (store.exists(utf8("gone"))) {
            Thread.sleep(1);
        }
    }

    @Test
    void select_liveEntries_showVersionTimestampsAndExpiry() throws Exception {
        open("UTC");
        awaitGone();
        try (PreparedStatement ps = conn.prepareStatement(
                "select key, version, created_at, updated_at, expires_at from kv_meta order by key");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("a", rs.getString(1));
            assertEquals(store.getEntry(utf8("a")).version(), rs.getLong(2));
            Timestamp created = rs.getTimestamp(3);
            assertEquals(store.getEntry(utf8("a")).createdMillis(), created.getTime());
            assertNull(rs.getTimestamp(5));
            assertTrue(rs.next());
            assertEquals("b", rs.getString(1));
            assertEquals(store.expiresAt(utf8("b")), rs.getTimestamp(5).getTime());
            assertTrue(!rs.next(), "an expired entry has no row");
        }
        assertEquals(List.of("2"), query(conn, "select count(*) from kv_meta"));
    }

    @Test
    void updateExpiresAt_inOneHour_setsTheEntrysExpiryWhateverTheSessionZone() throws Exception {
        open("Asia/Tokyo");
        try (PreparedStatement ps = conn.prepareStatement(
                "update kv_meta set expires_at = current_timestamp + interval '1' hour where key = ?")) {
            ps.setString(1, "a");
            assertEquals(1, ps.executeUpdate());
            ps.setString(1, "missing");
            assertEquals(0, ps.executeUpdate());
        }
        long ttl = store.ttlMillis(utf8("a"));
        assertTrue(ttl > 3_000_000 && ttl <= 3_600_000, "ttl " + ttl);
        assertEquals(List.of("true"), query(conn,
                "select expires_at > current_timestamp + interval '50' minute from kv_meta where key = 'a'"));
    }

    @Test
    void updateExpiresAt_nullClearsAndPastDeletes() throws Exception {
        open("UTC");
        assertEquals(1, update(conn, "update kv_meta set expires_at = null where key = 'b'"));
        assertEquals(-1, store.ttlMillis(utf8("b")));
        assertEquals(1, update(conn, "update kv_meta set expires_at = timestamp '2000-01-01 00:00:00' where key = 'a'"));
        assertNull(store.get(utf8("a")), "an expiry in the past deletes the entry");
        assertEquals(List.of("b,2"), query(conn, "select key, text(value) from kv"));
    }

    @Test
    void pointLookup_isAKeyLookupNotAScan() throws Exception {
        open("UTC");
        String p = plan(conn, "select expires_at from kv_meta where key = ?");
        assertTrue(p.contains("KvMetaScan") && p.contains("lookup"), p);
        String u = plan(conn, "update kv_meta set expires_at = null where key = 'a'");
        assertTrue(u.contains("KvMetaTableModify") && u.contains("lookup"), u);
    }

    @Test
    void otherWrites_refusedWithTheReason() throws Exception {
        open("UTC");
        SQLException e = assertThrows(SQLException.class,
                () -> update(conn, "update kv_meta set version = 3 where key = 'a'"));
        assertTrue(String.valueOf(KvTestSupport.causeOf(e, UnsupportedOperationException.class)).contains("kv_meta"),
                e.toString());
        assertThrows(SQLException.class, () -> update(conn, "delete from kv_meta where key = 'a'"));
        assertThrows(SQLException.class,
                () -> update(conn, "insert into kv_meta values ('x', 1, current_timestamp, current_timestamp, null)"));
        assertEquals(2, store.count());
    }

    @Test
    void valueAndTtl_inOneTransaction() throws Exception {
        open("UTC");
        KvTestSupport.TxSession session = new KvTestSupport.TxSession(store);
        try (CalciteConnection c = KvCalcite.connect(session, null)) {
            session.tx = store.begin();
            update(c, "insert into kv values ('t', 'v')");
            update(c, "update kv_meta set expires_at = current_timestamp + interval '10' second where key = 't'");
            assertNull(store.get(utf8("t")), "not visible before commit");
            session.tx.commit();
        }
        long ttl = store.ttlMillis(utf8("t"));
        assertTrue(ttl > 0 && ttl <= 10_000, "ttl " + ttl);
    }
}
