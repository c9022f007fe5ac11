package io.kvstore.bench.report;

import io.kvstore.bench.engine.FootprintRunner;
import io.kvstore.bench.jdbc.JdbcSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one run's measurements into tables (console and Markdown), the charts, and {@code benchmarks.md}. Every
 * figure it prints comes from the measurements it is given; it never reads an earlier run.
 *
 * <p>Thread-safety: immutable after construction.
 */
public final class Report {
    /** File name of the JDBC chart inside the docs directory. */
    public static final String JDBC_CHART = "benchmarks-jdbc.png";
    /** File name of the engine chart inside the docs directory. */
    public static final String ENGINE_CHART = "benchmarks-engine.png";

    private static final List<String> SQL_SYSTEMS = List.of("kvstore", "H2", "SQLite");
    private static final List<String> ENGINE_SYSTEMS = List.of("kvstore-mem", "kvstore-file", "chm", "mvmap");

    private final List<Measurement> results;
    private final List<Targets.Verdict> verdicts;
    private final List<Integer> jdbcRows;

    /**
     * @param results every measurement of the run
     * @param jdbcRows the JDBC table sizes in run order (the first is the one the targets and the chart use)
     */
    public Report(List<Measurement> results, List<Integer> jdbcRows) {
        this.results = List.copyOf(results);
        this.verdicts = Targets.judge(results);
        this.jdbcRows = List.copyOf(jdbcRows);
    }

    private static String rowsTitle(int rows) {
        return String.format(", %,d rows", rows);
    }

    /** Sections of JDBC figures for further table sizes ({@code jdbc-<rows>}), in run order. */
    private List<String> extraJdbcSections() {
        return results.stream().map(Measurement::section).filter(x -> x.startsWith("jdbc-")).distinct().toList();
    }

    private boolean has(String section) {
        return results.stream().anyMatch(m -> m.section().equals(section));
    }

    /**
     * JDBC workloads of one section (one table size): one row per workload, one column per system, and kvstore over
     * the best of the others.
     */
    public Table jdbcTable(String section) {
        Table t = new Table(List.of("workload", "unit", "kvstore", "H2", "SQLite", "kvstore / best of H2, SQLite"));
        List<String> rows = new ArrayList<>(Workloads.JDBC_THROUGHPUT);
        rows.add(Workloads.COLD_START);
        for (String w : rows) {
            boolean lower = w.equals(Workloads.COLD_START);
            List<String> cells = new ArrayList<>(List.of(w, unitOf(section, w)));
            for (String s : SQL_SYSTEMS) {
                cells.add(Targets.find(results, section, w, s).map(Format::withError).orElse("n/a"));
            }
            cells.add(ratioCell(section, w, "kvstore", List.of("H2", "SQLite"), lower));
            t.add(cells);
        }
        Optional<Measurement> disk = Targets.find(results, section, Workloads.DISK_SYNC, "disk");
        disk.ifPresent(d -> t.add(List.of(Workloads.DISK_SYNC, d.unit(), Format.withError(d), "", "", "")));
        return t;
    }

    /** Engine workloads with JMH's error, and kvstore over ConcurrentHashMap. */
    public Table engineTable() {
        List<String> header = new ArrayList<>(List.of("workload (ops/s)"));
        header.addAll(ENGINE_SYSTEMS);
        header.add("kvstore-mem / chm");
        header.add("kvstore-file / chm");
        Table t = new Table(header);
        for (String w : engineWorkloads()) {
            List<String> cells = new ArrayList<>(List.of(w));
            for (String s : ENGINE_SYSTEMS) {
                cells.add(Targets.find(results, "engine", w, s).map(Format::withError).orElse("n/a"));
            }
            cells.add(ratioCell("engine", w, "kvstore-mem", List.of("chm"), false));
            cells.add(ratioCell("engine", w, "kvstore-file", List.of("chm"), false));
            t.add(cells);
        }
        return t;
    }

    /** Heap per entry for each system measured. */
    public Table footprintTable() {
        List<String> header = new ArrayList<>(List.of("bytes per entry (1 key of 16 + 1 value of 100 bytes)"));
        List<String> systems = results.stream().filter(m -> m.section().equals("footprint"))
                .map(Measurement::system).distinct().toList();
        header.addAll(systems);
        Table t = new Table(header);
        for (String w : List.of(FootprintRunner.MEASURED, FootprintRunner.OVERHEAD, FootprintRunner.REPORTED)) {
            List<String> cells = new ArrayList<>(List.of(w));
            for (String s : systems) {
                cells.add(Targets.find(results, "footprint", w, s)
                        .map(m -> m.present() ? String.format("%.1f", m.value()) : "n/a").orElse("-"));
            }
            t.add(cells);
        }
        List<String> cells = new ArrayList<>(List.of("stats().memoryUsed() / measured"));
        for (String s : systems) {
            Optional<Measurement> rep = Targets.find(results, "footprint", FootprintRunner.REPORTED, s);
            Optional<Measurement> mea = Targets.find(results, "footprint", FootprintRunner.MEASURED, s);
            cells.add(rep.isPresent() && mea.isPresent() && rep.get().present() && mea.get().present()
                    ? String.format("%.0f%%", 100 * rep.get().value() / mea.get().value()) : "-");
        }
        t.add(cells);
        return t;
    }

    /** Each target with its ratio and whether it is met. */
    public Table targetsTable() {
        Table t = new Table(List.of("target", "measured", "met", "shortfall"), false);
        for (Targets.Verdict v : verdicts) {
            String measured = v.target().absolute()
                    ? (Double.isNaN(v.value()) ? "n/a" : String.format("%.1f bytes", v.value()))
                    : Format.ratio(v.value()) + (v.baseline().isEmpty() ? "" : " of " + v.baseline());
            t.add(List.of(v.target().description(), measured, v.met() ? "yes" : "**no**",
                    v.shortfall().isEmpty() ? "-" : v.shortfall()));
        }
        return t;
    }

    /** What the console shows at the end of a run. */
    public String consoleText() {
        StringBuilder b = new StringBuilder();
        if (has("engine")) {
            b.append("\nEngine level (JMH, ops/s, ± 99.9% CI)\n").append(engineTable().text());
        }
        if (has("footprint")) {
            b.append("\nHeap per entry\n").append(footprintTable().text());
        }
        if (has("jdbc")) {
            b.append("\nJDBC level").append(rowsTitle(jdbcRows.get(0))).append('\n').append(jdbcTable("jdbc").text());
        }
        for (String x : extraJdbcSections()) {
            b.append("\nJDBC level").append(rowsTitle(Integer.parseInt(x.substring(5)))).append('\n')
                    .append(jdbcTable(x).text());
        }
        b.append("\nTargets\n").append(targetsTable().text().replace("**", ""));
        return b.toString();
    }

    /** Writes {@code benchmarks.md} and the charts into {@code docs}. */
    public void writeDocs(Path docs, RunInfo info) throws IOException {
        Files.createDirectories(docs);
        boolean jdbc = has("jdbc");
        boolean engine = has("engine");
        if (jdbc) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Workloads.LOAD, "batch load (rows/s)");
            labels.put(Workloads.SELECT_1, "select 1 thr");
            labels.put(Workloads.SELECT_2, "select 2 thr");
            labels.put(Workloads.ADHOC, "ad-hoc select");
            labels.put(Workloads.SCAN, "full scan (rows/s)");
            labels.put(Workloads.INSERT_1, "commit 1 thr");
            labels.put(Workloads.INSERT_8, "commit 8 thr");
            ChartWriter.write(docs.resolve(JDBC_CHART),
                    "kvstore vs H2 vs SQLite through JDBC, relative to the fastest of the three (higher is better)",
                    "rate / fastest rate on the workload", results, "jdbc", labels, SQL_SYSTEMS, null, false);
        }
        if (engine) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (String w : engineWorkloads()) {
                labels.put(w, w.replace(" threads", " thr").replace(" thread", " thr"));
            }
            ChartWriter.write(docs.resolve(ENGINE_CHART),
                    "Engine operations relative to ConcurrentHashMap (higher is better; error bars: 99.9% CI)",
                    "ops/s / ConcurrentHashMap ops/s", results, "engine", labels, ENGINE_SYSTEMS, "chm", true);
        }
        Path notes = docs.resolve(ANALYSIS);
        if (!Files.exists(notes)) {
            notes = Path.of("docs", ANALYSIS); // a scratch --docs directory: the repository's analysis, run from its root
        }
        String analysis = Files.exists(notes) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
        Files.writeString(docs.resolve("benchmarks.md"), markdown(info, jdbc, engine, analysis),
                StandardCharsets.UTF_8);
    }

    /** File name, inside the docs directory, of the hand-written analysis of each target's workload. */
    public static final String ANALYSIS = "benchmark-analysis.md";

    /**
     * The section of {@code analysis} (the text of {@value #ANALYSIS}) headed {@code ## <description>}: from the
     * line after that heading to the next {@code ## } heading; empty when there is none.
     */
    static String analysisOf(String analysis, String description) {
        String heading = "## " + description;
        int at = -1;
        for (int p = 0; p >= 0 && p < analysis.length(); ) {
            int end = analysis.indexOf('\n', p);
            String line = end < 0 ? analysis.substring(p) : analysis.substring(p, end);
            if (at < 0 && line.strip().equals(heading)) {
                at = end < 0 ? analysis.length() : end + 1;
            } else if (at >= 0 && line.startsWith("## ")) {
                return analysis.substring(at, p).strip();
            }
            p = end < 0 ? -1 : end + 1;
        }
        return at < 0 ? "" : analysis.substring(at).strip();
    }

    private String missedAnalysis(String analysis) {
        StringBuilder b = new StringBuilder();
        for (Targets.Verdict v : verdicts) {
            if (v.met() || Double.isNaN(v.value())) {
                continue;
            }
            String why = analysisOf(analysis, v.target().description());
            b.append("\n### ").append(v.target().description()).append(": ").append(v.shortfall()).append("\n\n")
                    .append(why.isEmpty() ? "No analysis of this workload has been written yet (add a section to "
                            + ANALYSIS + ")." : why).append('\n');
        }
        return b.toString();
    }

    private String markdown(RunInfo info, boolean jdbc, boolean engine, String analysis) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks: kvstore vs H2 vs SQLite\n\n");
        b.append("Every figure on this page comes from one run of the command below, started ")
                .append(f.format(info.started())).append(" and finished ").append(f.format(info.finished()))
                .append(", on the machine described here. Rerun the command to replace the page; do not edit")
                .append(" figures in by hand or mix in figures from another run.\n\n");
        b.append("## Command\n\nFrom the repository root:\n\n```\n").append(info.command()).append("\n```\n\n");
        b.append("Flags: `java -jar kv-bench/target/kv-bench.jar --help`; for example `--rows 200000,2000000` adds a ")
                .append("2M-row table (the first size is the one judged against the targets). `./kvstore bench` builds ")
                .append("and runs the same.\n\n");
        b.append("## Machine\n\n");
        for (String m : info.machine()) {
            b.append("- ").append(m).append('\n');
        }
        b.append("\n## Settings of this run\n\n");
        for (String s : info.settings()) {
            b.append("- ").append(s).append('\n');
        }
        b.append("\n## Targets\n\nEach ratio divides kvstore's figure by the best baseline's figure from the same run.\n\n");
        b.append(targetsTable().markdown());
        long met = verdicts.stream().filter(Targets.Verdict::met).count();
        long unmeasured = verdicts.stream().filter(v -> Double.isNaN(v.value())).count();
        b.append('\n').append(String.format("In this run: %d of %d targets met, %d missed, %d not measured.%n",
                met, verdicts.size(), verdicts.size() - met - unmeasured, unmeasured));
        String missed = missedAnalysis(analysis);
        if (!missed.isEmpty()) {
            b.append("\n## Why targets were missed in this run\n\nWhat we know of where the time goes in each ")
                    .append("missed workload, from profiles (written by hand in [").append(ANALYSIS).append("](")
                    .append(ANALYSIS).append("); the figures above are this run's).\n").append(missed);
        }
        if (jdbc) {
            b.append("\n## JDBC level").append(rowsTitle(jdbcRows.get(0)))
                    .append("\n\n![kvstore vs H2 vs SQLite per workload](").append(JDBC_CHART).append(")\n\n");
            b.append(jdbcTable("jdbc").markdown());
            for (String x : extraJdbcSections()) {
                b.append("\n### JDBC level").append(rowsTitle(Integer.parseInt(x.substring(5)))).append("\n\n")
                        .append(jdbcTable(x).markdown());
            }
            b.append("\nWhat a commit guarantees in the commit rows above:\n\n");
            for (JdbcSystem s : JdbcSystem.ALL) {
                b.append("- ").append(s.name()).append(" (`").append(s.urlPrefix()).append("...")
                        .append(s.urlSuffix()).append("`").append(s.properties().isEmpty() ? ""
                                : ", properties " + s.properties()).append("): ")
                        .append(Targets.find(results, "jdbc", Workloads.INSERT_1, s.name())
                                .filter(Measurement::present).map(Measurement::note).orElse(s.durability()))
                        .append(".\n");
            }
            b.append("\nH2 and SQLite run with their default page caches (sizes read back above where the driver ")
                    .append("reports them) and read from their files when the table does not fit; kvstore keeps the ")
                    .append("whole table in memory by design.\n");
            b.append("\nThe disk row is the rate of fdatasync after appending to a file, which also commits the file's ")
                    .append("new size; a log that overwrites space already allocated (as SQLite's WAL does once it ")
                    .append("wraps) can sync faster than that. Group commit lets several threads share one fdatasync.\n");
        }
        if (engine) {
            b.append("\n## Engine level (JMH)\n\n![engine operations](").append(ENGINE_CHART).append(")\n\n");
            b.append(engineTable().markdown());
            b.append("\n± is the half-width of JMH's 99.9% confidence interval over the measured iterations.\n");
        }
        if (has("footprint")) {
            b.append("\n## Heap per entry\n\n").append(footprintTable().markdown());
            b.append("\nMeasured in a separate JVM per system (serial collector, compressed oops): heap used after ")
                    .append("full collections, after minus before loading the entries, divided by their number. ")
                    .append("Overhead is that less the 116 payload bytes. `stats().memoryUsed()` is kvstore's own ")
                    .append("estimate, shown beside the measurement to check it.\n");
        }
        b.append("\n## Method\n\n").append(String.join("\n", METHOD)).append('\n');
        List<Measurement> gaps = results.stream().filter(m -> !m.present()).toList();
        if (!gaps.isEmpty()) {
            b.append("\n## Figures missing from this run\n\n");
            for (Measurement m : gaps) {
                b.append("- ").append(m.system()).append(", ").append(m.workload()).append(": ")
                        .append(m.note()).append('\n');
            }
        }
        return b.toString();
    }

    private static final List<String> METHOD = List.of(
            "- Data: 16-byte ASCII keys (`k` and 15 digits) and 100-byte pseudo-random values.",
            "- JDBC: one harness, the same SQL text on every driver; a fresh store per system; tables are plain "
                    + "`kv(key VARCHAR PRIMARY KEY, value VARBINARY)` (BLOB in SQLite); kvstore's driver provides "
                    + "its table. Each thread has its own connection. Timed workloads run a warm-up period, then "
                    + "count operations during a fixed measured period.",
            "- Batch load: PreparedStatement batches, commit every 5,000 rows. Point selects pick uniformly random "
                    + "loaded keys and check the value. Ad-hoc selects put the key as a literal into a new SQL "
                    + "text each time. Full scans read every key and value and check the row count.",
            "- Autocommit inserts: new keys, one row per statement, auto-commit on, on 1 and 8 connections.",
            "- Cold start: a new JVM per attempt that loads the driver, opens the loaded store and runs one "
                    + "literal point select; timed from process start to the printed result; median of the attempts.",
            "- Disk: append 100 bytes to a file and `FileChannel.force(false)` (fdatasync), in a loop, beside the stores.",
            "- Engine: JMH throughput mode, each benchmark in its own forked JVM, on a map preloaded with the entries; "
                    + "keys drawn uniformly at random per thread. `delete` is a delete of a present key plus its "
                    + "re-insert (one op = both), so the map keeps its size. `mixed` is 90% get, 10% put. "
                    + "kvstore-file is `KvStore.open` with `SyncPolicy.NONE`; chm is "
                    + "`ConcurrentHashMap<wrapper, byte[]>` storing the caller's arrays (no copies: the ceiling); "
                    + "mvmap is H2's `MVMap<byte[], byte[]>` in an in-memory `MVStore`.",
            "- The machine may be shared; the load average is stated above. On a shared 2-core machine repeated runs "
                    + "can differ several-fold on some workloads: compare systems within one run, and rerun before "
                    + "reading much into a single ratio near its target.");

    private List<String> engineWorkloads() {
        return results.stream().filter(m -> m.section().equals("engine")).map(Measurement::workload).distinct()
                .sorted((a, b) -> {
                    int oa = Workloads.ENGINE_OPS.indexOf(a.substring(0, a.indexOf(',')));
                    int ob = Workloads.ENGINE_OPS.indexOf(b.substring(0, b.indexOf(',')));
                    return oa != ob ? Integer.compare(oa, ob) : a.compareTo(b);
                }).toList();
    }

    private String unitOf(String section, String workload) {
        return results.stream().filter(m -> m.section().equals(section) && m.workload().equals(workload))
                .map(Measurement::unit).findFirst().orElse("");
    }

    private String ratioCell(String section, String workload, String system, List<String> baselines,
                             boolean lowerIsBetter) {
        Optional<Measurement> own = Targets.find(results, section, workload, system);
        Optional<Measurement> best = Targets.bestOf(results, section, workload, baselines, lowerIsBetter);
        if (own.isEmpty() || !own.get().present() || best.isEmpty()) {
            return "n/a";
        }
        String r = Format.ratio(own.get().value() / best.get().value());
        return baselines.size() > 1 ? r + " (" + best.get().system() + ")" + (lowerIsBetter ? ", lower is better" : "")
                : r;
    }
}
