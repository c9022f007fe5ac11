package io.kvstore.bench;

import io.kvstore.bench.jdbc.JdbcSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags of {@link BenchMain}, with their defaults (a run of about five minutes on 2 cores).
 *
 * <p>Immutable once parsed.
 */
final class BenchOptions {
    private static final Map<String, String[]> FLAGS = new LinkedHashMap<>();

    static {
        flag("rows", "200000", "rows in the JDBC table; a list such as 200000,2000000 runs each size in turn "
                + "(the first is judged against the targets)");
        flag("warmup-seconds", "1", "JDBC: warm-up before each timed workload, seconds");
        flag("seconds", "3", "JDBC: measured time of each timed workload, seconds");
        flag("cold-runs", "3", "JDBC: child JVMs per system for the cold start (median)");
        flag("systems", "kvstore,H2,SQLite", "JDBC systems to run, comma-separated");
        flag("engine-entries", "1000000", "engine: entries preloaded for JMH and the heap measurement");
        flag("jmh-forks", "1", "engine: JMH forks per benchmark");
        flag("jmh-warmups", "3", "engine: JMH warm-up iterations");
        flag("jmh-iterations", "6", "engine: JMH measured iterations");
        flag("jmh-iteration-ms", "300", "engine: length of each JMH iteration, ms");
        flag("jmh-heap", "2g", "engine: heap of each JMH fork (-Xms and -Xmx)");
        flag("threads", "1,2", "engine: thread counts");
        flag("skip", "", "parts to leave out, comma-separated: engine, footprint, jdbc");
        flag("only", "", "run only these parts, comma-separated: engine, footprint, jdbc (the report page), and "
                + "commit, reads, coldload (write/read path parts), ordered (range, prefix, ORDER BY and count "
                + "queries on --ordered-rows keys), ttl (expiry: memory, throughput, sweep), executor (framework-spelled "
                + "statements), upsert (UPSERT, ON CONFLICT, MERGE), remote (prepared point select over loopback: "
                + "kvstore's JDBC server against H2's TCP server), compression (the compression option: "
                + "memory, load, reads, snapshots, peers' sizes, codecs); these print their own "
                + "section and never rewrite docs/benchmarks.md (ttl writes its chart, benchmarks-ttl.png, to --docs, "
                + "or to --work with --docs none)");
        flag("remote-rounds", "7", "remote: interleaved measured rounds of --seconds each per system");
        flag("ordered-rows", "1000000", "ordered: keys loaded per system");
        flag("ordered-reps", "1000", "ordered: measured executions per query (after the warm-ups; at most 10 s of them)");
        flag("ordered-warmups", "2000",
                "ordered: warm-up executions per query (at most 5 s of them), so that the JIT has compiled each path");
        flag("compression-entries", "1000000", "compression: JSON values loaded per codec");
        flag("compression-random-entries", "1000000", "compression: random 100-byte values loaded per codec");
        flag("compression-rounds", "5", "compression: measured rounds of point reads and reopens (median)");
        flag("compression-load-rounds", "3", "compression: fresh-store load rounds per codec, order rotated (median)");
        flag("compression-heap", "4g", "compression: heap of the child JVM the bench runs in (-Xms = -Xmx,"
                + " pre-touched); 'inherit' runs it in this JVM");
        flag("compression-peers", "on", "compression: 'off' leaves out H2, SQLite and Redis");
        flag("compression-order", "none,lz4,zstd-dict", "compression: the codecs measured (none and any of lz4,"
                + " zstd, zstd-dict), in the order of the first round (rotated by one each round)");
        flag("ttl-keys", "1000000", "ttl: keys loaded (half of them with a time to live)");
        flag("ttl-spread-seconds", "60", "ttl: the times to live are spread evenly over this many seconds");
        flag("commit-threads", "1,8,64", "commit: thread counts of the durable-commit workloads");
        flag("commit-rounds", "3", "commit: rounds of the JDBC durable-commit workloads (kvstore and SQLite "
                + "alternate; the median round is reported)");
        flag("read-rounds", "15", "reads: rounds of the interleaved one-JVM read comparison");
        flag("async-windows", "64,1024", "commit: writes in flight for the engine putAsync workload");
        flag("docs", "docs", "directory for benchmarks.md and the charts; 'none' writes no docs");
        flag("durable-commit", "off", "'on': run only the durable-commit workload (sync=always puts with --threads, "
                + "--seconds per round, 5 rounds, and the cost of the store's file-identity check) and print it; "
                + "writes no docs");
        flag("work", System.getProperty("java.io.tmpdir") + "/kv-bench", "scratch directory for the stores");
    }

    private static void flag(String name, String def, String help) {
        FLAGS.put(name, new String[] {def, help});
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> args;

    private BenchOptions(List<String> args) {
        this.args = args;
    }

    /** Parses {@code --name value} or {@code --name=value} pairs; throws IllegalArgumentException on anything else. */
    static BenchOptions parse(String[] argv) {
        BenchOptions o = new BenchOptions(List.of(argv));
        for (Map.Entry<String, String[]> e : FLAGS.entrySet()) {
            o.values.put(e.getKey(), e.getValue()[0]);
        }
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (see --help)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help")) {
                value = "true";
            } else if (i + 1 < argv.length) {
                value = argv[++i];
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value");
            }
            if (!name.equals("help") && !FLAGS.containsKey(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
            }
            o.values.put(name, value);
        }
        return o;
    }

    static String usage() {
        StringBuilder b = new StringBuilder("Usage: java -jar kv-bench/target/kv-bench.jar [flags]\n\n");
        for (Map.Entry<String, String[]> e : FLAGS.entrySet()) {
            b.append(String.format("  --%-18s %s (default: %s)%n", e.getKey(), e.getValue()[1],
                    e.getValue()[0].isEmpty() ? "none" : e.getValue()[0]));
        }
        return b.toString();
    }

    /** Parses every typed flag once, so that a bad value fails before anything runs. */
    void validate() {
        integers("rows");
        integers("threads");
        integers("commit-threads");
        integers("async-windows");
        for (String part : values.get("only").split(",")) {
            if (!part.isBlank() && !List.of("engine", "footprint", "jdbc", "commit", "reads", "coldload", "ordered",
                    "ttl", "executor", "upsert", "remote", "compression")
                    .contains(part.trim().toLowerCase())) {
                throw new IllegalArgumentException("unknown part '" + part + "' in --only");
            }
        }
        for (String n : List.of("warmup-seconds", "seconds", "cold-runs", "commit-rounds", "read-rounds", "engine-entries", "jmh-forks",
                "jmh-warmups", "jmh-iterations", "jmh-iteration-ms")) {
            if (integer(n) < (n.equals("jmh-warmups") ? 0 : 1)) {
                throw new IllegalArgumentException("--" + n + " must be positive: " + values.get(n));
            }
        }
        systems();
    }

    boolean help() {
        return values.containsKey("help");
    }

    List<String> rawArgs() {
        return args;
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name).replace("_", "").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + values.get(name));
        }
    }

    List<Integer> integers(String name) {
        List<Integer> out = new ArrayList<>();
        for (String s : values.get(name).split(",")) {
            try {
                out.add(Integer.parseInt(s.replace("_", "").trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be integers separated by commas: " + values.get(name));
            }
        }
        return out;
    }

    boolean skips(String part) {
        if (!values.get("only").isEmpty()) {
            return !runs(part);
        }
        return Arrays.stream(values.get("skip").split(",")).map(String::trim).anyMatch(part::equalsIgnoreCase);
    }

    /** Whether {@code part} was named in {@code --only}. */
    boolean runs(String part) {
        return Arrays.stream(values.get("only").split(",")).map(String::trim).anyMatch(part::equalsIgnoreCase);
    }

    /** Whether {@code --only} names only the write/read path parts (so there is no report page to write). */
    boolean onlyWritePath() {
        return !values.get("only").isEmpty() && !runs("engine") && !runs("footprint") && !runs("jdbc");
    }

    Path path(String name) {
        return Path.of(values.get(name));
    }

    List<JdbcSystem> systems() {
        List<JdbcSystem> out = new ArrayList<>();
        for (String s : values.get("systems").split(",")) {
            JdbcSystem sys = JdbcSystem.ALL.stream().filter(j -> j.name().equalsIgnoreCase(s.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown system '" + s + "'"));
            out.add(sys);
        }
        return out;
    }
}
