package io.kvstore.bench.compress;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStats;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.SyncPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * {@code --only compression}: the {@code compression} store option measured on this machine, in one run (issue
 * #16). Data sets: the deterministic JSON documents of {@link JsonValues} and random 100-byte values; codecs of
 * {@code --compression-order} (by default none, lz4 and zstd-dict; zstd, aircompressor's without a dictionary, on
 * request). Side by side for the JSON data: H2 and SQLite file sizes, and Redis' memory and RDB size when
 * {@code redis-server} is installed. Then the codec candidates ({@link CodecBench}). Prints a markdown section and
 * writes it to {@code compression-section.md} in the work directory; docs/benchmarks.md is not rewritten.
 *
 * <p><b>Method (session 6), the same for every codec.</b>
 * <ul>
 *   <li>The bench runs in a child JVM with a fixed, pre-touched heap ({@code --compression-heap}, {@link #child}):
 *       a growing heap's first-touch page faults land on whichever phase happens to grow it, and moved one codec's
 *       per-value figures by up to 3x in session 6's probes.</li>
 *   <li>A warm-up load and read of 100,000 values per codec first.</li>
 *   <li>Batch load (transactions of 1,000 puts, sync=interval): {@code --compression-load-rounds} rounds, each
 *       codec into a fresh store per round, one store open at a time, the codecs' order rotated each round (each
 *       codec takes each position), a GC before each timed load. Reported: the median rate and the range, the
 *       median of the per-round ratios to {@code none} with their range, and CPU time per value (the writer's
 *       thread, and the whole process: helper threads, the log, GC).</li>
 *   <li>Memory per entry ({@link KvStats#memoryUsed()}, the engine's heap estimate that the memory limit uses, with
 *       the dictionary's bytes), log bytes, snapshot size and write time: from the load rounds (all rounds give the
 *       same sizes; the time is the median).</li>
 *   <li>Point reads (single thread, uniformly random keys): all codecs' stores opened from their snapshots and
 *       read in {@code --compression-rounds} alternating rounds (rotated order, a GC before each), after one
 *       warm-up round; median and range, and thread CPU per get.</li>
 *   <li>Open from the snapshot: median of {@code --compression-rounds} alternating reopens.</li>
 * </ul>
 * For zstd-dict the store trains its dictionary from its first 256 KiB of values while the load runs (those values
 * stay plain), so its figures include training and the dictionary's bytes.
 */
public final class CompressionBench {
    /** The default codecs, in the order of each round. */
    public static final List<String> DEFAULT_ORDER = List.of("none", "lz4", "zstd-dict");
    private static final int BATCH = 1000;

    private final int entries;
    private final int randomEntries;
    private final int rounds;
    private int loadRounds = 3;
    private final boolean peers;
    private List<String> order = DEFAULT_ORDER;
    private final Path work;
    private final PrintStream out;

    public CompressionBench(int entries, int randomEntries, int rounds, boolean peers, Path work, PrintStream out) {
        this.peers = peers;
        this.entries = entries;
        this.randomEntries = randomEntries;
        this.rounds = rounds;
        this.work = work;
        this.out = out;
    }

    /** Figures of one codec on one data set; the lists hold one figure per round. */
    static final class Result {
        final List<Double> loads = new ArrayList<>();
        final List<Double> loadWriterCpuNs = new ArrayList<>();
        final List<Double> loadProcessCpuNs = new ArrayList<>();
        final List<Double> reads = new ArrayList<>();
        final List<Double> readCpuNs = new ArrayList<>();
        final List<Double> snapshots = new ArrayList<>();
        final List<Double> opens = new ArrayList<>();
        double loadPerSec;
        double memoryPerEntry;
        double ratio;
        long walBytes;
        double readsPerSec;
        long snapshotBytes;
        double snapshotMillis;
        double openMillis;
        long dictionaryBytes;
    }

    /** Fresh-store load rounds per codec (at least 1). */
    public CompressionBench loadRounds(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("load rounds must be >= 1: " + n);
        }
        this.loadRounds = n;
        return this;
    }

    /**
     * The codecs measured, in the order in which their stores are loaded, read and opened in each round (to check
     * position bias): {@code none} (the baseline) and any of lz4, zstd and zstd-dict, each once.
     */
    public CompressionBench order(List<String> codecs) {
        List<String> c = codecs.stream().map(String::trim).toList();
        if (!c.contains("none") || new java.util.HashSet<>(c).size() != c.size()) {
            throw new IllegalArgumentException("order must name none and each other codec once: " + codecs);
        }
        for (String codec : c) {
            KvOptions.builder().compression(codec); // refuses an unknown name, or zstd-dict without its natives
        }
        this.order = List.copyOf(c);
        return this;
    }

    private String command = "(not given)";

    /** The command line that ran this bench, printed at the head of the section. */
    public CompressionBench command(String command) {
        this.command = command;
        return this;
    }

    /** The system property that marks the child JVM of {@link #child}. */
    public static final String CHILD = "kvbench.compression.child";

    /**
     * Runs this bench in a child JVM with a fixed, pre-touched heap of {@code heap} ({@code -Xms -Xmx
     * -XX:+AlwaysPreTouch}), the same classpath and {@code argv} (with {@code --only compression}); its output goes
     * to this process's. Returns the section it wrote to {@code compression-section.md} in {@code work}.
     *
     * @throws IOException the child failed (its exit status is in the message)
     */
    public static String child(String heap, String[] argv, Path work) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch", "-D" + CHILD + "=true",
                "-Dkvbench.compression.command=" + System.getProperty("kvbench.compression.command",
                        "java -jar kv-bench/target/kv-bench.jar " + String.join(" ", argv)),
                "-cp", System.getProperty("java.class.path")));
        for (String name : System.getProperties().stringPropertyNames()) { // engine settings pass on (-Dkvstore.*)
            if (name.startsWith("kvstore.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.add("io.kvstore.bench.BenchMain");
        cmd.addAll(Arrays.asList(argv));
        cmd.addAll(List.of("--only", "compression"));
        Path section = work.resolve("compression-section.md");
        Files.deleteIfExists(section);
        int status = new ProcessBuilder(cmd).inheritIO().start().waitFor();
        if (status != 0 || !Files.exists(section)) {
            throw new IOException("the compression bench's child JVM failed (exit status " + status + "): "
                    + String.join(" ", cmd));
        }
        return Files.readString(section);
    }

    public String run() throws Exception {
        double loadStart = load();
        out.printf("[compression] load average at start %.2f%n", loadStart);
        Map<String, Result> json = storeSet("json", entries, JsonValues::json);
        Map<String, Result> random = storeSet("random", randomEntries, i -> JsonValues.random(i, 100));
        Map<String, String> peers = this.peers ? peers() : Map.of("peers", "not measured in this run (--compression-peers off)");
        List<byte[]> sample = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            sample.add(JsonValues.json(i));
        }
        List<byte[]> training = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            training.add(JsonValues.json(10_000_000L + i));
        }
        CodecBench cb = new CodecBench(out);
        List<CodecBench.Row> codecs = cb.run(sample, training);
        List<String> skip = cb.skipCost();
        double loadEnd = load();
        String section = section(json, random, peers, codecs, loadStart, loadEnd)
                + "\nIncompressible values: " + String.join("; ", skip)
                + ".\n\nOrder of the codecs in the first round (rotated by one each round): "
                + String.join(", ", order) + ".\n";
        Files.writeString(work.resolve("compression-section.md"), section);
        return section;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static KvOptions options(String codec) {
        return KvOptions.builder().compression(codec).syncPolicy(SyncPolicy.INTERVAL).snapshotWalBytes(0)
                .snapshotOnCloseWalBytes(0).walSegmentBytes(256L << 20).build();
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long threadCpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** {@link #order} rotated left by {@code round}: over as many rounds as codecs, each takes each position. */
    private List<String> rotated(int round) {
        List<String> r = new ArrayList<>(order);
        java.util.Collections.rotate(r, -(round % r.size()));
        return r;
    }

    private static void load(KvStore s, byte[][] keys, byte[][] vals, int n) {
        for (int i = 0; i < n; i += BATCH) {
            KvTransaction t = s.begin();
            for (int j = i; j < Math.min(n, i + BATCH); j++) {
                t.put(keys[j], vals[j]);
            }
            t.commit();
        }
    }

    private Map<String, Result> storeSet(String name, int n, LongFunction<byte[]> values) throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        for (String codec : order) {
            results.put(codec, new Result());
        }
        // keys and values made before any timing: only the store's work is measured
        byte[][] keys = new byte[n][];
        byte[][] vals = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = JsonValues.key(i);
            vals[i] = values.apply(i);
        }
        for (String codec : order) { // warm-up: the write and read paths compiled for every codec alike
            Path dir = work.resolve("compression-warmup");
            deleteTree(dir);
            try (KvStore s = KvStore.open(dir, options(codec))) {
                load(s, keys, vals, Math.min(n, 100_000));
                for (int i = 0; i < Math.min(n, 100_000); i++) {
                    s.get(keys[i]);
                }
            }
            deleteTree(dir);
        }
        // loads: a fresh store per codec and round, one store open at a time, the order rotated each round
        for (int round = 0; round < loadRounds; round++) {
            for (String codec : rotated(round)) {
                Path dir = work.resolve("compression-" + name + "-" + codec);
                deleteTree(dir);
                Result r = results.get(codec);
                try (KvStore s = KvStore.open(dir, options(codec))) {
                    System.gc();
                    long c0 = threadCpu();
                    long p0 = processCpu();
                    long t0 = System.nanoTime();
                    load(s, keys, vals, n);
                    long t1 = System.nanoTime();
                    long c1 = threadCpu();
                    long p1 = processCpu();
                    r.loads.add(n * 1e9 / (t1 - t0));
                    r.loadWriterCpuNs.add((c1 - c0) / (double) n);
                    r.loadProcessCpuNs.add(p0 < 0 ? Double.NaN : (p1 - p0) / (double) n);
                    KvStats st = s.stats();
                    r.memoryPerEntry = (double) st.memoryUsed() / st.count();
                    r.ratio = st.compressionRatio();
                    r.walBytes = st.walBytes();
                    r.dictionaryBytes = s.options().compression().dictionaryBytes();
                    long s0 = System.nanoTime();
                    s.snapshot();
                    r.snapshots.add((System.nanoTime() - s0) / 1e6);
                    out.printf(Locale.ROOT, "[compression] %s %-9s load round %d: %,.0f entries/s (cpu per value:"
                            + " writer %.2f us, process %.2f us), %.1f B/entry in memory (ratio %.3f), log %,d B,"
                            + " dictionary %,d B, snapshot %.0f ms%n", name, codec, round + 1, last(r.loads),
                            last(r.loadWriterCpuNs) / 1e3, last(r.loadProcessCpuNs) / 1e3, r.memoryPerEntry, r.ratio,
                            r.walBytes, r.dictionaryBytes, last(r.snapshots));
                }
                r.snapshotBytes = snapshotBytes(dir);
            }
        }
        for (Result r : results.values()) {
            r.loadPerSec = median(r.loads);
            r.snapshotMillis = median(r.snapshots);
        }
        // point reads: every store open (from its snapshot), read in alternating rounds of rotated order
        Map<String, KvStore> stores = new LinkedHashMap<>();
        try {
            for (String codec : order) {
                stores.put(codec, KvStore.open(work.resolve("compression-" + name + "-" + codec), options(codec)));
            }
            int reads = Math.min(1_000_000, n * 2);
            for (int round = 0; round < rounds + 1; round++) {
                for (String codec : rotated(round)) {
                    KvStore s = stores.get(codec);
                    SplittableRandom rnd = new SplittableRandom(round);
                    long sum = 0;
                    System.gc();
                    long c0 = threadCpu();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reads; i++) {
                        sum += s.get(keys[rnd.nextInt(n)]).length;
                    }
                    long t1 = System.nanoTime();
                    long c1 = threadCpu();
                    if (sum == 0) {
                        throw new IllegalStateException("no values read");
                    }
                    if (round > 0) { // round 0 warms up
                        results.get(codec).reads.add(reads * 1e9 / (t1 - t0));
                        results.get(codec).readCpuNs.add((c1 - c0) / (double) reads);
                        out.printf(Locale.ROOT, "[compression] %s %-9s read round %d: %,.0f gets/s (cpu %.2f us per"
                                + " get)%n", name, codec, round, reads * 1e9 / (t1 - t0), (c1 - c0) / 1e3 / reads);
                    }
                }
            }
            for (String codec : order) {
                Result r = results.get(codec);
                r.readsPerSec = median(r.reads);
                out.printf(Locale.ROOT, "[compression] %s %-9s point reads %,.0f/s (median of %d rounds, %,.0f to"
                        + " %,.0f; cpu %.2f us per get)%n", name, codec, r.readsPerSec, rounds, min(r.reads),
                        max(r.reads), median(r.readCpuNs) / 1e3);
            }
        } finally {
            for (KvStore s : stores.values()) {
                s.close();
            }
        }
        stores.clear();
        for (int round = 0; round < rounds + 1; round++) {
            for (String codec : rotated(round)) {
                Path dir = work.resolve("compression-" + name + "-" + codec);
                System.gc();
                long t0 = System.nanoTime();
                try (KvStore s = KvStore.open(dir, options(codec))) {
                    if (s.count() != n) {
                        throw new IllegalStateException(codec + " reopened with " + s.count() + " entries");
                    }
                    if (round > 0) {
                        results.get(codec).opens.add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
        }
        for (String codec : order) {
            Result r = results.get(codec);
            r.openMillis = median(r.opens);
            out.printf(Locale.ROOT, "[compression] %s %-9s snapshot %,d B in %.0f ms, open %.0f ms%n", name, codec,
                    r.snapshotBytes, r.snapshotMillis, r.openMillis);
        }
        for (String codec : order) { // the stores' files are not needed after the run
            deleteTree(work.resolve("compression-" + name + "-" + codec));
        }
        return results;
    }

    private static double last(List<Double> xs) {
        return xs.get(xs.size() - 1);
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static long snapshotBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".snap")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---- peers: the same JSON data in H2, SQLite and Redis ----

    private Map<String, String> peers() {
        Map<String, String> peers = new LinkedHashMap<>();
        try {
            peers.put("H2 2.3 (MVStore file, default settings)", bytes(jdbcFile("h2",
                    "jdbc:h2:file:" + work.resolve("compression-h2/db") + ";NON_KEYWORDS=KEY,VALUE",
                    work.resolve("compression-h2/db.mv.db"))));
            peers.put("H2 2.3 with COMPRESS=TRUE (LZF pages)", bytes(jdbcFile("h2c",
                    "jdbc:h2:file:" + work.resolve("compression-h2c/db") + ";NON_KEYWORDS=KEY,VALUE;COMPRESS=TRUE",
                    work.resolve("compression-h2c/db.mv.db"))));
            peers.put("SQLite 3.47 (file, rowid table with a key index)", bytes(jdbcFile("sqlite",
                    "jdbc:sqlite:" + work.resolve("compression-sqlite.db"), work.resolve("compression-sqlite.db"))));
        } catch (Exception e) {
            peers.put("H2 / SQLite", "failed: " + e);
        }
        try {
            peers.putAll(redis());
        } catch (Exception e) {
            peers.put("Redis", "failed: " + e);
        }
        return peers;
    }

    private static String bytes(long b) {
        return String.format("%,d B", b);
    }

    private long jdbcFile(String label, String url, Path file) throws SQLException, IOException {
        Files.deleteIfExists(file);
        deleteTree(work.resolve("compression-" + label));
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kv (k VARCHAR(32) PRIMARY KEY, v VARCHAR(1024))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
                for (int i = 0; i < entries; i++) {
                    ps.setString(1, new String(JsonValues.key(i), StandardCharsets.US_ASCII));
                    ps.setString(2, new String(JsonValues.json(i), StandardCharsets.UTF_8));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        long size = Files.size(file);
        out.printf("[compression] %s: %,d B after loading %,d rows in %.1f s%n", label, size, entries,
                (System.nanoTime() - t0) / 1e9);
        return size;
    }

    private Map<String, String> redis() throws Exception {
        Map<String, String> r = new LinkedHashMap<>();
        Path server = Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Path cli = Stream.of("/usr/bin/redis-cli", "/usr/local/bin/redis-cli").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (server == null || cli == null) {
            r.put("Redis", "not measured: redis-server or redis-cli is not installed");
            return r;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = work.resolve("compression-redis");
        deleteTree(dir);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump.rdb")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !cli(cli, port, "PING").contains("PONG"); i++) {
                Thread.sleep(100);
            }
            long before = usedMemory(cli(cli, port, "INFO", "memory"));
            Process pipe = new ProcessBuilder(cli.toString(), "-p", Integer.toString(port), "--pipe")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pipe.log").toFile()).start();
            try (OutputStream os = new java.io.BufferedOutputStream(pipe.getOutputStream(), 1 << 16)) {
                for (int i = 0; i < entries; i++) {
                    byte[] k = JsonValues.key(i);
                    byte[] v = JsonValues.json(i);
                    os.write(("*3\r\n$3\r\nSET\r\n$" + k.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    os.write(k);
                    os.write(("\r\n$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    os.write(v);
                    os.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            pipe.waitFor(10, TimeUnit.MINUTES);
            String info = cli(cli, port, "INFO", "memory");
            long after = usedMemory(info);
            String dbsize = cli(cli, port, "DBSIZE").trim();
            r.put("Redis 7 memory (used_memory growth, no compression; " + dbsize + " keys)",
                    String.format("%,d B (%.1f B/entry)", after - before, (double) (after - before) / entries));
            cli(cli, port, "SAVE");
            r.put("Redis 7 RDB file (rdbcompression yes: LZF per string)", bytes(Files.size(dir.resolve("dump.rdb"))));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        r.forEach((k, v) -> out.printf("[compression] %s: %s%n", k, v));
        return r;
    }

    private static String cli(Path cli, int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(cli.toString(), "-p", Integer.toString(port)));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.MINUTES);
        return text;
    }

    private static long usedMemory(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO: " + info);
    }

    // ---- the report ----

    private String section(Map<String, Result> json, Map<String, Result> random, Map<String, String> peers,
                           List<CodecBench.Row> codecs, double loadStart, double loadEnd) {
        StringBuilder b = new StringBuilder();
        Result n = json.get("none");
        Runtime rt = Runtime.getRuntime();
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList();
        b.append("Command: `").append(command).append("` (Java ").append(System.getProperty("java.version"))
                .append(", ").append(rt.availableProcessors()).append(" cores, max heap ")
                .append(rt.maxMemory() >> 20).append(" MiB; measured in ")
                .append(Boolean.getBoolean(CHILD) ? "a child JVM" : "the bench's own JVM").append(" with ")
                .append(jvm.isEmpty() ? "default heap flags" : String.join(" ", jvm)).append("; compression helper"
                        + " threads: ").append(io.kvstore.engine.codec.CompressionHelpers.helpers()).append(").\n\n");
        b.append(String.format(Locale.ROOT, "%,d JSON-like values (%s), keys `order:%%08d`; %,d random 100-byte values. "
                + "Load average (1 min) %.2f at the start, %.2f at the end.%n%n",
                entries, "about 400 B, `JsonValues`", randomEntries, loadStart, loadEnd));
        b.append(String.format(Locale.ROOT, "Each cell: the median; [range] over the rounds; for a codec also the"
                + " ratio of medians to `none` and (the range of the per-round ratios). Loads: %d fresh-store rounds"
                + " per codec, order rotated each round; reads: %d alternating rounds of %,d random gets; opens:"
                + " %d alternating reopens. CPU columns are microseconds per value.%n%n", loadRounds, rounds,
                Math.min(1_000_000, entries * 2), rounds));
        b.append(header("JSON values"));
        row(b, json, "table memory per entry (B)", r -> r.memoryPerEntry, "%.1f", "<= 0.5x", n.memoryPerEntry, true);
        row(b, json, "stored / raw table bytes", r -> r.ratio, "%.3f", "", 0, false);
        rounds(b, json, "batch load (entries/s)", r -> r.loads, "%,.0f", ">= 0.8x");
        rounds(b, json, "load: writer CPU per value (us)", r -> micros(r.loadWriterCpuNs), "%.2f", "");
        rounds(b, json, "load: process CPU per value (us)", r -> micros(r.loadProcessCpuNs), "%.2f", "");
        rounds(b, json, "point reads (gets/s)", r -> r.reads, "%,.0f", ">= 0.8x");
        rounds(b, json, "reads: CPU per get (us)", r -> micros(r.readCpuNs), "%.2f", "");
        row(b, json, "log bytes after the load", r -> (double) r.walBytes, "%,.0f", "", n.walBytes, true);
        row(b, json, "snapshot size (B)", r -> (double) r.snapshotBytes, "%,.0f", "<= 0.5x", n.snapshotBytes, true);
        rounds(b, json, "snapshot write (ms)", r -> r.snapshots, "%,.0f", "");
        rounds(b, json, "open from the snapshot (ms)", r -> r.opens, "%,.0f", "<= 1.0x");
        row(b, json, "dictionary (B, in the memory figure)", r -> (double) r.dictionaryBytes, "%,.0f", "", 0, false);
        Result rn = random.get("none");
        b.append("\n").append(header("random 100 B values"));
        rounds(b, random, "batch load (entries/s)", r -> r.loads, "%,.0f", ">= 0.95x");
        rounds(b, random, "load: writer CPU per value (us)", r -> micros(r.loadWriterCpuNs), "%.2f", "");
        rounds(b, random, "point reads (gets/s)", r -> r.reads, "%,.0f", ">= 0.95x");
        rounds(b, random, "reads: CPU per get (us)", r -> micros(r.readCpuNs), "%.2f", "");
        row(b, random, "table memory per entry (B)", r -> r.memoryPerEntry, "%.1f", "", rn.memoryPerEntry, true);
        row(b, random, "snapshot size (B)", r -> (double) r.snapshotBytes, "%,.0f", "", rn.snapshotBytes, true);
        b.append("\nVerdicts (ratio of medians to `none`; \"every round\" when each round's own ratio meets the"
                + " target too):\n\n");
        for (String codec : order) {
            if (codec.equals("none")) {
                continue;
            }
            Result j = json.get(codec);
            Result r = random.get(codec);
            b.append("- ").append(codec).append(": ")
                    .append(verdict("memory per entry", j.memoryPerEntry / n.memoryPerEntry, null, 0.5, false))
                    .append("; ").append(rateVerdict("batch load", j.loads, n.loads, 0.8))
                    .append(cpuEquivalent(n.loadWriterCpuNs, j.loadWriterCpuNs, "writer "))
                    .append("; ").append(rateVerdict("point reads", j.reads, n.reads, 0.8))
                    .append(cpuEquivalent(n.readCpuNs, j.readCpuNs, ""))
                    .append("; ").append(verdict("snapshot size", (double) j.snapshotBytes / n.snapshotBytes, null,
                            0.5, false))
                    .append("; ").append(verdict("open", ratioOfMedians(j.opens, n.opens), perRound(j.opens, n.opens),
                            1.0, false))
                    .append("; ").append(rateVerdict("random load", r.loads, rn.loads, 0.95))
                    .append(cpuEquivalent(rn.loadWriterCpuNs, r.loadWriterCpuNs, "writer "))
                    .append("; ").append(rateVerdict("random reads", r.reads, rn.reads, 0.95))
                    .append(cpuEquivalent(rn.readCpuNs, r.readCpuNs, ""))
                    .append(".\n");
        }
        b.append("\nThe same JSON data elsewhere (kvstore ").append(String.join(" / ", order)).append(" snapshot: ")
                .append(String.join(" / ", order.stream().map(c -> String.format("%,d", json.get(c).snapshotBytes))
                        .toList())).append(" B):\n\n");
        peers.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("\nCodecs on the same JSON values (20,000 values; single-threaded, best of 5 passes):\n\n")
                .append("| codec | input | size ratio | compress ns | decompress ns | compress MB/s | decompress MB/s |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (CodecBench.Row r : codecs) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %,.0f | %,.0f | %,.0f | %,.0f |%n", r.codec(),
                    r.input(), r.ratio(), r.compressNs(), r.decompressNs(), r.compressMBs(), r.decompressMBs()));
        }
        b.append("\nJar sizes: ").append(String.join("; ", CodecBench.jarSizes())).append(".\n");
        return b.toString();
    }

    private static List<Double> micros(List<Double> nanos) {
        return nanos.stream().map(x -> x / 1e3).toList();
    }

    private static double ratioOfMedians(List<Double> xs, List<Double> base) {
        return median(xs) / median(base);
    }

    /** Round i's figure over the baseline's round i (same round: the same machine state, near in time). */
    private static List<Double> perRound(List<Double> xs, List<Double> base) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), base.size()); i++) {
            r.add(xs.get(i) / base.get(i));
        }
        return r;
    }

    /**
     * The rate ratio the CPU time per value implies ({@code none}'s CPU over the codec's): far less sensitive to the
     * machine's load than the rates, and what the rate ratio tends to on an idle machine when that thread is the
     * bottleneck (for loads with helper threads an upper bound: the writer may also wait for a helper).
     */
    private static String cpuEquivalent(List<Double> baseCpu, List<Double> cpu, String whose) {
        return String.format(Locale.ROOT, " (by %sCPU per value %.2fx)", whose, median(baseCpu) / median(cpu));
    }

    /** The verdict for a rate (higher is better) against {@code none}'s: ratio of medians, at least {@code target}. */
    private static String rateVerdict(String what, List<Double> rates, List<Double> noneRates, double target) {
        return verdict(what, ratioOfMedians(rates, noneRates), perRound(rates, noneRates), target, true);
    }

    private static String verdict(String what, double ratio, List<Double> rounds, double target, boolean atLeast) {
        boolean met = atLeast ? ratio >= target : ratio <= target;
        String s = String.format(Locale.ROOT, "%s %.2fx (%s %.2fx) %s", what, ratio, atLeast ? ">=" : "<=", target,
                met ? "met" : "MISSED");
        if (rounds != null && !rounds.isEmpty()) {
            boolean all = rounds.stream().allMatch(x -> atLeast ? x >= target : x <= target);
            s += String.format(Locale.ROOT, ", per round %.2f-%.2fx%s", min(rounds), max(rounds),
                    all ? ", every round" : "");
        }
        return s;
    }

    /** A row of per-round figures: median [min-max], and for a codec the ratios to none. */
    private void rounds(StringBuilder b, Map<String, Result> m, String label,
                        java.util.function.Function<Result, List<Double>> f, String fmt, String target) {
        List<Double> base = f.apply(m.get("none"));
        b.append("| ").append(label);
        for (String codec : order) {
            List<Double> xs = f.apply(m.get(codec));
            b.append(" | ").append(String.format(Locale.ROOT, fmt, median(xs))).append(" [")
                    .append(String.format(Locale.ROOT, fmt, min(xs))).append("-")
                    .append(String.format(Locale.ROOT, fmt, max(xs))).append("]");
            if (!codec.equals("none") && median(base) > 0) {
                List<Double> pr = perRound(xs, base);
                b.append(String.format(Locale.ROOT, " %.2fx (%.2f-%.2f)", ratioOfMedians(xs, base), min(pr),
                        max(pr)));
            }
        }
        b.append(" | ").append(target).append(" |\n");
    }

    private String header(String what) {
        return "| " + what + " | " + String.join(" | ", order) + " | target |\n|---|"
                + "---:|".repeat(order.size()) + "---|\n";
    }

    private void row(StringBuilder b, Map<String, Result> m, String label,
                     java.util.function.ToDoubleFunction<Result> f, String fmt, String target, double base,
                     boolean relative) {
        b.append("| ").append(label);
        for (String codec : order) {
            double v = f.applyAsDouble(m.get(codec));
            b.append(" | ").append(String.format(Locale.ROOT, fmt, v));
            if (relative && !codec.equals("none") && base > 0) {
                b.append(String.format(Locale.ROOT, " (%.2fx)", v / base));
            }
        }
        b.append(" | ").append(target).append(" |\n");
    }
}
