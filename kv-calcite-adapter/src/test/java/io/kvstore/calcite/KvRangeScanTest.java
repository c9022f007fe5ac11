package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.plan;
import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Range, prefix, ORDER BY key, LIMIT/OFFSET and aggregate pushdown: the plan first, then the rows. */
class KvRangeScanTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvStore.inMemory();
        for (int i = 1; i <= 30; i++) {
            store.put(KvTestSupport.utf8(String.format("user:%03d", i)), KvTestSupport.utf8("v" + i));
        }
        store.put(KvTestSupport.utf8("admin"), KvTestSupport.utf8("root"));
        store.put(KvTestSupport.utf8("zeta"), KvTestSupport.utf8("last"));
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    private static List<String> users(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(String.format("user:%03d", i));
        }
        return out;
    }

    private static void assertRange(String plan, String range) {
        assertTrue(plan.contains("KvTableScan(table=[[kvstore, kv]], range=[" + range + "]"), plan);
        assertFalse(plan.contains("$condition"), "the filter must be consumed: " + plan);
        assertFalse(plan.contains("EnumerableSort"), "no sort: " + plan);
    }

    @Test
    void selfJoin_rangeOnOneSide_rangeKeptWhicheverSideIsLookedUp() throws Exception {
        // A range read must never become the looked-up side of a lookup join: its bounds would be lost (found by
        // KvSqlDifferentialTest when the planner saw a stale row count of 1 right after the rows were written).
        String sql = "select a.key from kv a join kv b on a.key = b.key where a.key < 'user:004'";
        List<String> expected = List.of("admin", "user:001", "user:002", "user:003");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(expected, sorted(query(ps)));
        }
        try (KvStore fresh = KvStore.inMemory()) {
            CalciteConnection c = KvTestSupport.connect(fresh);
            try (c) {
                plan(c, sql); // planned while empty: the planner's row count stays 1 for a while after the writes
                for (int i = 1; i <= 30; i++) {
                    fresh.put(KvTestSupport.utf8(String.format("user:%03d", i)), KvTestSupport.utf8("v" + i));
                }
                fresh.put(KvTestSupport.utf8("admin"), KvTestSupport.utf8("root"));
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertEquals(expected, sorted(query(ps)));
                }
            }
        }
    }

    private static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void select_greaterOrEqualParameterOrderByLimit_orderedRangeRead() throws Exception {
        String sql = "select key from kv where key >= ? order by key limit 3";
        String p = plan(conn, sql);
        assertRange(p, "[?0, +inf)");
        assertTrue(p.contains("order=[ASC]") && p.contains("fetch=[3]"), p);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(users(5, 7), query(ps, "user:005"));
            assertEquals(List.of("user:029", "user:030", "zeta"), query(ps, "user:029"));
            assertEquals(List.of(), query(ps, "zz"));
        }
    }

    @Test
    void select_keysetPageWithParameterLimit_nextPages() throws Exception {
        String sql = "select key, value from kv where key > ? order by key limit ?";
        assertRange(plan(conn, sql), "(?0, +inf)");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(List.of("user:001,v1", "user:002,v2"), query(ps, "admin", 2));
            assertEquals(List.of("user:003,v3", "user:004,v4"), query(ps, "user:002", 2));
        }
    }

    @Test
    void select_orderByKeyDescOffsetFetch_descendingRead() throws Exception {
        String sql = "select key from kv where key < 'user:010' order by key desc offset 2 rows fetch next 3 rows only";
        String p = plan(conn, sql);
        assertRange(p, "(-inf, 'user:010')");
        assertTrue(p.contains("order=[DESC]") && p.contains("offset=[2], fetch=[3]"), p);
        assertEquals(List.of("user:007", "user:006", "user:005"), query(conn, sql));
    }

    @Test
    void select_orderByKeyWithoutFilter_noSort() throws Exception {
        String p = plan(conn, "select * from kv order by key desc limit 2");
        assertFalse(p.contains("EnumerableSort"), p);
        assertTrue(p.contains("order=[DESC]"), p);
        assertEquals(List.of("zeta,last", "user:030,v30"), query(conn, "select * from kv order by key desc limit 2"));
        List<String> all = query(conn, "select key from kv order by key");
        List<String> expected = new ArrayList<>(List.of("admin"));
        expected.addAll(users(1, 30));
        expected.add("zeta");
        assertEquals(expected, all);
    }

    @Test
    void select_between_closedRange() throws Exception {
        String sql = "select key from kv where key between 'user:010' and 'user:012'";
        assertRange(plan(conn, sql), "['user:010', 'user:012']");
        assertEquals(users(10, 12), query(conn, sql));
        try (PreparedStatement ps = conn.prepareStatement("select key from kv where key between ? and ?")) {
            assertEquals(users(28, 30), query(ps, "user:028", "user:030"));
            assertEquals(List.of(), query(ps, "user:030", "user:028"));
            assertEquals(List.of(), query(ps, null, "user:028"));
        }
    }

    @Test
    void select_likePrefix_prefixRange() throws Exception {
        String sql = "select key from kv where key like 'user:02%'";
        assertRange(plan(conn, sql), "['user:02', 'user:03')");
        assertEquals(users(20, 29), query(conn, sql));
    }

    @Test
    void select_likeWithInnerWildcard_rangePlusFilter() throws Exception {
        String sql = "select key from kv where key like 'user:0_5'";
        String p = plan(conn, sql);
        assertTrue(p.contains("range=[['user:0', 'user:1')]"), p);
        assertTrue(p.contains("LIKE"), "the LIKE is still evaluated: " + p);
        assertEquals(List.of("user:005", "user:015", "user:025"), query(conn, sql));
    }

    @Test
    void select_literalOnLeftAndOtherConjuncts_flippedAndFiltered() throws Exception {
        String sql = "select key from kv where 'user:027' < key and key <= 'user:029' and value <> x'7632'";
        String p = plan(conn, sql);
        assertTrue(p.contains("range=[('user:027', 'user:029']]"), p);
        assertEquals(List.of("user:028", "user:029"), query(conn, sql));
    }

    @Test
    void select_twoLowerBounds_tighterWins() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement(
                "select key from kv where key > ? and key >= ? and key < 'user:005'")) {
            assertEquals(users(3, 4), query(ps, "user:002", "user:001"));
            assertEquals(users(3, 4), query(ps, "user:001", "user:003"));
        }
    }

    @Test
    void select_comparedWithNull_noRows() throws Exception {
        assertEquals(List.of(), query(conn, "select key from kv where key > cast(null as varchar)"));
    }

    @Test
    void select_limitWithoutOrder_stopsEarly() throws Exception {
        String sql = "select key from kv where key > 'user:010' limit 2";
        String p = plan(conn, sql);
        assertTrue(p.contains("fetch=[2]"), p);
        assertEquals(users(11, 12), query(conn, sql));
    }

    @Test
    void plan_limitWithoutOrderOverFullScan_orderedReadAtEverySize() throws Exception {
        // The lean path and the driver's text front door plan these as ordered reads without costs, so Volcano must
        // choose the ordered read whatever the table's size (it costs half a row per row read, at most the fetch,
        // against every row of the unordered scan), with literal and ? row counts, under a projection or not.
        String[] statements = {"select key from kv limit 2", "select * from kv limit 3 offset 1",
            "select key, value from kv offset 2", "select k1_0.key, k1_0.value from kv k1_0 offset ? rows fetch first ? rows only",
            "select \"kv\".\"key\" from \"kvstore\".\"kv\" limit ?", "select key || '!' from kv limit ?"};
        for (int size : new int[] {0, 1, 2, 5, 40, 1000}) {
            try (KvStore fresh = KvStore.inMemory()) {
                for (int i = 0; i < size; i++) {
                    fresh.put(KvTestSupport.utf8("k" + (i * 7919 % 1000)), KvTestSupport.utf8("v"));
                }
                CalciteConnection c = KvTestSupport.connect(fresh);
                try (c) {
                    for (String sql : statements) {
                        String p;
                        try (PreparedStatement ps = c.prepareStatement("explain plan for " + sql)) {
                            p = String.join("\n", query(ps, sql.contains("?") ? sql.contains("offset ?")
                                    ? new Object[] {1, 2} : new Object[] {2} : new Object[0]));
                        }
                        assertTrue(p.contains("order=[ASC]") && !p.contains("EnumerableLimit"), size + " rows: " + sql + "\n" + p);
                    }
                }
            }
        }
    }

    @Test
    void count_overRange_aggregateScan() throws Exception {
        String sql = "select count(*) from kv where key between ? and ?";
        String p = plan(conn, sql);
        assertTrue(p.contains("KvAggregateScan(table=[[kvstore, kv]], range=[[?0, ?1]], aggregates=[[COUNT]])"), p);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(List.of("11"), query(ps, "user:010", "user:020"));
            assertEquals(List.of("0"), query(ps, "x", "a"));
        }
        assertTrue(plan(conn, "select count(*) from kv").contains("KvAggregateScan"));
        assertEquals(List.of("32"), query(conn, "select count(*) from kv"));
        assertEquals(List.of("10"), query(conn, "select count(key) from kv where key like 'user:01%'"));
    }

    @Test
    void minMax_ofKey_firstAndLast() throws Exception {
        String sql = "select min(key), max(key), count(*) from kv where key like 'user:%'";
        assertTrue(plan(conn, sql).contains("aggregates=[[MIN, MAX, COUNT]]"), plan(conn, sql));
        assertEquals(List.of("user:001,user:030,30"), query(conn, sql));
        assertEquals(List.of("null,null,0"), query(conn, "select min(key), max(key), count(*) from kv where key > 'zz'"));
        assertEquals(List.of("admin"), query(conn, "select min(key) from kv"));
    }

    @Test
    void aggregateOfValue_notPushed() throws Exception {
        String p = plan(conn, "select max(value) from kv where key > 'user:028'");
        assertFalse(p.contains("KvAggregateScan"), p);
        assertTrue(p.contains("range="), p);
        assertEquals(List.of("v30"), query(conn, "select max(value) from kv where key > 'user:028'"));
    }

    @Test
    void orderByValue_sortedByCalcite() throws Exception {
        String p = plan(conn, "select key from kv where key > 'user:027' order by value desc");
        assertTrue(p.contains("EnumerableSort"), p);
        assertEquals(List.of("user:030", "user:029", "user:028", "zeta"),
                query(conn, "select key from kv where key > 'user:027' order by value desc"));
    }

    @Test
    void negativeLimitParameter_clearError() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("select key from kv order by key limit ?")) {
            ps.setInt(1, -1);
            assertThrows(SQLException.class, ps::executeQuery);
        }
    }

    /** Non-ASCII keys: the order is UTF-8 byte order, which is code point order. */
    @Test
    void orderByKey_nonAscii_codePointOrder() throws Exception {
        store.put(KvTestSupport.utf8("\u00e9t\u00e9"), KvTestSupport.utf8("e"));
        store.put(KvTestSupport.utf8("\u4e2d"), KvTestSupport.utf8("c"));
        store.put(KvTestSupport.utf8("zz"), KvTestSupport.utf8("z"));
        assertEquals(List.of("zz", "\u00e9t\u00e9", "\u4e2d"),
                query(conn, "select key from kv where key > 'zeta' order by key"));
    }

    /** Inside a transaction: own writes are merged, and a phantom insert into the read range conflicts. */
    @Test
    void rangeInTransaction_ownWritesAndPhantomConflict() throws Exception {
        KvTestSupport.TxSession session = new KvTestSupport.TxSession(store);
        try (CalciteConnection c = KvCalcite.connect(session, null)) {
            session.tx = store.begin();
            session.tx.put(KvTestSupport.utf8("user:0105"), KvTestSupport.utf8("own"));
            assertEquals(List.of("user:010", "user:0105", "user:011"),
                    query(c, "select key from kv where key between 'user:010' and 'user:011' order by key"));
            assertEquals(List.of("3"), query(c, "select count(*) from kv where key between 'user:010' and 'user:011'"));
            session.tx.put(KvTestSupport.utf8("report"), KvTestSupport.utf8("3"));
            store.put(KvTestSupport.utf8("user:0101"), KvTestSupport.utf8("phantom"));
            assertThrows(KvConflictException.class, session.tx::commit);
        }
    }
}
