package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC workloads, each on a store of one {@link JdbcSystem} in one directory. Every method opens its own
 * connections (one per thread), runs for a bounded time, and returns a rate; none of them catches failures.
 * Rows are {@link Data}'s 16-character keys {@code k000000000000000..} and 100-byte values.
 *
 * <p>Thread-safety: one instance per store; its methods are called one at a time.
 */
final class JdbcWorkloads {
    static final String INSERT = "INSERT INTO kv(key, value) VALUES (?, ?)";
    static final String SELECT = "SELECT value FROM kv WHERE key = ?";
    static final String SCAN = "SELECT key, value FROM kv";
    /** Rows per commit in {@link #load}. */
    static final int BATCH = 5_000;
    private static final int VALUE_POOL = 4096;

    /** Opens a connection to the store under test. */
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final int rows;
    private final long warmupMillis;
    private final long measureMillis;
    private final byte[][] values = new byte[VALUE_POOL][];
    /** Next index for keys inserted by {@link #insert}, shared by its threads and runs. */
    private final AtomicLong nextInsert = new AtomicLong();

    JdbcWorkloads(Connector connector, int rows, long warmupMillis, long measureMillis) {
        this.connector = connector;
        this.rows = rows;
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
        for (int i = 0; i < VALUE_POOL; i++) {
            values[i] = Data.value(i);
        }
    }

    /** Inserts {@code rows} rows through PreparedStatement batches, committing every {@value #BATCH}; rows/s. */
    double load() throws SQLException {
        try (Connection c = connector.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, Data.keyString(i));
                    ps.setBytes(2, values[i % VALUE_POOL]);
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                return rows / ((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** Prepared point selects of random loaded keys on {@code threads} connections; ops/s. */
    TimedLoop.Result preparedSelect(int threads) throws InterruptedException {
        return TimedLoop.run(threads, index -> {
            Connection c = connector.open();
            PreparedStatement ps = c.prepareStatement(SELECT);
            Random r = new Random(index);
            return new TimedLoop.Worker() {
                @Override
                public void step() throws SQLException {
                    ps.setString(1, Data.keyString(r.next(rows)));
                    try (ResultSet rs = ps.executeQuery()) {
                        expectValue(rs);
                    }
                }

                @Override
                public void close() throws SQLException {
                    ps.close();
                    c.close();
                }
            };
        }, warmupMillis, measureMillis);
    }

    /** Statement point selects with the key as a literal in the SQL text (parsed every time), 1 thread; ops/s. */
    TimedLoop.Result adhocSelect() throws InterruptedException {
        return TimedLoop.run(1, index -> {
            Connection c = connector.open();
            Statement s = c.createStatement();
            Random r = new Random(index + 100);
            return new TimedLoop.Worker() {
                @Override
                public void step() throws SQLException {
                    String sql = "SELECT value FROM kv WHERE key = '" + Data.keyString(r.next(rows)) + "'";
                    try (ResultSet rs = s.executeQuery(sql)) {
                        expectValue(rs);
                    }
                }

                @Override
                public void close() throws SQLException {
                    s.close();
                    c.close();
                }
            };
        }, warmupMillis, measureMillis);
    }

    /**
     * Full scans reading every key and value: scans for the warm-up time (at least one), then for the measured
     * time (at least one); rows/s over the measured scans.
     *
     * @throws IllegalStateException a scan returned a number of rows other than {@code rows}
     */
    double fullScan() throws SQLException {
        try (Connection c = connector.open(); Statement s = c.createStatement()) {
            long end = System.nanoTime() + warmupMillis * 1_000_000;
            do {
                scanOnce(s);
            } while (System.nanoTime() < end);
            long t0 = System.nanoTime();
            end = t0 + measureMillis * 1_000_000;
            long total = 0;
            do {
                total += scanOnce(s);
            } while (System.nanoTime() < end);
            return total / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private long scanOnce(Statement s) throws SQLException {
        long n = 0;
        long bytes = 0;
        try (ResultSet rs = s.executeQuery(SCAN)) {
            while (rs.next()) {
                bytes += rs.getString(1).length() + rs.getBytes(2).length;
                n++;
            }
        }
        if (n != rows || bytes != (long) rows * (Data.KEY_BYTES + Data.VALUE_BYTES)) {
            throw new IllegalStateException("full scan returned " + n + " rows of " + bytes
                    + " bytes; expected " + rows + " rows");
        }
        return n;
    }

    /** Single-row inserts of new keys with auto-commit on, one connection per thread; commits/s. */
    TimedLoop.Result insert(int threads) throws InterruptedException {
        return insert(threads, null);
    }

    /** {@link #insert(int)}, calling {@code window} when the measured period starts and when it ends. */
    TimedLoop.Result insert(int threads, Runnable window) throws InterruptedException {
        return TimedLoop.run(threads, index -> {
            Connection c = connector.open();
            c.setAutoCommit(true);
            PreparedStatement ps = c.prepareStatement(INSERT);
            return new TimedLoop.Worker() {
                @Override
                public void step() throws SQLException {
                    long i = nextInsert.getAndIncrement();
                    ps.setString(1, Data.keyString('i', i));
                    ps.setBytes(2, values[(int) (i % VALUE_POOL)]);
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("insert reported an update count other than 1");
                    }
                }

                @Override
                public void close() throws SQLException {
                    ps.close();
                    c.close();
                }
            };
        }, warmupMillis, measureMillis, window);
    }

    private static void expectValue(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            throw new IllegalStateException("point select found no row for a loaded key");
        }
        byte[] v = rs.getBytes(1);
        if (v == null || v.length != Data.VALUE_BYTES) {
            throw new IllegalStateException("point select returned a value of "
                    + (v == null ? "null" : v.length + " bytes"));
        }
    }

    /** Xorshift stream of indexes; one per thread. */
    private static final class Random {
        private long x;

        Random(long seed) {
            x = (seed + 1) * 0x9E3779B97F4A7C15L | 1;
        }

        long next(long bound) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return (x >>> 1) % bound;
        }
    }
}
