package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The upsert workloads ({@code --only upsert}): a prepared upsert of a random key, half of them present and half
 * new, in each system's own spelling (kvstore: {@code UPSERT INTO}, {@code INSERT ... ON CONFLICT} and the
 * four-line MERGE; H2: {@code MERGE INTO ... KEY}; SQLite: {@code INSERT ... ON CONFLICT}), beside a prepared
 * INSERT of new keys, on kvstore, H2 and SQLite in one run. Writes commit every {@value #WRITE_BATCH} statements
 * (the statement's cost, not commit durability). Prints a Markdown table for {@code docs/benchmarks.md}.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class UpsertBench {
    static final int WRITE_BATCH = 1000;

    private final JdbcBench.Settings settings;
    private final Path work;
    private final PrintStream out;
    private final Map<String, Map<String, String>> table = new LinkedHashMap<>();

    public UpsertBench(JdbcBench.Settings settings, Path work, PrintStream out) {
        this.settings = settings;
        this.work = work;
        this.out = out;
    }

    /** The upsert spellings of a system: workload name -> SQL with (key, value) parameters. */
    static Map<String, String> spellings(JdbcSystem s) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (s.name()) {
            case "kvstore" -> {
                m.put("upsert: UPSERT INTO / MERGE INTO KEY / ON CONFLICT", "UPSERT INTO kv VALUES (?, ?)");
                m.put("upsert: INSERT ... ON CONFLICT (key) DO UPDATE",
                        "INSERT INTO kv VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value");
                m.put("upsert: MERGE INTO kv USING (VALUES ...) (standard)", "MERGE INTO kv USING (VALUES (CAST(? AS"
                        + " VARCHAR), CAST(? AS VARBINARY))) AS s(k, v) ON kv.key = s.k WHEN MATCHED THEN UPDATE SET"
                        + " value = s.v WHEN NOT MATCHED THEN INSERT (key, value) VALUES (s.k, s.v)");
            }
            case "H2" -> m.put("upsert: UPSERT INTO / MERGE INTO KEY / ON CONFLICT",
                    "MERGE INTO kv (key, value) KEY (key) VALUES (?, ?)");
            default -> m.put("upsert: UPSERT INTO / MERGE INTO KEY / ON CONFLICT",
                    "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        }
        return m;
    }

    /** Runs everything and prints the Markdown table. */
    public void run() throws Exception {
        int rows = settings.rows().get(0);
        for (JdbcSystem system : settings.systems()) {
            Path dir = work.resolve("upsert-" + system.name().toLowerCase(Locale.ROOT));
            Dirs.deleteRecursively(dir);
            Files.createDirectories(dir);
            try {
                try (Connection c = system.connect(dir)) {
                    system.createTable(c);
                }
                new JdbcWorkloads(() -> system.connect(dir), rows, settings.warmupMillis(), settings.measureMillis())
                        .load();
                for (Map.Entry<String, String> e : spellings(system).entrySet()) {
                    put(e.getKey(), system.name(), TimedLoop.run(1, i -> writer(system, dir, e.getValue(), rows, true),
                            settings.warmupMillis(), settings.measureMillis()));
                }
                put("INSERT of a new key (for comparison)", system.name(), TimedLoop.run(1,
                        i -> writer(system, dir, "INSERT INTO kv (key, value) VALUES (?, ?)", rows, false),
                        settings.warmupMillis(), settings.measureMillis()));
            } catch (Exception e) {
                putText("(setup)", system.name(), "n/a (" + Failures.oneLine(e) + ")");
            } finally {
                Dirs.deleteRecursively(dir);
            }
        }
        printMarkdown(rows);
    }

    private void put(String workload, String system, TimedLoop.Result r) {
        putText(workload, system, r.failure() != null ? "n/a (" + Failures.oneLine(r.failure()) + ")"
                : String.format(Locale.ROOT, "%,.0f", r.perSecond()));
    }

    private void putText(String workload, String system, String value) {
        table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(system, value);
        out.printf("[upsert] %-9s %-55s %s%n", system, workload, value);
    }

    /** Prepared writes with a commit every {@link #WRITE_BATCH}: upserts (half present keys) or new-key inserts. */
    private static TimedLoop.Worker writer(JdbcSystem system, Path dir, String sql, int rows, boolean upsert)
            throws Exception {
        Connection c = system.connect(dir);
        PreparedStatement ps = c.prepareStatement(sql);
        String prefix = "new-" + System.nanoTime() + "-";
        return BatchedWriter.of(c, WRITE_BATCH, n -> {
            int i = ThreadLocalRandom.current().nextInt(rows);
            String key = upsert && (n & 1) == 0 ? Data.keyString(i) : prefix + n;
            ps.setString(1, key);
            ps.setBytes(2, Data.value(i + 1));
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("count is not 1: " + sql);
            }
        });
    }

    private void printMarkdown(int rows) {
        List<String> systems = settings.systems().stream().map(JdbcSystem::name).toList();
        StringBuilder b = new StringBuilder();
        b.append("\n| workload (").append(String.format(Locale.ROOT, "%,d", rows)).append(" rows), ops/s |");
        systems.forEach(s -> b.append(' ').append(s).append(" |"));
        b.append("\n|---|");
        systems.forEach(s -> b.append("---|"));
        for (Map.Entry<String, Map<String, String>> e : table.entrySet()) {
            b.append("\n| ").append(e.getKey()).append(" |");
            for (String s : systems) {
                b.append(' ').append(e.getValue().getOrDefault(s, "")).append(" |");
            }
        }
        out.println(b);
    }
}
