package io.kvstore.calcite;

import static io.kvstore.calcite.KvTestSupport.causeOf;
import static io.kvstore.calcite.KvTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContexts;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streaming, early stop, cancellation and timeout of reads. */
class KvEnumeratorTest {
    private static final int ROWS = 5_000;
    private KvStore store;
    private CalciteConnection conn;
    private KvTable table;

    @BeforeEach
    void open() throws Exception {
        store = KvStore.inMemory();
        for (int i = 0; i < ROWS; i++) {
            store.put(utf8("k" + i), utf8("v" + i));
        }
        conn = KvTestSupport.connect(store);
        table = KvTestSupport.table(conn);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        store.close();
    }

    @Test
    void scan_firstRow_readsOnlyWhatWasFetched() throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("select * from kv")) {
            long before = table.entriesRead().sum();
            assertTrue(rs.next());
            long read = table.entriesRead().sum() - before;
            assertTrue(read >= 1 && read < ROWS / 10, "entries read for one row: " + read);
            int n = 1;
            while (rs.next()) {
                n++;
            }
            assertEquals(ROWS, n);
        }
    }

    @Test
    void limit_stopsEarly() throws Exception {
        long before = table.entriesRead().sum();
        assertEquals(5, KvTestSupport.query(conn, "select key from kv limit 5").size());
        long read = table.entriesRead().sum() - before;
        assertTrue(read <= 10, "entries read for LIMIT 5: " + read);
    }

    @Test
    void lookup_readsOnlyItsKeys() throws Exception {
        long before = table.entriesRead().sum();
        assertEquals(List.of("v7"), KvTestSupport.query(conn, "select text(value) from kv where key = 'k7'"));
        assertEquals(1, table.entriesRead().sum() - before);
    }

    @Test
    void cancel_betweenRows_surfacesAsSqlException() throws Exception {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("select * from kv")) {
            assertTrue(rs.next());
            s.cancel();
            assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    // drain until the cancel is noticed
                }
            });
        }
    }

    @Test
    void cancel_duringLongAggregate_stopsTheScan() throws Exception {
        for (int i = ROWS; i < 200_000; i++) {
            store.put(utf8("k" + i), utf8("v" + i));
        }
        try (Statement s = conn.createStatement()) {
            long before = table.entriesRead().sum();
            java.util.concurrent.CompletableFuture<Object> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = s.executeQuery("select count(*) from kv where text(value) like '%none%'")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException e) {
                    return e;
                }
            });
            while (table.entriesRead().sum() - before < 1_000 && !run.isDone()) {
                Thread.onSpinWait();
            }
            s.cancel();
            Object outcome = run.get();
            assertTrue(outcome instanceof SQLException, "the query must fail, it returned " + outcome);
            StringBuilder chain = new StringBuilder();
            for (Throwable t = (Throwable) outcome; t != null; t = t.getCause()) {
                chain.append(" <- ").append(t);
            }
            assertNotNull(causeOf((SQLException) outcome, KvQueryAbortedException.class), chain.toString());
            assertTrue(table.entriesRead().sum() - before < 200_000, "the scan must stop early");
        }
    }

    @Test
    void enumerator_cancelFlagSet_throwsCanceled() {
        AtomicBoolean flag = new AtomicBoolean(false);
        Map<String, Object> vars = new HashMap<>();
        vars.put(DataContext.Variable.CANCEL_FLAG.camelName, flag);
        KvEnumerator e = new KvEnumerator(table, null, DataContexts.of(vars));
        assertTrue(e.moveNext());
        flag.set(true);
        KvQueryAbortedException x = assertThrows(KvQueryAbortedException.class, e::moveNext);
        assertEquals(KvQueryAbortedException.Reason.CANCELED, x.reason());
    }

    @Test
    void enumerator_deadlinePassed_throwsTimeout() {
        Map<String, Object> vars = new HashMap<>();
        vars.put(DataContext.Variable.UTC_TIMESTAMP.camelName, System.currentTimeMillis() - 10_000);
        vars.put(DataContext.Variable.TIMEOUT.camelName, 1_000L);
        KvEnumerator e = new KvEnumerator(table, null, DataContexts.of(vars));
        KvQueryAbortedException x = assertThrows(KvQueryAbortedException.class, e::moveNext);
        assertEquals(KvQueryAbortedException.Reason.TIMEOUT, x.reason());
    }

    @Test
    void queryTimeout_exceededDuringScan_failsTheStatement() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.setQueryTimeout(1);
            ResultSet rs = s.executeQuery("select * from kv");
            assertTrue(rs.next());
            Thread.sleep(1_200);
            Exception t = assertThrows(Exception.class, () -> {
                while (rs.next()) {
                    // the next clock check must fail
                }
            });
            KvQueryAbortedException x = causeOf(t, KvQueryAbortedException.class);
            assertNotNull(x, "cause chain: " + t);
            assertEquals(KvQueryAbortedException.Reason.TIMEOUT, x.reason());
        }
    }

    @Test
    void queryTimeout_notExceeded_returnsAllRows() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.setQueryTimeout(600);
            assertEquals(List.of(String.valueOf(ROWS)), KvTestSupport.rows(s.executeQuery("select count(*) from kv")));
        }
    }
}
