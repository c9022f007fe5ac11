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
 * #16). For each codec of {@code --compression-order} (by default none, lz4 and zstd-dict; zstd, aircompressor's
 * without a dictionary, on request): batch load (transactions of 1,000 puts, sync=interval), table memory per
 * entry ({@link KvStats#memoryUsed()}, the engine's heap estimate that the memory limit uses), log bytes, point
 * reads (single thread, uniformly random keys, the three stores read in alternating rounds, median round),
 * snapshot size and time, and open time from that snapshot (median of alternating reopens). Data sets: the
 * deterministic JSON documents of {@link JsonValues} and random 100-byte values. Side by side for the JSON data:
 * H2 and SQLite file sizes, and Redis' memory and RDB size when {@code redis-server} is installed. Then the codec
 * candidates ({@link CodecBench}). For zstd-dict the store trains its dictionary from its first 256 KiB of values
 * while the load runs (those values stay plain), so its figures include training and the dictionary's bytes.
 * Prints a markdown section and writes it to {@code compression-section.md} in
 * the work directory; docs/benchmarks.md is not rewritten.
 */
public final class CompressionBench {
    /** The default codecs, in the order of each round. */
    public static final List<String> DEFAULT_ORDER = List.of("none", "lz4", "zstd-dict");
    private static final int BATCH = 1000;

    private final int entries;
    private final int randomEntries;
    private final int rounds;
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

    /** Figures of one codec on one data set. */
    static final class Result {
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
                + "\nIncompressible values: " + String.join("; ", skip) + ".\n\nOrder of the codecs in each round: "
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

    private Map<String, Result> storeSet(String name, int n, LongFunction<byte[]> values) throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        Map<String, KvStore> stores = new LinkedHashMap<>();
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
                for (int i = 0; i < Math.min(n, 100_000); i += BATCH) {
                    KvTransaction t = s.begin();
                    for (int j = i; j < Math.min(n, i + BATCH); j++) {
                        t.put(keys[j], vals[j]);
                    }
                    t.commit();
                }
                for (int i = 0; i < Math.min(n, 100_000); i++) {
                    s.get(keys[i]);
                }
            }
            deleteTree(dir);
        }
        try {
            for (String codec : order) {
                Path dir = work.resolve("compression-" + name + "-" + codec);
                deleteTree(dir);
                KvStore s = KvStore.open(dir, options(codec));
                stores.put(codec, s);
                Result r = new Result();
                results.put(codec, r);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i += BATCH) {
                    KvTransaction t = s.begin();
                    for (int j = i; j < Math.min(n, i + BATCH); j++) {
                        t.put(keys[j], vals[j]);
                    }
                    t.commit();
                }
                long t1 = System.nanoTime();
                r.loadPerSec = n * 1e9 / (t1 - t0);
                KvStats st = s.stats();
                r.memoryPerEntry = (double) st.memoryUsed() / st.count();
                r.ratio = st.compressionRatio();
                r.walBytes = st.walBytes();
                r.dictionaryBytes = s.options().compression().dictionaryBytes();
                out.printf("[compression] %s %-4s load %,.0f entries/s, %.1f B/entry in memory (ratio %.3f), log %,d B,"
                        + " dictionary %,d B%n", name, codec, r.loadPerSec, r.memoryPerEntry, r.ratio, r.walBytes,
                        r.dictionaryBytes);
            }
            // point reads: alternate the stores round by round so load changes hit them all alike
            int reads = Math.min(1_000_000, n * 2);
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = 0; round < rounds + 1; round++) {
                for (String codec : order) {
                    KvStore s = stores.get(codec);
                    SplittableRandom rnd = new SplittableRandom(round);
                    long sum = 0;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reads; i++) {
                        sum += s.get(keys[rnd.nextInt(n)]).length;
                    }
                    long t1 = System.nanoTime();
                    if (sum == 0) {
                        throw new IllegalStateException("no values read");
                    }
                    if (round > 0) { // round 0 warms up
                        rates.computeIfAbsent(codec, k -> new ArrayList<>()).add(reads * 1e9 / (t1 - t0));
                    }
                }
            }
            for (String codec : order) {
                results.get(codec).readsPerSec = median(rates.get(codec));
                out.printf("[compression] %s %-4s point reads %,.0f/s (median of %d rounds)%n", name, codec,
                        results.get(codec).readsPerSec, rounds);
            }
            for (String codec : order) {
                KvStore s = stores.get(codec);
                long t0 = System.nanoTime();
                s.snapshot();
                Result r = results.get(codec);
                r.snapshotMillis = (System.nanoTime() - t0) / 1e6;
                r.snapshotBytes = snapshotBytes(s.directory());
            }
        } finally {
            for (KvStore s : stores.values()) {
                s.close();
            }
        }
        stores.clear();
        System.gc();
        Map<String, List<Double>> opens = new LinkedHashMap<>();
        for (int round = 0; round < rounds + 1; round++) {
            for (String codec : order) {
                Path dir = work.resolve("compression-" + name + "-" + codec);
                long t0 = System.nanoTime();
                try (KvStore s = KvStore.open(dir, options(codec))) {
                    if (s.count() != n) {
                        throw new IllegalStateException(codec + " reopened with " + s.count() + " entries");
                    }
                    if (round > 0) {
                        opens.computeIfAbsent(codec, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                    }
                }
                System.gc();
            }
        }
        for (String codec : order) {
            Result r = results.get(codec);
            r.openMillis = median(opens.get(codec));
            out.printf("[compression] %s %-4s snapshot %,d B in %.0f ms, open %.0f ms%n", name, codec,
                    r.snapshotBytes, r.snapshotMillis, r.openMillis);
        }
        return results;
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
        b.append("Command: `").append(command).append("` (Java ").append(System.getProperty("java.version"))
                .append(", ").append(rt.availableProcessors()).append(" cores, max heap ")
                .append(rt.maxMemory() >> 20).append(" MiB).\n\n");
        b.append(String.format(Locale.ROOT, "%,d JSON-like values (%s), keys `order:%%08d`; %,d random 100-byte values. "
                + "Load average (1 min) %.2f at the start, %.2f at the end.%n%n",
                entries, "about 400 B, `JsonValues`", randomEntries, loadStart, loadEnd));
        b.append(header("JSON values"));
        row(b, json, "table memory per entry (B)", r -> r.memoryPerEntry, "%.1f", "<= 0.5x", n.memoryPerEntry, true);
        row(b, json, "stored / raw table bytes", r -> r.ratio, "%.3f", "", 0, false);
        row(b, json, "batch load (entries/s)", r -> r.loadPerSec, "%,.0f", ">= 0.8x", n.loadPerSec, true);
        row(b, json, "point reads (gets/s)", r -> r.readsPerSec, "%,.0f", ">= 0.8x", n.readsPerSec, true);
        row(b, json, "log bytes after the load", r -> (double) r.walBytes, "%,.0f", "", n.walBytes, true);
        row(b, json, "snapshot size (B)", r -> (double) r.snapshotBytes, "%,.0f", "<= 0.5x", n.snapshotBytes, true);
        row(b, json, "snapshot write (ms)", r -> r.snapshotMillis, "%,.0f", "", n.snapshotMillis, true);
        row(b, json, "open from the snapshot (ms)", r -> r.openMillis, "%,.0f", "<= 1.0x", n.openMillis, true);
        row(b, json, "dictionary (B, in the memory figure)", r -> (double) r.dictionaryBytes, "%,.0f", "", 0, false);
        Result rn = random.get("none");
        b.append("\n").append(header("random 100 B values"));
        row(b, random, "batch load (entries/s)", r -> r.loadPerSec, "%,.0f", ">= 0.95x", rn.loadPerSec, true);
        row(b, random, "point reads (gets/s)", r -> r.readsPerSec, "%,.0f", ">= 0.95x", rn.readsPerSec, true);
        row(b, random, "table memory per entry (B)", r -> r.memoryPerEntry, "%.1f", "", rn.memoryPerEntry, true);
        row(b, random, "snapshot size (B)", r -> (double) r.snapshotBytes, "%,.0f", "", rn.snapshotBytes, true);
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
