package io.kvstore.bench.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JDBC commits against one server and against a three-node Raft group (issue 17), side by side in one run: each
 * of {@code threads} connections runs auto-commit {@code INSERT}s of fresh keys (100-byte values), each one
 * commit, for {@code seconds} after a warm-up; the servers are child JVMs on 127.0.0.1 ({@code ./kvstore server
 * --jdbc-port}, the group with {@code --peers} and the multi-host URL). One node runs {@code appendfsync always}
 * (every commit forced); the group runs its defaults (the Raft log forced on a majority, engine fsync off).
 * Rounds alternate the two setups; every round's commits/s and p50/p99 latency are printed as a Markdown table.
 *
 * <pre>
 *   java -cp kv-bench/target/kv-bench.jar io.kvstore.bench.jdbc.ReplicatedJdbcBench [threads 8] [seconds 20]
 *       [warm-up seconds 5] [rounds 2] [work dir]
 * </pre>
 *
 * <p>Not thread-safe: run from main.
 */
public final class ReplicatedJdbcBench {
    private final int threads;
    private final long millis;
    private final long warmupMillis;
    private final Path work;
    private final List<Process> procs = new ArrayList<>();
    private int starts;

    private ReplicatedJdbcBench(int threads, long millis, long warmupMillis, Path work) {
        this.threads = threads;
        this.millis = millis;
        this.warmupMillis = warmupMillis;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path work = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("kv-repl-jdbc-bench");
        Files.createDirectories(work);
        ReplicatedJdbcBench b = new ReplicatedJdbcBench(threads, seconds * 1000, warmup * 1000, work);
        System.out.println("| setup | round | commits/s | p50 ms | p99 ms | failed |");
        System.out.println("|---|---|---|---|---|---|");
        try {
            for (int r = 1; r <= rounds; r++) {
                b.row("one node, appendfsync always", r, b.single(r));
                b.row("three nodes (Raft), multi-host URL", r, b.group(r));
            }
        } finally {
            b.stopAll();
        }
    }

    private void row(String setup, int round, long[] result) {
        System.out.printf("| %s | %d | %,d | %.1f | %.1f | %d |%n", setup, round, result[0], result[1] / 1e3,
                result[2] / 1e3, result[3]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process launch(List<String> serverArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.kvstore.server.ServerMain"));
        cmd.addAll(serverArgs);
        Path log = work.resolve("server-" + (starts++) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        procs.add(p);
        return p;
    }

    private void stopAll() throws InterruptedException {
        for (Process p : procs) {
            p.destroyForcibly();
        }
        for (Process p : procs) {
            p.waitFor();
        }
        procs.clear();
    }

    /** One node with a JDBC listener: [commits/s, p50 us, p99 us, failed]. */
    private long[] single(int round) throws Exception {
        int jdbc = freePort();
        launch(List.of(work.resolve("single-" + round).toString(), "--port", String.valueOf(freePort()),
                "--jdbc-port", String.valueOf(jdbc), "--appendfsync", "always"));
        try {
            return run("jdbc:kvstore://127.0.0.1:" + jdbc + ";connectTimeout=120");
        } finally {
            stopAll();
        }
    }

    /** Three nodes, each with a JDBC listener; clients use the multi-host URL. */
    private long[] group(int round) throws Exception {
        int[] resp = new int[3];
        int[] raft = new int[3];
        int[] jdbc = new int[3];
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resp[i] = freePort();
            raft[i] = freePort();
            jdbc[i] = freePort();
            peers.add("n" + (i + 1) + "=127.0.0.1:" + resp[i] + ":" + raft[i]);
        }
        StringBuilder url = new StringBuilder("jdbc:kvstore://");
        for (int i = 0; i < 3; i++) {
            launch(List.of(work.resolve("g" + round + "-n" + (i + 1)).toString(), "--node", "n" + (i + 1), "--peers",
                    String.join(",", peers), "--jdbc-port", String.valueOf(jdbc[i])));
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(jdbc[i]);
        }
        try {
            return run(url + ";connectTimeout=120");
        } finally {
            stopAll();
        }
    }

    /** Connects, waiting up to two minutes for the server(s) to listen. */
    private static Connection connect(String url) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private long[] run(String url) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failed = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'v');
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[1 << 20];
            long[] count = new long[1];
            perThread.add(count);
            int id = t;
            Connection c = connect(url);
            Thread th = new Thread(() -> {
                try (c; PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                    for (long i = 0; !stop.get(); i++) {
                        ins.setString(1, "t" + id + ":" + i);
                        ins.setBytes(2, value);
                        long t0 = System.nanoTime();
                        try {
                            ins.executeUpdate();
                        } catch (SQLException e) {
                            failed.incrementAndGet();
                            continue;
                        }
                        long took = (System.nanoTime() - t0) / 1000;
                        if (measuring.get() && count[0] < lat.length) {
                            lat[(int) count[0]++] = took;
                        }
                    }
                } catch (SQLException e) {
                    failed.incrementAndGet();
                }
                synchronized (perThread) {
                    perThread.set(id, Arrays.copyOf(lat, (int) count[0]));
                }
            });
            ts.add(th);
        }
        ts.forEach(Thread::start);
        Thread.sleep(warmupMillis);
        long f0 = failed.get();
        measuring.set(true);
        Thread.sleep(millis);
        measuring.set(false);
        stop.set(true);
        for (Thread th : ts) {
            th.join(60_000);
        }
        long n = 0;
        for (long[] l : perThread) {
            n += l.length;
        }
        long[] all = new long[(int) n];
        int at = 0;
        for (long[] l : perThread) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        long p50 = all.length == 0 ? 0 : all[all.length / 2];
        long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 99L / 100)];
        return new long[] {n * 1000 / millis, p50, p99, failed.get() - f0};
    }
}
