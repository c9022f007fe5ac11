package io.kvstore.jdbc.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bank transfers through a HikariCP pool: 10 writer threads move money between 20 accounts in explicit
 * transactions (read both balances, write both, and insert a ledger row), retrying when the commit fails with
 * SQLState 40001; 2 reader threads read every balance inside a transaction. The total never changes, a reader
 * whose transaction commits never saw a half-applied transfer, no other SQLState appears, and after the pool is
 * closed and the store reopened (recovery) the balances, the total and the ledger count agree with what was
 * committed.
 */
class BankTransferIT {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);
    private static final int ACCOUNTS = 20;
    private static final long INITIAL = 1000;
    private static final int WRITERS = 10;
    private static final int TRANSFERS_PER_WRITER = 40;
    private static final int READERS = 2;

    @TempDir
    Path tmp;

    @Test
    void transfers_concurrentPoolWithConflicts_totalKeptAndCountsAgreeAfterReopen() throws Exception {
        String url = "jdbc:kvstore:" + tmp.resolve("bank");
        AtomicLong retries = new AtomicLong();
        AtomicLong committed = new AtomicLong();
        AtomicLong readerCommits = new AtomicLong();
        AtomicLong readerConflicts = new AtomicLong();
        AtomicLong partialViewsRejected = new AtomicLong();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(WRITERS + READERS + 2);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(30_000);
        long[] before;
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    ps.setString(1, account(i));
                    ps.setBytes(2, Long.toString(INITIAL).getBytes(UTF_8));
                    ps.executeUpdate();
                }
            }
            ExecutorService ex = Executors.newFixedThreadPool(WRITERS + READERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(ex.submit(() -> {
                    Random r = new Random(SEED + id);
                    for (int n = 0; n < TRANSFERS_PER_WRITER; n++) {
                        int a = r.nextInt(ACCOUNTS);
                        int b = (a + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        long amount = 1 + r.nextInt(50);
                        transferWithRetry(pool, a, b, amount, "t" + id + "-" + n, retries, problems);
                        committed.incrementAndGet();
                        Thread.sleep(3); // pacing, so that readers' transactions can also commit meanwhile
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            for (int rd = 0; rd < READERS; rd++) {
                boolean scan = rd % 2 == 0;
                readers.add(ex.submit(() -> {
                    do {
                        readAll(pool, scan, readerCommits, readerConflicts, partialViewsRejected, problems);
                        Thread.sleep(2);
                    } while (writing.get());
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(240, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(240, TimeUnit.SECONDS);
            }
            ex.shutdown();
            assertTrue(problems.isEmpty(), () -> "problems: " + problems);
            before = balances(pool.getConnection(), true);
        }
        assertEquals(ACCOUNTS * INITIAL, sum(before), "total after the transfers");
        long ledger;
        try (Connection c = DriverManager.getConnection(url)) { // the pool closed the store: this reopens it
            long[] after = balances(c, false);
            assertEquals(sum(before), sum(after), "total after reopen");
            for (int i = 0; i < ACCOUNTS; i++) {
                assertEquals(before[i], after[i], "balance of " + account(i) + " after reopen");
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM kv WHERE key LIKE 'ledger-%'")) {
                rs.next();
                ledger = rs.getLong(1);
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
                rs.next();
                assertEquals(ACCOUNTS + ledger, rs.getLong(1), "row count after reopen");
            }
        }
        assertEquals(committed.get(), ledger, "one ledger row per committed transfer, after reopen");
        assertEquals((long) WRITERS * TRANSFERS_PER_WRITER, committed.get());
        System.out.printf("[reliability] BankTransferIT: seed=%d poolSize=%d writers=%d readers=%d transfers=%d"
                        + " retriesOn40001=%d readerTransactionsCommitted=%d readerConflicts40001=%d"
                        + " partialViewsRejectedAtCommit=%d total=%d%n", SEED,
                WRITERS + READERS + 2, WRITERS, READERS, committed.get(), retries.get(), readerCommits.get(),
                readerConflicts.get(), partialViewsRejected.get(), sum(before));
    }

    private static void transferWithRetry(HikariDataSource pool, int a, int b, long amount, String ledgerKey,
                                          AtomicLong retries, ConcurrentLinkedQueue<String> problems)
            throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long ba = balance(c, a);
                    long bb = balance(c, b);
                    set(c, a, ba - amount);
                    set(c, b, bb + amount);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                        ps.setString(1, "ledger-" + ledgerKey);
                        ps.setBytes(2, (account(a) + ">" + account(b) + ":" + amount).getBytes(UTF_8));
                        ps.executeUpdate();
                    }
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (!"40001".equals(e.getSQLState())) {
                        problems.add("transfer failed with " + e.getSQLState() + ": " + e.getMessage());
                        throw e;
                    }
                    retries.incrementAndGet();
                    if (attempt > 10_000) {
                        throw new AssertionError("transfer " + ledgerKey + " never succeeded", e);
                    }
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /**
     * One read-only transaction over every balance: by one scan ({@code scan}) or by point reads. If it commits,
     * what it saw must add up to the total.
     */
    private static void readAll(HikariDataSource pool, boolean scan, AtomicLong commits, AtomicLong conflicts,
                                AtomicLong partialViewsRejected, ConcurrentLinkedQueue<String> problems)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            long[] seen = new long[ACCOUNTS];
            try {
                if (scan) {
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT key, value FROM kv WHERE key LIKE 'acct-%'")) {
                        while (rs.next()) {
                            seen[Integer.parseInt(rs.getString(1).substring(5))] =
                                    Long.parseLong(new String(rs.getBytes(2), UTF_8));
                        }
                    }
                } else {
                    for (int i = 0; i < ACCOUNTS; i++) {
                        seen[i] = balance(c, i);
                    }
                }
                c.commit();
                commits.incrementAndGet();
                if (sum(seen) != ACCOUNTS * INITIAL) {
                    problems.add("a committed read-only transaction saw a total of " + sum(seen));
                }
            } catch (SQLException e) {
                c.rollback();
                if (!"40001".equals(e.getSQLState())) {
                    problems.add("reader failed with " + e.getSQLState() + ": " + e.getMessage());
                    throw e;
                }
                conflicts.incrementAndGet();
                if (sum(seen) != ACCOUNTS * INITIAL) {
                    partialViewsRejected.incrementAndGet(); // a torn view, and the commit refused it
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String account(int i) {
        return "acct-" + i;
    }

    private static long balance(Connection c, int i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            ps.setString(1, account(i));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("account " + account(i) + " missing");
                }
                return Long.parseLong(new String(rs.getBytes(1), UTF_8));
            }
        }
    }

    private static void set(Connection c, int i, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?")) {
            ps.setBytes(1, Long.toString(value).getBytes(UTF_8));
            ps.setString(2, account(i));
            assertEquals(1, ps.executeUpdate(), "update of " + account(i));
        }
    }

    private static long[] balances(Connection c, boolean close) throws SQLException {
        try {
            long[] b = new long[ACCOUNTS];
            for (int i = 0; i < ACCOUNTS; i++) {
                b[i] = balance(c, i);
            }
            return b;
        } finally {
            if (close) {
                c.close();
            }
        }
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
