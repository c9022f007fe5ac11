package io.kvstore.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lean path's plans: the adapter's pushdowns happen (lookups, ranges, ordered reads, count into the scan) in a
 * logical plan without Enumerable nodes, and what it does not take (syntax and validation errors, other tables,
 * views, MERGE, joins and set operations, a LIMIT without ORDER BY over a filtered full scan) comes back as null
 * rather than an error.
 */
class KvLeanPlannerTest {
    private KvStore store;
    private KvLeanPlanner planner;

    @BeforeEach
    void open() {
        store = KvStore.inMemory();
        planner = new KvLeanPlanner(KvSession.autoCommit(store));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String plan(String sql) {
        RelRoot root = planner.plan(sql);
        assertNotNull(root, sql);
        String plan = RelOptUtil.toString(root.rel);
        assertTrue(!plan.contains("Enumerable"), plan);
        return plan;
    }

    @Test
    void plan_keyInList_lookupUnderLogicalCalc() {
        String p = plan("SELECT key, CHAR_LENGTH(key) FROM kv WHERE key IN ('a', 'b')");
        assertTrue(p.startsWith("LogicalCalc("), p);
        assertTrue(p.contains("KvTableScan(table=[[kvstore, kv]], lookup=[['a', 'b']])"), p);
    }

    @Test
    void plan_aliasedQualifiedParameter_lookup() {
        String p = plan("select k1_0.key,k1_0.value from kv k1_0 where k1_0.key=?");
        assertEquals("KvTableScan(table=[[kvstore, kv]], lookup=[[?0]])", p.trim());
    }

    @Test
    void plan_orderByKeyDescLimit_orderedRead() {
        String p = plan("SELECT key, value FROM kv ORDER BY key DESC LIMIT 2");
        assertEquals("KvTableScan(table=[[kvstore, kv]], order=[DESC], fetch=[2])", p.trim());
    }

    @Test
    void plan_orderByKeyOfProjection_orderedReadUnderCalc() {
        String p = plan("SELECT value FROM kv ORDER BY key");
        assertTrue(p.contains("KvTableScan(table=[[kvstore, kv]], order=[ASC])"), p);
    }

    @Test
    void plan_rangeAndCount_pushedIntoScan() {
        assertTrue(plan("select value from kv where key > 'a'").contains("range=[('a', +inf)]"));
        assertTrue(plan("SELECT count(*) FROM kv").contains("KvAggregateScan"));
    }

    @Test
    void plan_limitWithoutOrderOverFullScan_orderedReadAsVolcanoChooses() {
        String p = plan("SELECT key FROM kv LIMIT 2");
        assertTrue(p.contains("order=[ASC]") && p.contains("fetch=[2]") && !p.contains("LogicalSort"), p);
        p = plan("SELECT key || '!' FROM kv OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        assertTrue(p.contains("order=[ASC]") && p.contains("offset=[?0]") && !p.contains("LogicalSort"), p);
    }

    @Test
    void plan_limitWithoutOrderOverRange_pushedIntoRangeRead() {
        assertTrue(plan("SELECT key FROM kv WHERE key > 'a' LIMIT 2").contains("fetch=[2]"));
    }

    @Test
    void plan_writes_logicalModifyOverValuesOrLookup() {
        String insert = plan("INSERT INTO kv VALUES (?, ?)");
        assertTrue(insert.contains("TableModify") && insert.contains("LogicalValues"), insert);
        String update = plan("UPDATE kv SET value = ? WHERE key = ?");
        assertTrue(update.contains("operation=[UPDATE]") && update.contains("lookup=[[?1]]"), update);
        assertEquals(SqlKind.DELETE, planner.plan("DELETE FROM kv WHERE key = 'a'").kind);
    }

    @Test
    void plan_grouping_keptForTheRecognizerToDecide() {
        assertTrue(plan("SELECT key, count(*) FROM kv GROUP BY key").contains("LogicalAggregate"));
        assertTrue(plan("SELECT * FROM (SELECT key AS k FROM kv) t WHERE t.k = 'a'").contains("KvTableScan"));
    }

    @Test
    void plan_notForTheLeanPath_null() {
        for (String sql : new String[] {"SELEC key FROM kv", "SELECT nokey FROM kv", "SELECT * FROM nosuch",
                "SELECT key FROM kv WHERE key = 1", "SELECT key FROM kv_text", "SELECT * FROM kv_stats",
                "SELECT key FROM kv_meta WHERE key = 'a'",
                "MERGE INTO kv t USING (VALUES ('a', x'01')) s(k, v) ON t.key = s.k WHEN MATCHED THEN UPDATE SET"
                        + " value = s.v", "EXPLAIN PLAN FOR SELECT * FROM kv",
                "SELECT a.key FROM kv a JOIN kv_meta m ON a.key = m.key",
                "SELECT a.key FROM kv a JOIN kv b ON a.key = b.key", "SELECT a.key FROM kv a, kv b WHERE a.key = b.key",
                "SELECT key FROM kv UNION SELECT key FROM kv", "SELECT key FROM kv WHERE key = 'a' EXCEPT SELECT 'b'",
                "SELECT key FROM kv WHERE TEXT(value) LIKE 'x%' LIMIT 2",
                "SELECT * FROM kv WHERE key <> 'a' LIMIT 3 OFFSET 1"}) {
            assertNull(planner.plan(sql), sql);
        }
    }
}
