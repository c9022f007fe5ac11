package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.plan;
import static io.kvstore.calcite.KvTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.PreparedStatement;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.runtime.Hook;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key-lookup pushdown: each shape checked on the plan first, then on the rows. */
class KvTableScanTest {
    private KvStore store;
    private CalciteConnection conn;

    @BeforeEach
    void open() throws Exception {
        store = KvTestSupport.storeWith("a", "va", "b", "vb", "c", "vc", "ab", "vab", "x'y", "quote");
        conn = KvTestSupport.connect(store);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    private static void assertLookup(String plan, String keys) {
        assertTrue(plan.contains("KvTableScan(table=[[kvstore, kv]], lookup=[[" + keys + "]])"), plan);
        assertFalse(plan.contains("$condition"), "the filter must be consumed: " + plan);
    }

    @Test
    void select_keyEqualsLiteral_looksUpKey() throws Exception {
        String sql = "select value from kv where key = 'a'";
        assertLookup(plan(conn, sql), "'a'");
        assertEquals(List.of("va"), query(conn, sql));
    }

    @Test
    void select_upperCaseNames_resolveToSameTable() throws Exception {
        String sql = "SELECT VALUE FROM KV WHERE KEY = 'b'";
        assertLookup(plan(conn, sql), "'b'");
        assertEquals(List.of("vb"), query(conn, sql));
    }

    @Test
    void select_quotedAndQualifiedNames_resolve() throws Exception {
        assertEquals(List.of("vc"), query(conn, "select \"value\" from \"kv\" where \"key\" = 'c'"));
        assertEquals(List.of("vc"), query(conn, "select \"VALUE\" from kvstore.\"KV\" where \"Key\" = 'c'"));
        assertEquals(List.of("c,vc"), query(conn, "select * from kvstore.kv where key = 'c'"));
    }

    @Test
    void select_literalWithQuote_looksUpExactKey() throws Exception {
        String sql = "select value from kv where key = 'x''y'";
        assertLookup(plan(conn, sql), "'x''y'");
        assertEquals(List.of("quote"), query(conn, sql));
    }

    @Test
    void select_missingKey_returnsNoRow() throws Exception {
        assertEquals(List.of(), query(conn, "select value from kv where key = 'zz'"));
    }

    @Test
    void select_keyEqualsParameter_looksUpAtExecution() throws Exception {
        String sql = "select value from kv where key = ?";
        assertLookup(plan(conn, sql), "?0");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(List.of("va"), query(ps, "a"));
            assertEquals(List.of("vb"), query(ps, "b"));
            assertEquals(List.of(), query(ps, "nope"));
        }
    }

    @Test
    void execute_preparedLookup_doesNotParseOrPlanAgain() throws Exception {
        AtomicInteger parses = new AtomicInteger();
        try (PreparedStatement ps = conn.prepareStatement("select value from kv where key = ?");
             Hook.Closeable h = Hook.PARSE_TREE.addThread((java.util.function.Consumer<Object>) x -> parses.incrementAndGet())) {
            for (int i = 0; i < 5; i++) {
                assertEquals(List.of("vc"), query(ps, "c"));
            }
            assertEquals(0, parses.get());
            query(conn, "select value from kv where key = 'c'");
            assertEquals(1, parses.get(), "the hook must see an ad-hoc statement being parsed");
        }
    }

    @Test
    void select_inLiterals_looksUpEachKeyOnce() throws Exception {
        String sql = "select key from kv where key in ('a', 'c', 'zz', 'a')";
        assertLookup(plan(conn, sql), "'a', 'c', 'zz'");
        assertEquals(List.of("a", "c"), query(conn, sql).stream().sorted().toList());
    }

    @Test
    void select_inParameters_looksUpEachParameter() throws Exception {
        String sql = "select key from kv where key in (?, ?)";
        assertLookup(plan(conn, sql), "?0, ?1");
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(List.of("a", "b"), query(ps, "a", "b").stream().sorted().toList());
            assertEquals(List.of("c"), query(ps, "c", "c"));
        }
    }

    @Test
    void select_orOfEqualities_looksUpBoth() throws Exception {
        String sql = "select key from kv where key = 'b' or key = ? or 'ab' = key";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("lookup=[["), plan);
        assertFalse(plan.contains("$condition"), plan);
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            assertEquals(List.of("a", "ab", "b"), query(ps, "a").stream().sorted().toList());
        }
    }

    @Test
    void select_keyAndValuePredicate_looksUpThenFilters() throws Exception {
        String sql = "select key from kv where key in ('a', 'b') and text(value) = 'vb'";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("lookup=[['a', 'b']]"), plan);
        assertEquals(List.of("b"), query(conn, sql));
    }

    @Test
    void select_range_readsOrderedIndex() throws Exception {
        String sql = "select key from kv where key > 'a' and key < 'c' order by key";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("KvTableScan(table=[[kvstore, kv]], range=[('a', 'c')], order=[ASC])"), plan);
        assertFalse(plan.contains("lookup"), plan);
        assertFalse(plan.contains("EnumerableSort"), plan);
        assertEquals(List.of("ab", "b"), query(conn, sql));
        assertEquals(List.of("a", "ab"), query(conn, "select key from kv where key like 'a%' order by key"));
        assertEquals(List.of("a", "ab", "b"),
                query(conn, "select key from kv where key between 'a' and 'b' order by key"));
    }

    @Test
    void select_countAndLimit_areCorrect() throws Exception {
        assertEquals(List.of("5"), query(conn, "select count(*) from kv"));
        assertEquals(List.of("a", "ab"), query(conn, "select key from kv order by key limit 2"));
        assertEquals(List.of("1"), query(conn, "select count(*) from kv where key = 'a'"));
    }

    @Test
    void select_selfJoinOnKey_matchesEveryRowOnce() throws Exception {
        assertEquals(List.of("5"),
                query(conn, "select count(*) from kv a join kv b on a.key = b.key"));
        assertEquals(List.of("a,va"),
                query(conn, "select b.key, text(b.value) from kv a join kv b on b.key = a.key where a.key = 'a'"));
    }

    @Test
    void select_selfJoinOnLargerTable_usesLookupJoin() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.put(KvTestSupport.utf8("filler" + i), KvTestSupport.utf8("f"));
        }
        conn.close();
        conn = KvTestSupport.connect(store);
        String sql = "select a.key, text(b.value) from kv a join kv b on a.key = b.key where a.key in ('a', 'ab')";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("KvLookupJoin"), plan);
        assertEquals(List.of("a,va", "ab,vab"), query(conn, sql).stream().sorted().toList());
        assertEquals(List.of("b,vb,null"), query(conn,
                "select a.key, text(a.value), b.key from kv a left join kv b on b.key = a.key || 'zz'"
                        + " where a.key = 'b'"));
    }

    @Test
    void select_inSubquery_returnsMatchingRows() throws Exception {
        String sql = "select key from kv where key in (select key from kv where key like 'a%')";
        assertEquals(List.of("a", "ab"), query(conn, sql).stream().sorted().toList());
    }

    @Test
    void select_longInList_usesLookupJoinNotScan() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.put(KvTestSupport.utf8("filler" + i), KvTestSupport.utf8("f"));
        }
        conn.close();
        conn = KvTestSupport.connect(store); // fresh statistics: the table is now larger than the list
        StringBuilder in = new StringBuilder("'a', 'c'");
        for (int i = 0; i < 30; i++) {
            in.append(", 'n").append(i).append('\'');
        }
        String sql = "select key from kv where key in (" + in + ")";
        String plan = plan(conn, sql);
        assertTrue(plan.contains("KvLookupJoin"), plan);
        assertFalse(plan.contains("KvTableScan"), plan);
        assertEquals(List.of("a", "c"), query(conn, sql).stream().sorted().toList());
    }

    @Test
    void select_keyComparedToNull_returnsNothing() throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("select key from kv where key = ?")) {
            ps.setNull(1, java.sql.Types.VARCHAR);
            assertEquals(List.of(), KvTestSupport.rows(ps.executeQuery()));
        }
    }
}
