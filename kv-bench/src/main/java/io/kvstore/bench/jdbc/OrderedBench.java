package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ordered-key workloads ({@code --only ordered}): on each system, a table of {@code rows} keys
 * {@code user:%08d} with 100-byte values loaded by batches, then prepared range, prefix, ORDER BY, LIMIT and
 * aggregate queries, each timed per execution (median and best of up to {@code reps} executions after up to
 * {@code warmups} warm-up executions, each phase also bounded in time so that a peer's full scan does not run for
 * an hour; random start keys where the query takes one). For kvstore it also times opening the store from its snapshot (engine
 * API, median of 3) and reports the engine's memory figure. Prints a Markdown table; writes no docs.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class OrderedBench {
    /** The queries, by name; {@code ?} parameters are filled per {@link #bind}. */
    static final Map<String, String> QUERIES = new LinkedHashMap<>();
    /** The prefix query's prefix; its 100 keys exist from 123,500 rows on (smaller runs get fewer rows). */
    static final String PREFIX = "user:001234";

    static {
        QUERIES.put("keyset page: WHERE key >= ? ORDER BY key LIMIT 100",
                "SELECT key, value FROM kv WHERE key >= ? ORDER BY key LIMIT 100");
        QUERIES.put("prefix: WHERE key LIKE 'user:001234%' (100 rows)",
                "SELECT key, value FROM kv WHERE key LIKE '" + PREFIX + "%'");
        QUERIES.put("count(*) WHERE key BETWEEN ? AND ? (1,000 rows)",
                "SELECT count(*) FROM kv WHERE key BETWEEN ? AND ?");
        QUERIES.put("count(*) FROM kv", "SELECT count(*) FROM kv");
        QUERIES.put("grid page: WHERE key > ? LIMIT 100 (no ORDER BY)",
                "SELECT key, value FROM kv WHERE key > ? LIMIT 100");
        QUERIES.put("last page: ORDER BY key DESC LIMIT 100", "SELECT key, value FROM kv ORDER BY key DESC LIMIT 100");
        QUERIES.put("min(key), max(key)", "SELECT min(key), max(key) FROM kv");
    }

    /** Sizes and repetitions. */
    public record Settings(int rows, int warmups, int reps, List<JdbcSystem> systems) {
    }

    /** One system's figures: load rate, per query median and best ms, kvstore's open time and memory. */
    record Result(String system, double loadRowsPerSecond, Map<String, double[]> queryMillis, double openMillis,
                  double bytesPerEntry, String failure) {
    }

    private static final long WARMUP_BUDGET_NANOS = 5_000_000_000L;
    private static final long MEASURE_BUDGET_NANOS = 10_000_000_000L;
    private static final int MIN_REPS = 10;

    private final Settings settings;
    private final Path work;
    private final PrintStream out;

    public OrderedBench(Settings settings, Path work, PrintStream out) {
        this.settings = settings;
        this.work = work;
        this.out = out;
    }

    static String key(long i) {
        return String.format(Locale.ROOT, "user:%08d", i);
    }

    /** Runs every system and prints the table. */
    public void run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (JdbcSystem system : settings.systems()) {
            Path dir = work.resolve("ordered-" + system.name().toLowerCase(Locale.ROOT));
            Dirs.deleteRecursively(dir);
            Files.createDirectories(dir);
            try {
                results.add(runSystem(system, dir));
            } catch (Exception e) {
                results.add(new Result(system.name(), Double.NaN, Map.of(), Double.NaN, Double.NaN,
                        Failures.oneLine(e)));
            } finally {
                Dirs.deleteRecursively(dir);
            }
            out.println("[ordered] " + system.name() + " done");
        }
        out.print(table(results));
    }

    private Result runSystem(JdbcSystem system, Path dir) throws Exception {
        double load;
        Map<String, double[]> times = new LinkedHashMap<>();
        try (Connection c = system.connect(dir)) {
            system.createTable(c);
            load = load(c);
            out.printf(Locale.ROOT, "[ordered] %-8s load %,.0f rows/s%n", system.name(), load);
            for (Map.Entry<String, String> q : QUERIES.entrySet()) {
                double[] t = time(c, q.getValue());
                times.put(q.getKey(), t);
                out.printf(Locale.ROOT, "[ordered] %-8s %-55s median %.4f ms, best %.4f ms%n", system.name(),
                        q.getKey(), t[0], t[1]);
            }
        }
        double open = Double.NaN;
        double perEntry = Double.NaN;
        if (system == JdbcSystem.KVSTORE) {
            Path store = dir.resolve(system.storeName());
            try (KvStore s = KvStore.open(store, KvOptions.defaults())) {
                s.snapshot();
            }
            double[] opens = new double[3];
            for (int i = 0; i < opens.length; i++) {
                long t0 = System.nanoTime();
                try (KvStore s = KvStore.open(store, KvOptions.defaults())) {
                    opens[i] = (System.nanoTime() - t0) / 1e6;
                    if (i == 0) {
                        // the engine's own estimate, beyond the key and value bytes of each entry
                        long payload = (long) settings.rows() * (key(0).length() + Data.VALUE_BYTES);
                        perEntry = (double) (s.stats().memoryUsed() - payload) / settings.rows();
                    }
                }
            }
            Arrays.sort(opens);
            open = opens[1];
            out.printf(Locale.ROOT, "[ordered] kvstore open from snapshot %.0f ms (median of 3)%n", open);
        }
        return new Result(system.name(), load, times, open, perEntry, null);
    }

    private double load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(JdbcWorkloads.INSERT)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < settings.rows(); i++) {
                ps.setString(1, key(i));
                ps.setBytes(2, Data.value(i));
                ps.addBatch();
                if ((i + 1) % JdbcWorkloads.BATCH == 0 || i == settings.rows() - 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            double rate = settings.rows() / ((System.nanoTime() - t0) / 1e9);
            c.setAutoCommit(true);
            return rate;
        }
    }

    /** {median, best} ms per execution (reading every row), after warm-ups. */
    private double[] time(Connection c, String sql) throws SQLException {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] ms = new double[settings.reps()];
        int measured = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            long warmStart = System.nanoTime();
            long measureStart = 0;
            for (int i = -settings.warmups(); i < settings.reps(); i++) {
                // slow statements (a peer's full scan) get fewer executions: warm-ups stop after WARMUP_BUDGET and
                // measured ones after MEASURE_BUDGET (at least MIN_REPS of them)
                if (i < 0 && System.nanoTime() - warmStart > WARMUP_BUDGET_NANOS) {
                    i = -1;
                    continue;
                }
                if (i == 0) {
                    measureStart = System.nanoTime();
                } else if (i >= MIN_REPS && System.nanoTime() - measureStart > MEASURE_BUDGET_NANOS) {
                    break;
                }
                bind(ps, sql, rnd);
                long t0 = System.nanoTime();
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                        rows++;
                    }
                }
                long t = System.nanoTime() - t0;
                if (rows == 0 && !sql.contains("LIKE")) {
                    throw new IllegalStateException("no rows from " + sql);
                }
                if (i >= 0) {
                    ms[i] = t / 1e6;
                    measured = i + 1;
                }
            }
        }
        ms = Arrays.copyOf(ms, measured);
        Arrays.sort(ms);
        return new double[] {ms[ms.length / 2], ms[0]};
    }

    private void bind(PreparedStatement ps, String sql, SplittableRandom rnd) throws SQLException {
        int n = settings.rows();
        if (sql.contains("BETWEEN")) {
            int from = rnd.nextInt(Math.max(1, n - 1000));
            ps.setString(1, key(from));
            ps.setString(2, key(from + 999));
        } else if (sql.contains("?")) {
            ps.setString(1, key(rnd.nextInt(Math.max(1, n - 100))));
        }
    }

    private String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%,d keys user:%%08d, 100-byte values; per query median (best) ms of "
                + "%d executions after %d warm-ups%n%n", settings.rows(), settings.reps(), settings.warmups()));
        b.append("| query |");
        for (Result r : results) {
            b.append(' ').append(r.system()).append(" |");
        }
        b.append(" kvstore vs best peer (median) |\n|---|");
        b.append("---|".repeat(results.size() + 1)).append('\n');
        b.append("| batch load, rows/s |");
        for (Result r : results) {
            b.append(r.failure() != null ? " n/a (" + r.failure() + ") |"
                    : String.format(Locale.ROOT, " %,.0f |", r.loadRowsPerSecond()));
        }
        b.append(" |\n");
        for (String q : QUERIES.keySet()) {
            b.append("| ").append(q).append(" |");
            double kv = Double.NaN;
            double best = Double.NaN;
            for (Result r : results) {
                double[] t = r.queryMillis().get(q);
                if (t == null) {
                    b.append(" n/a |");
                    continue;
                }
                b.append(String.format(Locale.ROOT, " %.4f (%.4f) |", t[0], t[1]));
                if (r.system().equals(JdbcSystem.KVSTORE.name())) {
                    kv = t[0];
                } else if (Double.isNaN(best) || t[0] < best) {
                    best = t[0];
                }
            }
            b.append(Double.isNaN(kv) || Double.isNaN(best) ? " |"
                    : String.format(Locale.ROOT, " %.1fx faster |", best / kv)).append('\n');
        }
        for (Result r : results) {
            if (!Double.isNaN(r.openMillis())) {
                b.append(String.format(Locale.ROOT, "%nkvstore: open from snapshot %.0f ms (median of 3); engine "
                        + "memory estimate %.1f bytes per entry beyond key and value bytes%n", r.openMillis(),
                        r.bytesPerEntry()));
            }
        }
        return b.toString();
    }
}
