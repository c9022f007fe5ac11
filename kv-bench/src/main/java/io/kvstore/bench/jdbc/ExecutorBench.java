package io.kvstore.bench.jdbc;

import io.kvstore.bench.ChildJvm;
import io.kvstore.bench.Data;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The executor workloads ({@code --only executor}): the same point read, write and ad-hoc statements spelled as
 * frameworks spell them (Hibernate 6, jOOQ, Spring Data JDBC, qualified), {@code count(*)}, the latency of new
 * statement shapes in a warm JVM and of the first statement in a new JVM, on kvstore, H2 and SQLite in one run.
 * Prints a Markdown section for {@code docs/benchmarks.md}.
 *
 * <p>Writes run with auto-commit off and a commit every {@value #WRITE_BATCH} statements, so that they compare the
 * statements' own cost rather than each system's commit durability (measured by the main JDBC run). The prepared
 * point read, update and delete + insert rows run in rotated rounds (see {@link #rotatedRounds}) and report a median with
 * its range, because their position in the run moves them more than their spelling does.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class ExecutorBench {
    static final int WRITE_BATCH = 1000;

    private final JdbcBench.Settings settings;
    private final Path work;
    private final PrintStream out;

    public ExecutorBench(JdbcBench.Settings settings, Path work, PrintStream out) {
        this.settings = settings;
        this.work = work;
        this.out = out;
    }

    /** One spelling of the benchmark statements: table and column references as a framework writes them. */
    record Spelling(String name, Function<JdbcSystem, String> read, Function<JdbcSystem, String> update,
                    Function<JdbcSystem, String> adhocRead) {
    }

    private static String q(JdbcSystem s, String name) {
        // H2 folds unquoted names to upper case; a framework reading its metadata quotes them that way
        return "\"" + (s.name().equals("H2") ? name.toUpperCase(Locale.ROOT) : name) + "\"";
    }

    private static String schemaTable(JdbcSystem s) {
        return s.name().equals("kvstore") ? q(s, "kvstore") + "." + q(s, "kv")
                : s.name().equals("H2") ? "\"PUBLIC\"." + q(s, "kv") : q(s, "kv");
    }

    static final List<Spelling> SPELLINGS = List.of(
            new Spelling("plain", s -> "SELECT value FROM kv WHERE key = ?",
                    s -> "UPDATE kv SET value = ? WHERE key = ?", s -> "SELECT value FROM kv WHERE key = '%s'"),
            new Spelling("Hibernate 6", s -> "select k1_0.key,k1_0.value from kv k1_0 where k1_0.key=?",
                    s -> "update kv set value=? where key=?",
                    s -> "select k1_0.key,k1_0.value from kv k1_0 where k1_0.key='%s'"),
            new Spelling("jOOQ", s -> "select " + schemaTable(s) + "." + q(s, "key") + ", " + schemaTable(s) + "."
                    + q(s, "value") + " from " + schemaTable(s) + " where " + schemaTable(s) + "." + q(s, "key")
                    + " = ?",
                    s -> "update " + schemaTable(s) + " set " + q(s, "value") + " = ? where " + schemaTable(s) + "."
                            + q(s, "key") + " = ?",
                    s -> "select " + schemaTable(s) + "." + q(s, "key") + ", " + schemaTable(s) + "." + q(s, "value")
                            + " from " + schemaTable(s) + " where " + schemaTable(s) + "." + q(s, "key") + " = '%s'"),
            new Spelling("Spring Data JDBC", s -> "SELECT " + q(s, "kv") + "." + q(s, "key") + " AS " + q(s, "key")
                    + ", " + q(s, "kv") + "." + q(s, "value") + " AS " + q(s, "value") + " FROM " + q(s, "kv")
                    + " WHERE " + q(s, "kv") + "." + q(s, "key") + " = ?",
                    s -> "UPDATE " + q(s, "kv") + " SET " + q(s, "value") + " = ? WHERE " + q(s, "kv") + "."
                            + q(s, "key") + " = ?",
                    s -> "SELECT " + q(s, "kv") + "." + q(s, "key") + " AS " + q(s, "key") + ", " + q(s, "kv") + "."
                            + q(s, "value") + " AS " + q(s, "value") + " FROM " + q(s, "kv") + " WHERE " + q(s, "kv")
                            + "." + q(s, "key") + " = '%s'"),
            new Spelling("qualified", s -> "SELECT kv.value FROM kv WHERE kv.key = ?",
                    s -> "UPDATE kv SET value = ? WHERE kv.key = ?", s -> "SELECT kv.value FROM kv WHERE kv.key = '%s'"));

    /**
     * One spelling of the delete and insert by key: as a framework writes them ({@code valueFirst}: the insert
     * binds the value before the key, as Hibernate puts the id column last).
     */
    record PairSpelling(String name, Function<JdbcSystem, String> delete, Function<JdbcSystem, String> insert,
                        boolean valueFirst) {
    }

    static final List<PairSpelling> PAIR_SPELLINGS = List.of(
            new PairSpelling("plain", s -> "DELETE FROM kv WHERE key = ?",
                    s -> "INSERT INTO kv (key, value) VALUES (?, ?)", false),
            new PairSpelling("Hibernate 6", s -> "delete from kv where key=?",
                    s -> "insert into kv (value,key) values (?,?)", true),
            new PairSpelling("jOOQ", s -> "delete from " + schemaTable(s) + " where " + schemaTable(s) + "." + q(s, "key")
                    + " = ?", s -> "insert into " + schemaTable(s) + " (" + q(s, "key") + ", " + q(s, "value")
                    + ") values (?, ?)", false),
            new PairSpelling("Spring Data JDBC", s -> "DELETE FROM " + q(s, "kv") + " WHERE " + q(s, "kv") + "."
                    + q(s, "key") + " = ?", s -> "INSERT INTO " + q(s, "kv") + " (" + q(s, "key") + ", "
                    + q(s, "value") + ") VALUES (?, ?)", false),
            new PairSpelling("qualified", s -> "DELETE FROM kv WHERE kv.key = ?",
                    s -> "INSERT INTO kv (key, value) VALUES (?, ?)", false));

    /** Results: workload -> system -> value. */
    private final Map<String, Map<String, String>> table = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    /**
     * The rounds of the point read and update rows: "system, kind" -> "row number. workload" -> the rounds' ops/s in
     * round order.
     */
    private final Map<String, Map<String, String>> roundsTable = new LinkedHashMap<>();
    /** "system, kind" -> each round's order of row numbers. */
    private final Map<String, List<String>> roundOrders = new LinkedHashMap<>();

    private void put(String workload, String unit, String system, String value) {
        table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(system, value);
        units.put(workload, unit);
        out.printf("[executor] %-9s %-58s %s %s%n", system, workload, value, unit);
    }

    private void put(String workload, String unit, String system, TimedLoop.Result r) {
        put(workload, unit, system, r.failure() != null ? "n/a (" + Failures.oneLine(r.failure()) + ")"
                : String.format(Locale.ROOT, "%,.0f", r.perSecond()));
    }

    /** Runs everything and prints the Markdown section. */
    public void run() throws Exception {
        int rows = settings.rows().get(0);
        for (JdbcSystem system : settings.systems()) {
            Path dir = work.resolve("executor-" + system.name().toLowerCase(Locale.ROOT));
            Dirs.deleteRecursively(dir);
            Files.createDirectories(dir);
            try {
                runSystem(system, dir, rows);
            } catch (Exception e) {
                put("(setup)", "", system.name(), "n/a (" + Failures.oneLine(e) + ")");
            } finally {
                Dirs.deleteRecursively(dir);
            }
        }
        printMarkdown(rows);
    }

    private void runSystem(JdbcSystem system, Path dir, int rows) throws Exception {
        String name = system.name();
        try (Connection c = system.connect(dir)) {
            system.createTable(c);
        }
        JdbcWorkloads w = new JdbcWorkloads(() -> system.connect(dir), rows, settings.warmupMillis(),
                settings.measureMillis());
        w.load();
        long warm = settings.warmupMillis();
        long measure = settings.measureMillis();
        rotatedRounds(system, pointReadWorkloads(system, dir, rows), "point read", "ops/s");
        rotatedRounds(system, updateWorkloads(system, dir, rows), "update", "ops/s");
        rotatedRounds(system, pairWorkloads(system, dir, rows), "delete + insert", "pairs/s");
        for (Spelling sp : SPELLINGS) {
            String template = sp.adhocRead().apply(system);
            put("ad-hoc literal point read, " + sp.name(), "ops/s", name, TimedLoop.run(1, i -> new TimedLoop.Worker() {
                final Connection c = system.connect(dir);
                final Statement st = c.createStatement();

                @Override
                public void step() throws Exception {
                    String key = Data.keyString(ThreadLocalRandom.current().nextInt(rows));
                    try (ResultSet rs = st.executeQuery(String.format(template, key))) {
                        if (!rs.next()) {
                            throw new IllegalStateException("row not found: " + template);
                        }
                    }
                }

                @Override
                public void close() throws Exception {
                    c.close();
                }
            }, warm, measure));
        }
        put("SELECT count(*) FROM kv", "ops/s", name, TimedLoop.run(1, i -> new TimedLoop.Worker() {
            final Connection c = system.connect(dir);
            final Statement st = c.createStatement();

            @Override
            public void step() throws Exception {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
                    if (!rs.next() || rs.getLong(1) != rows) {
                        throw new IllegalStateException("count is not " + rows);
                    }
                }
            }

            @Override
            public void close() throws Exception {
                c.close();
            }
        }, warm, measure));
        newShapes(system, dir, "SELECT key, value AS v%d FROM kv WHERE key IN ('%s', '%s')",
                "new statement shape in a warm JVM (key IN, alias: text front door on kvstore), first execution");
        newShapes(system, dir, "SELECT key, " + charLength(system) + "(key) AS n%d FROM kv WHERE key IN ('%s', '%s')",
                "new statement shape in a warm JVM (CHAR_LENGTH: text front door on kvstore), first execution");
        newShapes(system, dir, "SELECT key, " + charLength(system) + "(key || '!') AS n%d FROM kv WHERE key IN"
                + " ('%s', '%s')", "new statement shape in a warm JVM (CHAR_LENGTH(key || '!'): text front door on"
                + " kvstore since session 9), first execution");
        newShapes(system, dir, "SELECT key, count(*) AS n%d FROM kv WHERE key IN ('%s', '%s') GROUP BY key",
                "new statement shape in a warm JVM (GROUP BY key: text front door on kvstore since session 10),"
                + " first execution");
        newShapes(system, dir, "SELECT a.key AS n%d FROM kv a JOIN kv b ON a.key = b.key WHERE a.key IN ('%s',"
                + " '%s')", "new statement shape in a warm JVM (a self-join: text front door on kvstore since"
                + " session 11), first execution");
        newShapes(system, dir, "SELECT key AS n%d FROM kv WHERE key = '%s' UNION ALL SELECT key FROM kv WHERE key ="
                + " '%s'", "new statement shape in a warm JVM (UNION ALL: planned by Calcite on kvstore),"
                + " first execution");
        newShapes(system, dir, "SELECT " + charLength(system) + "(key), count(*) AS n%d FROM kv WHERE key IN ('%s',"
                + " '%s') GROUP BY " + charLength(system) + "(key)", "new statement shape in a warm JVM (GROUP BY"
                + " CHAR_LENGTH(key): text front door on kvstore since session 10), first execution");
        firstStatement(system, dir, system.name().equals("kvstore")
                        ? "SELECT key, TEXT(value) FROM kv WHERE key IN ('%s', '%s')"
                        : "SELECT key, value FROM kv WHERE key IN ('%s', '%s')",
                "new JVM: first statement after connect (key IN, TEXT(value) on kvstore: text front door)");
        firstStatement(system, dir, "SELECT key, " + charLength(system) + "(key) FROM kv WHERE key IN ('%s', '%s')",
                "new JVM: first statement (front door shapes): key IN, CHAR_LENGTH(key)");
        firstStatement(system, dir, "SELECT key, value FROM kv WHERE key >= '%s' ORDER BY key LIMIT 20",
                "new JVM: first statement (front door shapes): range page, ORDER BY key LIMIT 20");
        firstStatement(system, dir, "SELECT key, " + charLength(system) + "(key || '!') FROM kv WHERE key IN ('%s',"
                + " '%s')", "new JVM: first statement (front door shapes since session 9): CHAR_LENGTH(key || '!')");
        firstStatement(system, dir, "INSERT INTO kv VALUES ('%s-{nonce}', X'68656c6c6f'), ('%s-{nonce}', X'7879')",
                "new JVM: first statement (front door shapes since session 9): INSERT of two literal rows");
        firstStatement(system, dir, "SELECT key, value FROM kv WHERE key IN ('%s', '%s') AND value <> X'00'",
                "new JVM: first statement (front door shapes since session 9): key IN and a filter on value");
        firstStatement(system, dir, "SELECT " + charLength(system) + "(key), count(*) FROM kv WHERE key IN ('%s',"
                + " '%s') GROUP BY " + charLength(system) + "(key)",
                "new JVM: first statement (front door shapes since session 10): key IN, GROUP BY CHAR_LENGTH(key)");
        firstStatement(system, dir, "SELECT key, CHAR_LENGTH(key) + 1 FROM kv WHERE key IN ('%s', '%s')".replace(
                "CHAR_LENGTH", charLength(system)),
                "new JVM: first statement (front door shapes since session 10): key IN, CHAR_LENGTH(key) + 1");
        firstStatement(system, dir, "SELECT key, count(*) FROM kv WHERE key IN ('%s', '%s') GROUP BY key",
                "new JVM: first statement (front door shapes since session 10): key IN, GROUP BY key");
        firstStatement(system, dir, "SELECT a.key FROM kv a JOIN kv b ON a.key = b.key WHERE a.key IN ('%s', '%s')",
                "new JVM: first statement (front door shapes since session 11): a self-join on key");
        firstStatement(system, dir, "SELECT key FROM kv WHERE key = '%s' UNION ALL SELECT key FROM kv WHERE key ="
                + " '%s'", "new JVM: first Calcite-planned statement (UNION ALL: the front door refuses set"
                + " operations)");
    }

    /** One workload of the rotated rounds: its table row and how to open its worker. */
    record RoundWorkload(String workload, TimedLoop.WorkerFactory factory) {
    }

    /** The point read rows: each spelling's prepared point read, the statement prepared once per worker. */
    private static List<RoundWorkload> pointReadWorkloads(JdbcSystem system, Path dir, int rows) {
        List<RoundWorkload> list = new ArrayList<>();
        for (Spelling sp : SPELLINGS) {
            String sql = sp.read().apply(system);
            list.add(new RoundWorkload("prepared point read, " + sp.name(), i -> new TimedLoop.Worker() {
                final Connection c = system.connect(dir);
                final PreparedStatement ps = c.prepareStatement(sql);

                @Override
                public void step() throws Exception {
                    ps.setString(1, Data.keyString(ThreadLocalRandom.current().nextInt(rows)));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBytes(rs.getMetaData().getColumnCount()) == null) {
                            throw new IllegalStateException("row not found: " + sql);
                        }
                    }
                }

                @Override
                public void close() throws Exception {
                    c.close();
                }
            }));
        }
        return list;
    }

    /** The update rows in the order of the first round: the five prepared-once spellings, then the two frameworks' per-execution rows. */
    static List<RoundWorkload> updateWorkloads(JdbcSystem system, Path dir, int rows) {
        List<RoundWorkload> list = new ArrayList<>();
        for (Spelling sp : SPELLINGS) {
            String sql = sp.update().apply(system);
            list.add(new RoundWorkload("prepared update by key, " + sp.name() + " (commit every " + WRITE_BATCH + ")",
                    i -> updateWriter(system, dir, sql, rows)));
        }
        for (Spelling sp : SPELLINGS) {
            if (sp.name().equals("jOOQ") || sp.name().equals("Spring Data JDBC")) {
                // as the frameworks run it: JdbcTemplate.update and jOOQ (without keepStatement) prepare the
                // statement, execute it, read the warnings and close it, every time
                String sql = sp.update().apply(system);
                list.add(new RoundWorkload("update by key, " + sp.name()
                        + ", prepared for every execution as the framework does (commit every " + WRITE_BATCH + ")",
                        i -> perExecutionWriter(system, dir, sql, rows)));
            }
        }
        return list;
    }

    /**
     * Rows of one kind ({@code kind}: "point read", "update"), measured fairly to their position in the run: the
     * engines (kvstore and SQLite alike) speed up as a run goes on, so one pass in a fixed order ranks the rows by
     * position, not by statement. After one unreported warm-up pass over every row, there are as many rounds as
     * rows; round {@code r} runs the rows rotated by {@code r}, so that every row runs once in every position. Every
     * row gets the same fresh worker (connection, statement) and the same short warm-up in every round; the data
     * are the same table throughout (updates rewrite random keys with the same values), so no row pays a reset the
     * others do not. Reports the median per row with the range of the rounds, and the rounds themselves.
     */
    private void rotatedRounds(JdbcSystem system, List<RoundWorkload> workloads, String kind, String unit)
            throws InterruptedException {
        int n = workloads.size();
        long rowWarm = Math.max(200, settings.warmupMillis() / 10);
        long rowMeasure = Math.max(500, settings.measureMillis() / 4);
        long passWarm = Math.max(rowWarm, settings.warmupMillis() / n);
        for (RoundWorkload w : workloads) {
            TimedLoop.Result r = TimedLoop.run(1, w.factory(), passWarm, 0);
            if (r.failure() != null) {
                put(w.workload(), unit, system.name(), r);
                return;
            }
        }
        double[][] perRound = new double[n][n];
        Throwable[] failed = new Throwable[n];
        List<String> orders = new ArrayList<>();
        for (int round = 0; round < n; round++) {
            StringBuilder order = new StringBuilder();
            int[] rotation = rotation(round, n);
            for (int pos = 0; pos < n; pos++) {
                int k = rotation[pos];
                order.append(pos == 0 ? "" : ", ").append(k + 1);
                TimedLoop.Result r = failed[k] != null ? null
                        : TimedLoop.run(1, workloads.get(k).factory(), rowWarm, rowMeasure);
                if (r != null && r.failure() != null) {
                    failed[k] = r.failure();
                }
                perRound[k][round] = r == null || r.failure() != null ? Double.NaN : r.perSecond();
                out.printf(Locale.ROOT, "[executor] %-9s round %d position %d: %s %,.0f %s%n", system.name(),
                        round + 1, pos + 1, workloads.get(k).workload(), perRound[k][round], unit);
            }
            orders.add(order.toString());
        }
        for (int k = 0; k < n; k++) {
            String workload = workloads.get(k).workload();
            if (failed[k] != null) {
                put(workload, unit, system.name(), "n/a (" + Failures.oneLine(failed[k]) + ")");
                continue;
            }
            double[] sorted = perRound[k].clone();
            Arrays.sort(sorted);
            put(workload, unit, system.name(), String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)",
                    sorted[n / 2], sorted[0], sorted[n - 1]));
            StringBuilder all = new StringBuilder();
            for (int round = 0; round < n; round++) {
                all.append(round == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", perRound[k][round]));
            }
            roundsTable.computeIfAbsent(system.name() + ", " + kind, s -> new LinkedHashMap<>()).put(
                    k + 1 + ". " + workload, all.toString());
        }
        roundOrders.put(system.name() + ", " + kind, orders);
    }

    /**
     * The order of round {@code round} (0-based) of {@code n} rows: row indexes rotated by {@code round}, so that over
     * {@code n} rounds every row runs exactly once in every position.
     */
    static int[] rotation(int round, int n) {
        int[] order = new int[n];
        for (int pos = 0; pos < n; pos++) {
            order[pos] = (pos + round) % n;
        }
        return order;
    }

    /** Prepared writes with a commit every {@link #WRITE_BATCH}: an update, or a delete and re-insert of a key. */
    /** The delete + insert rows: each spelling deletes a random key and inserts it again with the same value. */
    private static List<RoundWorkload> pairWorkloads(JdbcSystem system, Path dir, int rows) {
        List<RoundWorkload> list = new ArrayList<>();
        for (PairSpelling sp : PAIR_SPELLINGS) {
            String delete = sp.delete().apply(system);
            String insert = sp.insert().apply(system);
            list.add(new RoundWorkload("prepared delete + insert by key, " + sp.name() + " (commit every "
                    + WRITE_BATCH + ")", i -> pairWriter(system, dir, delete, insert, sp.valueFirst(), rows)));
        }
        return list;
    }

    private static TimedLoop.Worker updateWriter(JdbcSystem system, Path dir, String updateSql, int rows)
            throws Exception {
        Connection c = system.connect(dir);
        PreparedStatement a = c.prepareStatement(updateSql);
        return BatchedWriter.of(c, WRITE_BATCH, n -> {
            int i = ThreadLocalRandom.current().nextInt(rows);
            a.setBytes(1, Data.value(i + 1));
            a.setString(2, Data.keyString(i));
            if (a.executeUpdate() != 1) {
                throw new IllegalStateException("update missed " + i);
            }
        });
    }

    private static TimedLoop.Worker pairWriter(JdbcSystem system, Path dir, String deleteSql, String insertSql,
                                               boolean valueFirst, int rows) throws Exception {
        Connection c = system.connect(dir);
        PreparedStatement a = c.prepareStatement(deleteSql);
        PreparedStatement b = c.prepareStatement(insertSql);
        return BatchedWriter.of(c, WRITE_BATCH, n -> {
            int i = ThreadLocalRandom.current().nextInt(rows);
            String key = Data.keyString(i);
            a.setString(1, key);
            if (a.executeUpdate() != 1) {
                throw new IllegalStateException("delete missed " + key);
            }
            b.setString(valueFirst ? 2 : 1, key);
            b.setBytes(valueFirst ? 1 : 2, Data.value(i));
            if (b.executeUpdate() != 1) {
                throw new IllegalStateException("insert missed " + key);
            }
        });
    }

    /** An update by key prepared, executed, checked for warnings and closed each time, with a commit every batch. */
    private static TimedLoop.Worker perExecutionWriter(JdbcSystem system, Path dir, String sql, int rows)
            throws Exception {
        Connection c = system.connect(dir);
        return BatchedWriter.of(c, WRITE_BATCH, n -> {
            int i = ThreadLocalRandom.current().nextInt(rows);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setBytes(1, Data.value(i + 1));
                ps.setString(2, Data.keyString(i));
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("update missed " + i);
                }
                ps.getWarnings();
            }
        });
    }

    private static String charLength(JdbcSystem s) {
        return s.name().equals("SQLite") ? "LENGTH" : "CHAR_LENGTH";
    }

    /** Median latency of the first execution of each of 20 new statement shapes, in a warm JVM. */
    private void newShapes(JdbcSystem system, Path dir, String format, String workload) {
        try (Connection c = system.connect(dir); Statement st = c.createStatement()) {
            String k0 = Data.keyString(0);
            String k1 = Data.keyString(1);
            // warm the driver with 200 other shapes first, half of them planned by Calcite on kvstore (a UNION
            // ALL: the text front door takes no set operation; self-joins until session 10), so that the figure is
            // a warm JVM's (the planner's code compiled), not the first few plans of a new one
            for (int i = 0; i < 200; i++) {
                String warm = i % 2 == 0 ? "SELECT key AS w" + i + " FROM kv WHERE key = '" + k0 + "'"
                        : "SELECT key AS w" + i + " FROM kv WHERE key = '" + k0 + "' UNION ALL SELECT key FROM kv"
                        + " WHERE key = '" + k0 + "'";
                try (ResultSet rs = st.executeQuery(warm)) {
                    rs.next();
                }
            }
            double[] ms = new double[20];
            for (int i = 0; i < ms.length; i++) {
                String sql = String.format(format, i, k0, k1);
                long t = System.nanoTime();
                try (ResultSet rs = st.executeQuery(sql)) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no row");
                    }
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            put(workload + " (median of 20)", "ms", system.name(), String.format(Locale.ROOT, "%.2f",
                    ms[ms.length / 2]));
        } catch (Exception e) {
            put(workload + " (median of 20)", "ms", system.name(), "n/a (" + Failures.oneLine(e) + ")");
        }
    }

    /** Connect and first-statement times in new JVMs (median of the cold-run count). */
    private void firstStatement(JdbcSystem system, Path dir, String sql, String workload) {
        List<String> args = new ArrayList<>(List.of(system.driverClass(), system.url(dir), sql));
        for (Map.Entry<String, String> e : system.properties().entrySet()) {
            args.add(e.getKey() + "=" + e.getValue());
        }
        int runs = Math.max(1, settings.coldStartRuns());
        double[] connect = new double[runs];
        double[] first = new double[runs];
        try {
            for (int i = 0; i < runs; i++) {
                ChildJvm.Outcome o = ChildJvm.run(FirstStatementMain.class, List.of(), args, null, 300);
                String line = o.lines().stream().filter(l -> l.startsWith(FirstStatementMain.MARKER)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("child exited with " + o.exitCode() + ": "
                                + o.stderrTail()));
                String[] p = line.split(" ");
                connect[i] = Double.parseDouble(p[1]);
                first[i] = Double.parseDouble(p[2]);
            }
            Arrays.sort(connect);
            Arrays.sort(first);
            put("new JVM: connect", "ms", system.name(), String.format(Locale.ROOT, "%.0f", connect[runs / 2]));
            put(workload, "ms", system.name(), String.format(Locale.ROOT, "%.0f", first[runs / 2]));
        } catch (Exception e) {
            put(workload, "ms", system.name(), "n/a (" + Failures.oneLine(e) + ")");
        }
    }

    private void printMarkdown(int rows) {
        List<String> systems = settings.systems().stream().map(JdbcSystem::name).toList();
        StringBuilder b = new StringBuilder();
        b.append("\n| workload (").append(String.format(Locale.ROOT, "%,d", rows)).append(" rows) | unit |");
        systems.forEach(s -> b.append(' ').append(s).append(" |"));
        b.append("\n|---|---|");
        systems.forEach(s -> b.append("---|"));
        for (Map.Entry<String, Map<String, String>> e : table.entrySet()) {
            b.append("\n| ").append(e.getKey()).append(" | ").append(units.get(e.getKey())).append(" |");
            for (String s : systems) {
                b.append(' ').append(e.getValue().getOrDefault(s, "")).append(" |");
            }
        }
        b.append("\n\nPrepared point read, update and delete + insert rows above: median of the rounds"
                + " (lowest-highest); every row ran once in every position of its kind's rounds.");
        for (Map.Entry<String, Map<String, String>> e : roundsTable.entrySet()) {
            b.append("\n\n").append(e.getKey()).append(" rows by round (ops/s); orders of the rounds: ");
            List<String> orders = roundOrders.get(e.getKey());
            for (int r = 0; r < orders.size(); r++) {
                b.append(r == 0 ? "" : "; ").append(r + 1).append(": ").append(orders.get(r));
            }
            b.append("\n\n| row | rounds 1 to ").append(orders.size()).append(" |\n|---|---|");
            e.getValue().forEach((row, rounds) -> b.append("\n| ").append(row).append(" | ").append(rounds)
                    .append(" |"));
        }
        out.println(b);
    }
}
