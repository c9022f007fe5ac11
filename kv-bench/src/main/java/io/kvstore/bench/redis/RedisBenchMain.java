package io.kvstore.bench.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * kvstore's Redis-protocol server against redis-server, in one run, with {@code redis-benchmark} as the client for
 * both: {@code -t set,get,incr,mset} at {@code -c 1}, {@code -c 50} and {@code -c 50 -P 16}, under matching
 * durability (kvstore {@code appendfsync always} = sync per group commit against Redis {@code appendonly yes,
 * appendfsync always}; kvstore {@code everysec} = the store's interval policy against Redis' {@code everysec}),
 * then memory per key after loading 1M keys of 16 bytes with 100-byte values into each. Both servers run as child
 * processes on 127.0.0.1 and free ports, with their own directories, and are stopped at the end. Prints a markdown
 * section for docs/benchmarks.md on standard output.
 *
 * <p>Run from the repository root after {@code mvn -q -pl kv-bench -am package -DskipTests}:
 * {@code java -cp kv-bench/target/kv-bench.jar io.kvstore.bench.redis.RedisBenchMain [--requests 200000]
 * [--requests-c1 20000] [--keys 1000000] [--modes always,everysec] [--rounds 1] [--memory-rounds 1] [--warmup full]
 * [--work DIR]}.
 * With several rounds, each round starts fresh servers of both and the order in which the two are measured
 * alternates (kvstore first in odd rounds), and the summary gives the median of the rounds' kvstore/Redis ratios
 * with their range: on a machine where one run's figures move by 5-40%, one paired run says little. Without redis-benchmark or
 * redis-server on the PATH it says how to install them and exits 0 without measuring.
 *
 * <p>Narrowing and A/B runs: {@code --tests incr,get} (default {@code set,get,incr,mset}) and {@code --clients
 * c50,p16} ({@code c1} = {@code -c 1}, {@code c50} = {@code -c 50}, {@code p16} = {@code -c 50 -P 16}; default all
 * three) measure only those (not {@code --threads}: redis-benchmark's threaded mode reports a 200,000-request run in
 * steps of 250 ms, 0.4M or 0.8M requests a second, measured in session 10); {@code --peer-cp CLASSPATH} puts a second kvstore server started from that class path
 * (an older kv-bench.jar) in Redis' place, so the ratios are this build against that one, with the same alternation;
 * {@code --kv-jvm-opts} and {@code --peer-jvm-opts} (space-separated) add JVM options after the launcher's;
 * {@code --kv-server-opts} and {@code --peer-server-opts} (space-separated) add server options (for example
 * {@code --io-transport epoll}), so one build can be compared with itself under two settings
 * ({@code --peer-cp} set to the same jar).
 *
 * <p>Warm-up: before measuring, each server gets {@code -t set,get,incr,mset -n 100000 -c 50 -P 4} and then, with
 * {@code --warmup full} (the default), every measured call once, unmeasured, so that the JVM server's JIT has compiled
 * the paths measured (a 200,000-request pipelined GET lasts about 0.3 s); {@code --warmup short} skips the second
 * part (the warm-up before session 12). Redis gets the same for symmetry.
 *
 * <p>Server CPU: each test runs as its own redis-benchmark call, and the server's CPU time over that call (the sum
 * of its threads' run time in {@code /proc/PID/task/TID/schedstat}, nanoseconds; every thread, JIT and GC
 * included) divided by the requests gives a second table, microseconds of server CPU per request. A third gives
 * redis-benchmark's own CPU over its run as a share of one core (user + system time of the child, from the shell's
 * {@code times}): near 100% (one thread) it is the client, not the server, that sets the pace.
 */
public final class RedisBenchMain {
    private static final Pattern READY = Pattern.compile("ready to accept connections on port (\\d+)");
    /** redis-benchmark's test names (its CSV column), by {@code -t} name. */
    private static final Map<String, String> TEST_NAMES = Map.of("set", "SET", "get", "GET", "incr", "INCR",
            "mset", "MSET (10 keys)");
    private static final Map<String, String> CLIENT_ARGS = Map.of("c1", "-c 1", "c50", "-c 50", "p16", "-c 50 -P 16");

    private RedisBenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("requests", "200000");
        o.put("requests-c1", "20000");
        o.put("keys", "1000000");
        o.put("modes", "always,everysec");
        o.put("rounds", "1");
        o.put("memory-rounds", "1");
        o.put("work", System.getProperty("java.io.tmpdir") + "/kv-bench-redis");
        o.put("tests", "set,get,incr,mset");
        o.put("clients", "c1,c50,p16");
        o.put("peer-cp", "");
        o.put("kv-jvm-opts", "");
        o.put("peer-jvm-opts", "");
        o.put("kv-server-opts", "");
        o.put("peer-server-opts", "");
        o.put("warmup", "full");
        if (List.of(argv).contains("--help") || List.of(argv).contains("-h")) {
            System.out.println("RedisBenchMain [--name value]...; flags and defaults: " + o
                    + "\n(see the class javadoc for their meaning)");
            return;
        }
        for (int i = 0; i + 1 < argv.length; i += 2) {
            String name = argv[i].replaceFirst("^--", "");
            if (!o.containsKey(name)) {
                System.err.println("unknown flag " + argv[i] + "; flags: " + o.keySet());
                System.exit(2);
            }
            o.put(name, argv[i + 1]);
        }
        for (String tool : List.of("redis-benchmark", "redis-server")) {
            if (which(tool) == null) {
                System.out.println("## Redis protocol server vs Redis\n\nSkipped: `" + tool + "` is not on the PATH."
                        + " Install Debian's packages (`sudo apt-get install redis-server redis-tools`; stop the"
                        + " redis-server service they start if you do not want it) and run again.");
                return;
            }
        }
        List<String> tests = selected(o.get("tests"), TEST_NAMES, "test", "set,get,incr,mset");
        List<String> clientRows = selected(o.get("clients"), CLIENT_ARGS, "clients", "c1,c50,p16");
        String peerCp = o.get("peer-cp");
        List<String> kvOpts = options(o.get("kv-jvm-opts"));
        List<String> peerOpts = options(o.get("peer-jvm-opts"));
        List<String> kvServerOpts = options(o.get("kv-server-opts"));
        List<String> peerServerOpts = options(o.get("peer-server-opts"));
        boolean fullWarmup = switch (o.get("warmup")) {
            case "full" -> true;
            case "short" -> false;
            default -> throw new IllegalArgumentException("--warmup full|short, not " + o.get("warmup"));
        };
        String peerName = peerCp.isEmpty() ? "Redis 7" : "baseline";
        Path work = Path.of(o.get("work")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        int n = Integer.parseInt(o.get("requests"));
        int n1 = Integer.parseInt(o.get("requests-c1"));
        int rounds = Integer.parseInt(o.get("rounds"));
        // -c 1 is measured with fewer requests (--requests-c1)
        java.util.function.ToIntFunction<String> requestsFor = clients -> clients.equals("-c 1") ? n1 : n;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder md = new StringBuilder();
        md.append("## Redis protocol server vs Redis\n\n");
        md.append(String.format(Locale.ROOT, "Load average at start: %.2f (2 cores, shared with other work: compare only"
                + " within this run). `%s`; redis-benchmark -q --csv, %d requests (-c 1: %d), default 3-byte values;"
                + " MSET sets 10 keys per request; %d round(s), each with fresh servers of both, the order of the two"
                + " alternating from round to round.%n%n", load,
                peerCp.isEmpty() ? version("redis-server") : "baseline: kvstore from " + peerCp, n, n1, rounds));
        if (!kvServerOpts.isEmpty() || !peerServerOpts.isEmpty() || !kvOpts.isEmpty() || !peerOpts.isEmpty()) {
            md.append("kvstore: JVM options ").append(kvOpts).append(", server options ").append(kvServerOpts)
                    .append("; ").append(peerName).append(": JVM options ").append(peerOpts).append(", server options ")
                    .append(peerServerOpts).append(".\n\n");
        }
        md.append("| round | durability | clients | system |");
        tests.forEach(test -> md.append(' ').append(test).append(" |"));
        md.append("\n|---|---|---|---|").append("---|".repeat(tests.size())).append('\n');
        String t = o.get("tests");
        // ratios.get("always, -c 50").get("SET") = kvstore/Redis of each round
        Map<String, Map<String, List<Double>>> ratios = new LinkedHashMap<>();
        StringBuilder cpu = new StringBuilder();
        // cpuRatios.get("always, -c 50").get("SET") = kvstore/peer server CPU per request of each round
        Map<String, Map<String, List<Double>>> cpuRatios = new LinkedHashMap<>();
        StringBuilder client = new StringBuilder();
        for (int round = 1; round <= rounds; round++) {
            boolean kvFirst = round % 2 == 1;
            for (String mode : o.get("modes").split(",")) {
                Path dir = work.resolve("round-" + round);
                try (Server kv = kvstore("kvstore", System.getProperty("java.class.path"), kvOpts, kvServerOpts,
                        dir.resolve("kv-" + mode), mode);
                        Server redis = peerCp.isEmpty() ? redis(dir.resolve("redis-" + mode), mode)
                                : kvstore(peerName, peerCp, peerOpts, peerServerOpts, dir.resolve("peer-" + mode), mode)) {
                    List<Server> order = kvFirst ? List.of(kv, redis) : List.of(redis, kv);
                    // warm-up: the JIT of the kvstore server; the same for Redis for symmetry
                    for (Server s : order) {
                        bench(s.port, "-t set,get,incr,mset -n 100000 -c 50 -P 4");
                        if (fullWarmup) {
                            // every measured call once, unmeasured: the JIT has compiled the paths measured
                            for (String clients : clientRows) {
                                bench(s.port, "-t " + t + " -n " + requestsFor.applyAsInt(clients) + " " + clients);
                            }
                        }
                    }
                    for (String clients : clientRows) {
                        int requests = requestsFor.applyAsInt(clients);
                        Map<Server, Map<String, Double>> rps = new LinkedHashMap<>();
                        Map<Server, Map<String, Double>> micros = new LinkedHashMap<>();
                        Map<Server, Map<String, Double>> busy = new LinkedHashMap<>();
                        for (String test : t.split(",")) {
                            for (Server s : order) {
                                long cpu0 = cpuNanos(s.process.pid());
                                BenchRun run = bench(s.port, "-t " + test + " -n " + requests + " " + clients);
                                rps.computeIfAbsent(s, k -> new LinkedHashMap<>()).putAll(run.rps());
                                micros.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(TEST_NAMES.get(test),
                                        (cpuNanos(s.process.pid()) - cpu0) / 1000.0 / requests);
                                busy.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(TEST_NAMES.get(test),
                                        run.clientBusy() * 100);
                            }
                        }
                        String durability = mode.equals("always") ? "fsync per write (always)" : "fsync each second (everysec)";
                        md.append(row(round, durability, clients, "kvstore", rps.get(kv), tests))
                                .append(row(round, durability, clients, peerName, rps.get(redis), tests));
                        cpu.append(cpuRow(round, durability, clients, "kvstore", micros.get(kv), tests))
                                .append(cpuRow(round, durability, clients, peerName, micros.get(redis), tests));
                        client.append(cpuRow(round, durability, clients, "kvstore", busy.get(kv), tests))
                                .append(cpuRow(round, durability, clients, peerName, busy.get(redis), tests));
                        Map<String, List<Double>> byTest = ratios.computeIfAbsent(mode + ", " + clients, k -> new LinkedHashMap<>());
                        Map<String, List<Double>> cpuByTest = cpuRatios.computeIfAbsent(mode + ", " + clients,
                                k -> new LinkedHashMap<>());
                        for (String test : tests) {
                            byTest.computeIfAbsent(test, k -> new ArrayList<>()).add(rps.get(kv).getOrDefault(test, 0.0)
                                    / Math.max(1, rps.get(redis).getOrDefault(test, 1.0)));
                            cpuByTest.computeIfAbsent(test, k -> new ArrayList<>()).add(micros.get(kv).get(test)
                                    / Math.max(1e-9, micros.get(redis).get(test)));
                        }
                    }
                }
            }
        }
        md.append('\n');
        String ratioName = "kvstore/" + (peerCp.isEmpty() ? "Redis" : "baseline");
        md.append(rounds == 1 ? ratioName + ":\n\n" : ratioName + ", median of the rounds' ratios [lowest, highest]:\n\n");
        summary(md, ratios, tests);
        md.append("\nServer CPU per request, microseconds (all the server's threads, over each test's redis-benchmark"
                + " call):\n\n| round | durability | clients | system |");
        tests.forEach(test -> md.append(' ').append(test).append(" |"));
        md.append("\n|---|---|---|---|").append("---|".repeat(tests.size())).append('\n').append(cpu).append('\n');
        md.append("Server CPU per request, ").append(ratioName).append(rounds == 1 ? ":\n\n"
                : ", median of the rounds' ratios [lowest, highest] (below 1: kvstore spends less):\n\n");
        summary(md, cpuRatios, tests);
        md.append("\nredis-benchmark's own CPU over its run, % of one core (user + system of its one thread; the wall"
                + " time includes its start):\n\n| round | durability | clients | against |");
        tests.forEach(test -> md.append(' ').append(test).append(" |"));
        md.append("\n|---|---|---|---|").append("---|".repeat(tests.size())).append('\n').append(client).append('\n');
        int keys = Integer.parseInt(o.get("keys"));
        if (keys > 0 && Integer.parseInt(o.get("memory-rounds")) > 0) {
            md.append('\n').append(memory(work, keys, Integer.parseInt(o.get("memory-rounds")), kvOpts, peerCp, peerOpts));
        }
        System.out.print(md);
    }

    /** One line per row of {@code ratios}: each test's median ratio and, over several rounds, its range. */
    private static void summary(StringBuilder md, Map<String, Map<String, List<Double>>> ratios, List<String> tests) {
        for (Map.Entry<String, Map<String, List<Double>>> e : ratios.entrySet()) {
            StringBuilder line = new StringBuilder("- " + e.getKey() + ":");
            for (String test : tests) {
                List<Double> r = e.getValue().get(test);
                line.append(String.format(Locale.ROOT, " %s %.2fx", test.split(" ")[0], median(r)));
                if (r.size() > 1) {
                    line.append(String.format(Locale.ROOT, " [%.2f, %.2f]", Collections.min(r), Collections.max(r)));
                }
            }
            md.append(line).append('\n');
        }
    }

    /**
     * CPU time of every live thread of process {@code pid} so far, in nanoseconds ({@code /proc/PID/task/TID/schedstat},
     * first field); -1 where /proc does not have it.
     */
    static long cpuNanos(long pid) throws IOException {
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (Stream<Path> ts = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) ts::iterator) {
                try {
                    String line = Files.readString(task.resolve("schedstat")).trim();
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }

    private static String cpuRow(int round, String durability, String clients, String system,
            Map<String, Double> micros, List<String> tests) {
        StringBuilder b = new StringBuilder("| " + round + " | " + durability + " | " + clients + " | " + system + " |");
        for (String t : tests) {
            Double v = micros.get(t);
            b.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v)).append(" |");
        }
        return b.append('\n').toString();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    /** Space-separated JVM options (none for an empty string). */
    private static List<String> options(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private static String row(int round, String durability, String clients, String system, Map<String, Double> rps,
            List<String> tests) {
        StringBuilder b = new StringBuilder("| " + round + " | " + durability + " | " + clients + " | " + system + " |");
        for (String t : tests) {
            Double v = rps.get(t);
            b.append(' ').append(v == null ? "-" : String.format(Locale.ROOT, "%.1fk", v / 1000)).append(" |");
        }
        return b.append('\n').toString();
    }

    /**
     * Loads {@code keys} keys (16 bytes: key:%012d) with 100-byte values into each server and compares memory, in
     * {@code rounds} rounds with fresh servers, the order alternating.
     */
    private static String memory(Path work, int keys, int rounds, List<String> kvOpts, String peerCp,
            List<String> peerOpts) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Memory after loading %,d keys of 16 bytes with 100-byte values (pipelined SETs),"
                + " appendfsync everysec:%n%n", keys));
        md.append("| round | system | server's own count, bytes per key | live heap growth per key (after full GC) | RSS growth per key | RSS after load |\n|---|---|---|---|---|---|\n");
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path dir = work.resolve("memory-" + round);
            try (Server kv = kvstore("kvstore", System.getProperty("java.class.path"), kvOpts, List.of(), dir.resolve("kv"),
                    "everysec");
                    Server redis = peerCp.isEmpty() ? redis(dir.resolve("redis"), "everysec")
                            : kvstore("baseline", peerCp, peerOpts, List.of(), dir.resolve("peer"), "everysec")) {
                Map<Server, Double> rssPerKey = new LinkedHashMap<>();
                for (Server s : round % 2 == 1 ? List.of(kv, redis) : List.of(redis, kv)) {
                    boolean jvm = !s.name.startsWith("Redis");
                    if (jvm) {
                        gc(s.process.pid());
                    }
                    long usedBefore = infoLong(s.port, "used_memory");
                    long heapBefore = jvm ? infoLong(s.port, "used_memory_heap") : 0;
                    long rssBefore = settledRss(s.process.pid());
                    load(s.port, keys);
                    if (jvm) {
                        gc(s.process.pid());
                    }
                    long used = infoLong(s.port, "used_memory") - usedBefore;
                    String heap = jvm ? String.format(Locale.ROOT, "%.0f",
                            (double) (infoLong(s.port, "used_memory_heap") - heapBefore) / keys) : "-";
                    long rssAfter = settledRss(s.process.pid());
                    rssPerKey.put(s, (double) (rssAfter - rssBefore) / keys);
                    md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %.0f | %d MB |%n", round, s.name,
                            (double) used / keys, heap, rssPerKey.get(s), rssAfter >> 20));
                }
                ratios.add(rssPerKey.get(kv) / rssPerKey.get(redis));
            }
        }
        md.append(String.format(Locale.ROOT, "%nRSS growth per key, kvstore/%s: %.2fx",
                peerCp.isEmpty() ? "Redis" : "baseline", median(ratios)));
        if (ratios.size() > 1) {
            md.append(String.format(Locale.ROOT, " (median of %d rounds; [%.2f, %.2f])", ratios.size(),
                    Collections.min(ratios), Collections.max(ratios)));
        }
        md.append(".\n\nkvstore's own count is the engine's table estimate (`INFO memory` used_memory: entries and index);"
                + " the live heap growth is what a full GC leaves of the heap after the load, less what it left before"
                + " (the JVM's true cost per key); RSS is measured once settled after that full GC (`jcmd GC.run`), with the"
                + " launcher's JVM options (io.kvstore.server.ServerJvm: the heap shrinks to about 1.05x of the live data)."
                + " Redis' count is its used_memory.\n");
        return md.toString();
    }

    private static void load(int port, int keys) throws IOException {
        byte[] value = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 1 << 16);
            int batch = 10_000;
            for (int start = 0; start < keys; start += batch) {
                int end = Math.min(keys, start + batch);
                for (int i = start; i < end; i++) {
                    String k = String.format("key:%012d", i);
                    out.write(("*3\r\n$3\r\nSET\r\n$16\r\n" + k + "\r\n$100\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(value);
                    out.write('\r');
                    out.write('\n');
                }
                out.flush();
                for (int i = start; i < end; i++) {
                    int c;
                    while ((c = in.read()) != '\n') {
                        if (c < 0) {
                            throw new IOException("server closed the connection while loading");
                        }
                    }
                }
            }
        }
    }

    private static long infoLong(int port, String field) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(port), "info", "memory").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Matcher m = Pattern.compile(field + ":(\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The resident size once it has settled: G1 returns the memory a collection freed on a background thread
     * after the collection (JDK 16 and later), and the JVM's native-heap trimming runs on its own period, so right
     * after {@code jcmd GC.run} some of it is still counted. Polls every 200 ms until six readings in a row (a
     * second) stay within 0.5% of each other (at most 20 s), and returns the last. (Before session 8 two readings
     * within 1% were enough, which could stop in the middle of an uncommit.)
     */
    private static long settledRss(long pid) throws Exception {
        long low = rss(pid);
        long high = low;
        long now = low;
        int stable = 1;
        for (int i = 0; i < 100 && stable < 6; i++) {
            Thread.sleep(200);
            now = rss(pid);
            low = Math.min(low, now);
            high = Math.max(high, now);
            if (high - low < low / 200) {
                stable++;
            } else {
                low = now;
                high = now;
                stable = 1;
            }
        }
        return now;
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static void gc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (Files.isExecutable(Path.of(jcmd))) {
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(120, TimeUnit.SECONDS);
        }
    }

    /** What one redis-benchmark call measured: requests per second by test name, and its own CPU per second. */
    private record BenchRun(Map<String, Double> rps, double clientBusy) {
    }

    /**
     * Runs redis-benchmark (under a shell whose {@code times} reports the child's user and system time afterwards)
     * and returns requests per second by test name, and the client's CPU time over its wall time.
     */
    private static BenchRun bench(int port, String args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "redis-benchmark \"$@\" && times", "bash",
                "-h", "127.0.0.1", "-p", String.valueOf(port), "--csv"));
        cmd.addAll(List.of(args.split(" ")));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> rps = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^\"([^\"]+)\",\"([0-9.]+)\"", Pattern.MULTILINE).matcher(out);
        while (m.find()) {
            rps.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        if (rps.isEmpty()) {
            throw new IOException("redis-benchmark gave no figures: " + out);
        }
        // times: the shell's own user/system line, then its children's ("0m0.350s 0m1.150s")
        Matcher t = Pattern.compile("^(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s$", Pattern.MULTILINE).matcher(out);
        double children = -1;
        while (t.find()) {
            children = Integer.parseInt(t.group(1)) * 60 + Double.parseDouble(t.group(2))
                    + Integer.parseInt(t.group(3)) * 60 + Double.parseDouble(t.group(4));
        }
        return new BenchRun(rps, children < 0 ? Double.NaN : children / wall);
    }

    /** A child server process. */
    private record Server(String name, Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A kvstore server from class path {@code cp}, with the launcher's JVM options and then {@code extraOpts}. */
    private static Server kvstore(String name, String cp, List<String> extraOpts, List<String> serverOpts, Path dir,
            String mode) throws Exception {
        Files.createDirectories(dir.getParent());
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        // started as ./kvstore server starts it: the launcher's JVM options (io.kvstore.server.ServerJvm), no -Xmx
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(io.kvstore.server.ServerJvm.DEFAULT_OPTIONS);
        cmd.addAll(extraOpts);
        cmd.addAll(List.of("-cp", cp, "io.kvstore.server.ServerMain",
                dir.toString(), "--port", "0", "--appendfsync", mode));
        cmd.addAll(serverOpts);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        io.kvstore.server.ServerJvm.ENVIRONMENT.forEach(pb.environment()::putIfAbsent);
        Process p = pb.start();
        for (int i = 0; i < 1200 && p.isAlive(); i++) {
            Matcher m = READY.matcher(Files.readString(log));
            if (m.find()) {
                return new Server(name, p, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("kvstore server did not start: " + Files.readString(log));
    }

    private static Server redis(Path dir, String mode) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", mode, "--save", "",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new Server("Redis 7", p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not start on port " + port);
    }

    private static String which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String version(String tool) throws Exception {
        Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        return out.split(" sha=")[0];
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The values of the comma-separated names in {@code list}; exits with status 2 on an unknown name. */
    private static List<String> selected(String list, Map<String, String> names, String what, String known) {
        List<String> out = new ArrayList<>();
        for (String n : list.split(",")) {
            if (!names.containsKey(n)) {
                System.err.println("unknown " + what + " " + n + "; " + what + ": " + known);
                System.exit(2);
            }
            out.add(names.get(n));
        }
        return out;
    }
}
