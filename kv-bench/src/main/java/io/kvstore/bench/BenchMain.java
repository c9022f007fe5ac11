package io.kvstore.bench;

import io.kvstore.bench.engine.DurableCommitBench;
import io.kvstore.bench.engine.EngineRunner;
import io.kvstore.bench.engine.FootprintRunner;
import io.kvstore.bench.jdbc.JdbcBench;
import io.kvstore.bench.jdbc.OrderedBench;
import io.kvstore.bench.report.Measurement;
import io.kvstore.bench.report.Report;
import io.kvstore.bench.report.RunInfo;
import io.kvstore.bench.report.Workloads;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The one benchmark command: engine level (JMH), heap per entry, JDBC level, then the report (console tables,
 * {@code docs/benchmarks.md} and its charts), all from this one run.
 *
 * <p>Run from the repository root:
 * <pre>mvn -q -pl kv-bench -am package -DskipTests &amp;&amp; java -jar kv-bench/target/kv-bench.jar</pre>
 * or {@code ./kvstore bench}, which does both (it sets {@code -Dkvbench.command} so that the report names it).
 * Exit status 0 when the run completed (missed targets do not fail it), 2 on bad flags.
 */
public final class BenchMain {
    static final String BUILD = "mvn -q -pl kv-bench -am package -DskipTests";
    static final String RUN = "java -jar kv-bench/target/kv-bench.jar";

    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(argv);
            o.validate();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.usage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.print(BenchOptions.usage());
            return;
        }
        if (o.string("durable-commit").equals("on")) {
            new DurableCommitBench(o.path("work").toAbsolutePath(), o.integer("seconds"), 5, System.out)
                    .run(o.integers("threads"));
            return;
        }
        if (o.runs("ordered")) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf("[ordered] load average at start %.2f%n", load);
            new OrderedBench(new OrderedBench.Settings(o.integer("ordered-rows"), o.integer("ordered-warmups"),
                    o.integer("ordered-reps"), o.systems()), o.path("work").toAbsolutePath(), System.out).run();
            System.out.printf("[ordered] load average at end %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        if (o.runs("ttl")) {
            Path work = o.path("work").toAbsolutePath();
            Files.createDirectories(work);
            // the chart goes beside the other charts (docs/ by default); benchmarks.md itself is not rewritten
            String docs = o.string("docs");
            Path chart = (docs.equals("none") ? work : Path.of(docs)).resolve("benchmarks-ttl.png");
            String section = new io.kvstore.bench.engine.TtlBench(o.integer("ttl-keys"),
                    o.integer("ttl-spread-seconds"), chart, System.out).run();
            Files.writeString(work.resolve("ttl-section.md"), section);
            System.out.print(section);
        }
        if (o.runs("compression")) {
            Path work = o.path("work").toAbsolutePath();
            Files.createDirectories(work);
            String heap = o.string("compression-heap");
            if (!heap.equals("inherit") && !Boolean.getBoolean(io.kvstore.bench.compress.CompressionBench.CHILD)) {
                // a fixed, pre-touched heap: see CompressionBench ("Method"); the child prints the section
                io.kvstore.bench.compress.CompressionBench.child(heap, argv, work);
            } else {
                String section = new io.kvstore.bench.compress.CompressionBench(o.integer("compression-entries"),
                        o.integer("compression-random-entries"), o.integer("compression-rounds"),
                        o.string("compression-peers").equals("on"), work, System.out)
                        .order(java.util.Arrays.asList(o.string("compression-order").split(",")))
                        .loadRounds(o.integer("compression-load-rounds"))
                        .command(System.getProperty("kvbench.compression.command",
                                "java -jar kv-bench/target/kv-bench.jar " + String.join(" ", argv))).run();
                System.out.print(section);
            }
        }
        if (o.runs("executor")) {
            JdbcBench.Settings s = new JdbcBench.Settings(o.integers("rows"), o.integer("warmup-seconds") * 1000L,
                    o.integer("seconds") * 1000L, o.integer("cold-runs"), o.systems());
            System.out.printf("load average when the run started: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            new io.kvstore.bench.jdbc.ExecutorBench(s, o.path("work").toAbsolutePath(), System.out).run();
            System.out.printf("load average when the run ended: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        if (o.runs("remote")) {
            String section = new io.kvstore.bench.jdbc.RemoteBench(o.integers("rows").get(0),
                    o.integer("warmup-seconds") * 1000L, o.integer("seconds") * 1000L, o.integer("remote-rounds"),
                    o.path("work").toAbsolutePath(), System.out).run();
            System.out.println();
            System.out.print(section);
            Files.writeString(o.path("work").toAbsolutePath().resolve("remote-section.md"), section);
        }
        if (o.runs("upsert")) {
            JdbcBench.Settings s = new JdbcBench.Settings(o.integers("rows"), o.integer("warmup-seconds") * 1000L,
                    o.integer("seconds") * 1000L, o.integer("cold-runs"), o.systems());
            System.out.printf("load average when the run started: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            new io.kvstore.bench.jdbc.UpsertBench(s, o.path("work").toAbsolutePath(), System.out).run();
            System.out.printf("load average when the run ended: %.2f%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        Instant started = Instant.now();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path work = o.path("work").toAbsolutePath();
        Files.createDirectories(work);
        List<Measurement> results = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        settings.add(String.format("load average when the run started: %.2f", loadAtStart));

        if (!o.skips("engine")) {
            EngineRunner.Settings s = new EngineRunner.Settings(o.integer("jmh-forks"), o.integer("jmh-warmups"),
                    o.integer("jmh-iterations"), o.integer("jmh-iteration-ms"), o.integer("engine-entries"),
                    o.integers("threads"), List.of("kvstore-mem", "kvstore-file", "chm", "mvmap"),
                    o.string("jmh-heap"), Workloads.ENGINE_OPS);
            settings.add(String.format("engine: %,d entries; JMH %d fork(s) per benchmark, %d warm-up and %d measured "
                            + "iterations of %d ms, threads %s, fork heap %s", s.entries(), s.forks(),
                    s.warmupIterations(), s.iterations(), s.iterationMillis(), s.threads(), s.heap()));
            Path log = work.resolve("jmh.log");
            System.out.println("[engine] JMH running; its output goes to " + log + ".*");
            try {
                results.addAll(new EngineRunner(s, log).run());
            } catch (RunnerException | RuntimeException e) {
                String why = "JMH failed: " + Failures.oneLine(e);
                System.out.println("[engine] " + why);
                for (int t : s.threads()) {
                    for (String op : Workloads.ENGINE_OPS) {
                        for (String sys : s.systems()) {
                            results.add(Measurement.missing("engine", Workloads.engine(op, t), sys, "ops/s", why));
                        }
                    }
                }
            }
        }
        if (!o.skips("footprint")) {
            System.out.println("[footprint] measuring heap per entry in child JVMs");
            results.addAll(new FootprintRunner(List.of("kvstore-mem", "chm", "mvmap"),
                    o.integer("engine-entries")).run());
        }
        if (!o.skips("jdbc")) {
            JdbcBench.Settings s = new JdbcBench.Settings(o.integers("rows"), o.integer("warmup-seconds") * 1000L,
                    o.integer("seconds") * 1000L, o.integer("cold-runs"), o.systems());
            settings.add(String.format("JDBC: %s rows; each timed workload %d s warm-up then %d s measured; "
                    + "cold start median of %d child JVMs", s.rows(), o.integer("warmup-seconds"),
                    o.integer("seconds"), s.coldStartRuns()));
            results.addAll(new JdbcBench(s, work, System.out).run());
        }

        StringBuilder section = new StringBuilder();
        if (o.runs("commit")) {
            List<io.kvstore.bench.writepath.CommitRow> rows = new ArrayList<>();
            System.out.println("[commit] durable commits: JDBC on kvstore and SQLite, then the engine API");
            long warm = o.integer("warmup-seconds") * 1000L;
            long measure = o.integer("seconds") * 1000L;
            rows.addAll(io.kvstore.bench.jdbc.DurableCommitBench.run(o.integers("commit-threads"),
                    o.integer("commit-rounds"), warm, measure,
                    work, System.out));
            rows.addAll(io.kvstore.bench.writepath.EngineCommitBench.run(o.integers("commit-threads"),
                    o.integers("async-windows"), warm, measure, work, System.out));
            section.append(io.kvstore.bench.writepath.WritePathReport.commits(rows, java.util.Map.of(
                    "JDBC autocommit insert, 8 threads", 10.0, "JDBC autocommit insert, 64 threads", 30.0)))
                    .append('\n');
        }
        if (o.runs("coldload")) {
            int rows = o.integers("rows").get(0);
            int runs = o.integer("cold-runs");
            System.out.printf("[coldload] %,d rows, %d fresh JVMs per system%n", rows, runs);
            List<io.kvstore.bench.writepath.CommitRow> rows2 = io.kvstore.bench.jdbc.ColdLoadBench.run(rows, runs,
                    work, List.of(), System.out);
            section.append(io.kvstore.bench.writepath.WritePathReport.coldLoad(rows2, 1.5)).append('\n');
        }
        if (o.runs("reads")) {
            List<String> systems = List.of("kvstore-mem", "kvstore-file", "chm");
            EngineRunner.Settings s = new EngineRunner.Settings(o.integer("jmh-forks"), o.integer("jmh-warmups"),
                    o.integer("jmh-iterations"), o.integer("jmh-iteration-ms"), o.integer("engine-entries"),
                    o.integers("threads"), systems, o.string("jmh-heap"), List.of("get", "getView"));
            System.out.println("[reads] JMH get and getView; its output goes to " + work.resolve("jmh-reads.log") + ".*");
            List<Measurement> reads = new EngineRunner(s, work.resolve("jmh-reads.log")).run();
            for (Measurement m : reads) {
                System.out.printf("[reads] %-12s %-22s %s%n", m.system(), m.workload(),
                        io.kvstore.bench.report.Format.withError(m));
            }
            section.append(String.format("Engine reads: JMH, %,d entries, %d fork(s), %d warm-up and %d measured "
                            + "iterations of %d ms.%n%n", s.entries(), s.forks(), s.warmupIterations(), s.iterations(),
                    s.iterationMillis()));
            section.append(io.kvstore.bench.writepath.WritePathReport.reads(reads, systems)).append('\n');
            int rounds = o.integer("read-rounds");
            System.out.println("[reads] interleaved in this JVM: " + rounds + " rounds of 200 ms slices");
            List<Measurement> inter = io.kvstore.bench.engine.InterleavedReads.run(o.integer("engine-entries"),
                    o.integers("threads"), rounds, 200, System.out);
            section.append(String.format("Engine reads interleaved in one JVM: %,d entries, %d rounds of 200 ms "
                    + "slices per system, median slice (error = half the range); rates are operations per second of "
                    + "the reader threads' own CPU time, times the number of readers.%n%n",
                    o.integer("engine-entries"), rounds));
            section.append(io.kvstore.bench.writepath.WritePathReport.interleavedReads(inter, o.integers("threads")))
                    .append('\n');
        }
        if (section.length() > 0) {
            System.out.printf("%n%s%n", String.format("load average at start %.2f, at end %.2f", loadAtStart,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.print(section);
            Files.writeString(work.resolve("writepath-section.md"), section.toString());
        }
        if (o.onlyWritePath()) {
            return;
        }
        Report report = new Report(results, o.integers("rows"));
        System.out.print(report.consoleText());
        String docs = o.string("docs");
        if (!docs.equals("none")) {
            String launcher = System.getProperty("kvbench.command");
            String command = (launcher != null ? launcher : BUILD + " && " + RUN)
                    + (o.rawArgs().isEmpty() ? "" : " " + String.join(" ", o.rawArgs()));
            RunInfo info = new RunInfo(command, started, Instant.now(), settings, RunInfo.machineFacts(work));
            report.writeDocs(Path.of(docs), info);
            System.out.println("\nWrote " + Path.of(docs).resolve("benchmarks.md") + " and its charts.");
        }
    }
}
