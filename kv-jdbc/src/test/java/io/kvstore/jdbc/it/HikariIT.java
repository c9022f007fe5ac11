package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HikariCP 6 over the driver, in both configuration styles, and under concurrent transactions. */
class HikariIT {
    private static final int ACCOUNTS = 10;
    private static final int INITIAL_BALANCE = 100;
    private static final int THREADS = 8;
    private static final int TRANSFERS_PER_THREAD = 15;
    private static final int MAX_ATTEMPTS = 500;

    private static HikariConfig config(String name, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(60_000);
        return config;
    }

    private static String url(String name) throws Exception {
        return "jdbc:kvstore:" + ItPaths.freshDir(name).resolve("store");
    }

    private static void roundTrip(HikariDataSource ds) throws SQLException {
        byte[] value = {0, 1, 2, (byte) 0xff};
        try (Connection c = ds.getConnection()) {
            assertTrue(c.isValid(1));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                insert.setString(1, "k1");
                insert.setBytes(2, value);
                assertEquals(1, insert.executeUpdate());
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        try (Connection c = ds.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            select.setString(1, "k1");
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(value, rs.getBytes(1));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void jdbcUrl_pool_insertsAndReads() throws Exception {
        HikariConfig config = config("kv-jdbcurl", 2);
        config.setJdbcUrl(url("hikari-url"));
        try (HikariDataSource ds = new HikariDataSource(config)) {
            roundTrip(ds);
        }
    }

    @Test
    void dataSourceClassName_pool_insertsAndReads() throws Exception {
        HikariConfig config = config("kv-datasource", 2);
        config.setDataSourceClassName("io.kvstore.jdbc.KvDataSource");
        config.addDataSourceProperty("url", url("hikari-ds"));
        try (HikariDataSource ds = new HikariDataSource(config)) {
            roundTrip(ds);
        }
    }

    @Test
    void bankTransfers_eightThreadsRetryingOn40001_keepTotal() throws Exception {
        HikariConfig config = config("kv-bank", THREADS);
        config.setJdbcUrl(url("hikari-bank"));
        config.setAutoCommit(false);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    insert.setString(1, account(i));
                    insert.setBytes(2, amount(INITIAL_BALANCE));
                    insert.executeUpdate();
                }
                c.commit();
            }
            AtomicInteger retries = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                results.add(pool.submit(() -> transfers(ds, new Random(seed), retries)));
            }
            pool.shutdown();
            int done = 0;
            for (Future<Integer> f : results) {
                done += f.get(10, TimeUnit.MINUTES);
            }
            assertEquals(THREADS * TRANSFERS_PER_THREAD, done);
            assertEquals(ACCOUNTS * INITIAL_BALANCE, total(ds), "money was created or lost; retries=" + retries);
            System.out.println("[HikariIT] transfers=" + done + " retriedOn40001=" + retries);
        }
    }

    /** Runs this thread's transfers, each retried on a serialization failure; returns how many committed. */
    private static int transfers(HikariDataSource ds, Random random, AtomicInteger retries) throws SQLException {
        int committed = 0;
        for (int n = 0; n < TRANSFERS_PER_THREAD; n++) {
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            int sum = 1 + random.nextInt(10);
            for (int attempt = 1; ; attempt++) {
                try (Connection c = ds.getConnection()) {
                    try {
                        int a = balance(c, from);
                        int b = balance(c, to);
                        setBalance(c, from, a - sum);
                        setBalance(c, to, b + sum);
                        c.commit();
                        committed++;
                        break;
                    } catch (SQLException e) {
                        c.rollback();
                        if (!"40001".equals(e.getSQLState()) || attempt >= MAX_ATTEMPTS) {
                            throw e;
                        }
                        retries.incrementAndGet();
                    }
                }
            }
        }
        return committed;
    }

    private static int balance(Connection c, int account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            s.setString(1, account(account));
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "missing " + account(account));
                return Integer.parseInt(new String(rs.getBytes(1), StandardCharsets.UTF_8));
            }
        }
    }

    private static void setBalance(Connection c, int account, int value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?")) {
            s.setBytes(1, amount(value));
            s.setString(2, account(account));
            assertEquals(1, s.executeUpdate());
        }
    }

    private static int total(HikariDataSource ds) throws SQLException {
        int total = 0;
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < ACCOUNTS; i++) {
                total += balance(c, i);
            }
            c.rollback();
        }
        return total;
    }

    private static String account(int i) {
        return "acct-" + i;
    }

    private static byte[] amount(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
    }
}
