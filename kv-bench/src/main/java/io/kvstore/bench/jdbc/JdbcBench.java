package io.kvstore.bench.jdbc;

import io.kvstore.bench.ChildJvm;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import io.kvstore.bench.report.Measurement;
import io.kvstore.bench.report.Workloads;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JDBC-level run: for each {@link JdbcSystem}, a new store in its own scratch directory, then every workload in
 * a fixed order (load, prepared selects on 1 and 2 threads, ad-hoc select, full scan, autocommit inserts on 1 and
 * 8 threads), then the cold start in child JVMs; finally the disk's own append+fdatasync rate.
 *
 * <p>A system whose connection or workload fails gets n/a with the reason for what it could not do; the run goes
 * on. So kvstore appears as soon as {@code jdbc:kvstore:} connects, with no change here.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class JdbcBench {
    /** Sizes and times. */
    public record Settings(List<Integer> rows, long warmupMillis, long measureMillis, int coldStartRuns,
                           List<JdbcSystem> systems) {
    }

    /**
     * The measurements' section for a table size: {@code "jdbc"} for the first (the one the targets judge),
     * {@code "jdbc-<rows>"} for any further size.
     */
    public static String section(List<Integer> sizes, int rows) {
        return rows == sizes.get(0) ? "jdbc" : "jdbc-" + rows;
    }

    private final Settings settings;
    private final Path work;
    private final PrintStream progress;

    public JdbcBench(Settings settings, Path work, PrintStream progress) {
        this.settings = settings;
        this.work = work;
        this.progress = progress;
    }

    /** Runs everything; never throws for a failing system. */
    public List<Measurement> run() throws Exception {
        List<Measurement> out = new ArrayList<>();
        for (int rows : settings.rows()) {
            String section = section(settings.rows(), rows);
            progress.printf("[jdbc] %,d rows%n", rows);
            for (JdbcSystem system : settings.systems()) {
                Path dir = work.resolve("jdbc-" + system.name().toLowerCase());
                Dirs.deleteRecursively(dir);
                Files.createDirectories(dir);
                try {
                    out.addAll(runSystem(system, dir, rows, section));
                } finally {
                    Dirs.deleteRecursively(dir);
                }
            }
        }
        TimedLoop.Result disk = DiskSyncProbe.run(work, settings.warmupMillis(), settings.measureMillis());
        out.add(rate("jdbc", Workloads.DISK_SYNC, "disk", disk, "syncs/s",
                "FileChannel.force(false) after each append"));
        return out;
    }

    private List<Measurement> runSystem(JdbcSystem system, Path dir, int rows, String section)
            throws InterruptedException {
        List<Measurement> out = new ArrayList<>();
        String name = system.name();
        String observed;
        try (Connection c = system.connect(dir)) {
            system.createTable(c);
            observed = system.observedSettings(c);
        } catch (Exception e) {
            String why = "cannot connect: " + Failures.oneLine(e);
            progress.println("[jdbc] " + name + ": " + why);
            for (String w : Workloads.JDBC_THROUGHPUT) {
                out.add(Measurement.missing(section, w, name, unit(w), why));
            }
            out.add(Measurement.missing(section, Workloads.COLD_START, name, "ms", why));
            return out;
        }
        JdbcWorkloads w = new JdbcWorkloads(() -> system.connect(dir), rows,
                settings.warmupMillis(), settings.measureMillis());
        boolean loaded;
        try {
            out.add(report(new Measurement(section, Workloads.LOAD, name, w.load(), Double.NaN, "rows/s", "")));
            loaded = true;
        } catch (Exception e) {
            out.add(report(Measurement.missing(section, Workloads.LOAD, name, "rows/s", Failures.oneLine(e))));
            loaded = false;
        }
        if (!loaded) {
            for (String wl : Workloads.JDBC_THROUGHPUT.subList(1, Workloads.JDBC_THROUGHPUT.size())) {
                out.add(Measurement.missing(section, wl, name, unit(wl), "not run: the load failed"));
            }
            out.add(Measurement.missing(section, Workloads.COLD_START, name, "ms", "not run: the load failed"));
            return out;
        }
        out.add(report(rate(section, Workloads.SELECT_1, name, w.preparedSelect(1), "ops/s", "")));
        out.add(report(rate(section, Workloads.SELECT_2, name, w.preparedSelect(2), "ops/s", "")));
        out.add(report(rate(section, Workloads.ADHOC, name, w.adhocSelect(), "ops/s", "")));
        try {
            out.add(report(new Measurement(section, Workloads.SCAN, name, w.fullScan(), Double.NaN, "rows/s", "")));
        } catch (Exception e) {
            out.add(report(Measurement.missing(section, Workloads.SCAN, name, "rows/s", Failures.oneLine(e))));
        }
        String durability = observed.isEmpty() ? system.durability()
                : system.durability() + " (read back: " + observed + ")";
        out.add(report(rate(section, Workloads.INSERT_1, name, w.insert(1), "commits/s", durability)));
        out.add(report(rate(section, Workloads.INSERT_8, name, w.insert(8), "commits/s", durability)));
        out.add(report(coldStart(system, dir, section)));
        return out;
    }

    /** Median over {@code coldStartRuns} child JVMs of the time from process start to the first result. */
    private Measurement coldStart(JdbcSystem system, Path dir, String section) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(system.driverClass(), system.url(dir)));
        for (Map.Entry<String, String> e : system.properties().entrySet()) {
            args.add(e.getKey() + "=" + e.getValue());
        }
        double[] ms = new double[settings.coldStartRuns()];
        try {
            for (int i = 0; i < ms.length; i++) {
                ChildJvm.Outcome o = ChildJvm.run(ColdStartMain.class, List.of(), args, ColdStartMain.MARKER, 300);
                if (o.exitCode() != 0 || o.nanosToMarker() < 0) {
                    throw new IllegalStateException("child exited with " + o.exitCode() + ": " + o.stderrTail());
                }
                ms[i] = o.nanosToMarker() / 1e6;
            }
        } catch (Exception e) {
            return Measurement.missing(section, Workloads.COLD_START, system.name(), "ms", Failures.oneLine(e));
        }
        Arrays.sort(ms);
        double spread = (ms[ms.length - 1] - ms[0]) / 2;
        return new Measurement(section, Workloads.COLD_START, system.name(), ms[ms.length / 2],
                ms.length > 1 ? spread : Double.NaN, "ms",
                "median of " + ms.length + " child JVMs; error = half the range");
    }

    private static Measurement rate(String section, String workload, String system, TimedLoop.Result r, String unit,
                                    String note) {
        if (r.failure() != null) {
            return Measurement.missing(section, workload, system, unit, Failures.oneLine(r.failure()));
        }
        return new Measurement(section, workload, system, r.perSecond(), Double.NaN, unit, note);
    }

    private Measurement report(Measurement m) {
        progress.printf("[jdbc] %-8s %-36s %s%n", m.system(), m.workload(),
                m.present() ? String.format("%,.0f %s", m.value(), m.unit()) : "n/a (" + m.note() + ")");
        return m;
    }

    static String unit(String workload) {
        if (workload.equals(Workloads.LOAD) || workload.equals(Workloads.SCAN)) {
            return "rows/s";
        }
        if (workload.equals(Workloads.INSERT_1) || workload.equals(Workloads.INSERT_8)) {
            return "commits/s";
        }
        return "ops/s";
    }
}
