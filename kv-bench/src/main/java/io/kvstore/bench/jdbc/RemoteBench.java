package io.kvstore.bench.jdbc;

import io.kvstore.bench.Dirs;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.jdbc.JdbcServer;
import io.kvstore.server.net.RedisServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code --only remote}: a prepared point select ({@code SELECT value FROM kv WHERE key = ?}, random present key,
 * one thread) over loopback, in one JVM and one run: kvstore's server ({@code ./kvstore server --jdbc-port}) with
 * each of its two transports (a thread per connection, the default, which is also the listener
 * {@code autoServer=true} runs; and Netty), H2's TCP server ({@code jdbc:h2:tcp://}, {@code org.h2.tools.Server.createTcpServer}), and both embedded for
 * reference. Rounds interleave the systems (after a warm-up of each); the median round is reported. Prints a
 * Markdown table.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class RemoteBench {
    private static final String THREADS = "kvstore server, --jdbc-io threads (default; autoServer's listener too)";
    private static final String NETTY = "kvstore server, --jdbc-io netty";
    private final int rows;
    private final long warmupMillis;
    private final long sliceMillis;
    private final int rounds;
    private final Path work;
    private final PrintStream out;

    public RemoteBench(int rows, long warmupMillis, long sliceMillis, int rounds, Path work, PrintStream out) {
        this.rows = rows;
        this.warmupMillis = warmupMillis;
        this.sliceMillis = sliceMillis;
        this.rounds = rounds;
        this.work = work;
        this.out = out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        byte[] v = new byte[100];
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "key" + i);
                v[0] = (byte) i;
                ps.setBytes(2, v);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Point selects for {@code millis}; returns mean microseconds per select. */
    private double slice(PreparedStatement ps, SplittableRandom rnd, long millis) throws SQLException {
        long end = System.nanoTime() + millis * 1_000_000L;
        long n = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                ps.setString(1, "key" + rnd.nextInt(rows));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getBytes(1).length != 100) {
                        throw new IllegalStateException("missing row");
                    }
                }
            }
            n += 64;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1000.0 / n;
    }

    public String run() throws Exception {
        Path dir = work.resolve("remote");
        Dirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        double loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        // kvstore's server: Redis listener plus the Netty JDBC listener, as ./kvstore server --jdbc-port runs them
        ServerConfig config = new ServerConfig();
        config.set("dir", dir.resolve("kvserver").toString());
        config.set("port", "0");
        config.set("appendfsync", "always");
        RedisServer redis = RedisServer.start(config);
        JdbcServer threads = JdbcServer.start(config, redis.store(), 0);
        redis.addStopHook(threads::stop);
        // the same with --jdbc-io netty, over a store of its own
        ServerConfig nettyConfig = new ServerConfig();
        nettyConfig.set("dir", dir.resolve("kvserver-netty").toString());
        nettyConfig.set("port", "0");
        nettyConfig.set("jdbc-io", "netty");
        RedisServer redis2 = RedisServer.start(nettyConfig);
        JdbcServer netty = JdbcServer.start(nettyConfig, redis2.store(), 0);
        redis2.addStopHook(netty::stop);
        String embeddedStore = "jdbc:kvstore:" + dir.resolve("kvembedded");
        Connection keeper = DriverManager.getConnection(embeddedStore);

        int h2Port = freePort();
        org.h2.tools.Server h2 = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(h2Port),
                "-ifNotExists", "-baseDir", dir.resolve("h2").toString()).start();

        Map<String, Connection> conns = new LinkedHashMap<>();
        try {
            conns.put(THREADS, DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + threads.port()));
            conns.put(NETTY, DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + netty.port()));
            conns.put("H2 TCP server (jdbc:h2:tcp://)", DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:"
                    + h2Port + "/bench;NON_KEYWORDS=KEY,VALUE"));
            conns.put("kvstore embedded (reference)", keeper);
            conns.put("H2 embedded (reference)", DriverManager.getConnection("jdbc:h2:file:"
                    + dir.resolve("h2").resolve("bench").toAbsolutePath() + ";NON_KEYWORDS=KEY,VALUE"));
            try (var s = conns.get("H2 TCP server (jdbc:h2:tcp://)").createStatement()) {
                s.execute("CREATE TABLE kv(key VARCHAR PRIMARY KEY, value VARBINARY)");
            }
            for (String name : List.of(THREADS, NETTY, "H2 TCP server (jdbc:h2:tcp://)",
                    "kvstore embedded (reference)")) {
                out.println("[remote] loading " + rows + " rows: " + name);
                load(conns.get(name));
            }
            Map<String, PreparedStatement> ps = new LinkedHashMap<>();
            for (Map.Entry<String, Connection> e : conns.entrySet()) {
                ps.put(e.getKey(), e.getValue().prepareStatement("SELECT value FROM kv WHERE key = ?"));
            }
            SplittableRandom rnd = new SplittableRandom(1);
            for (Map.Entry<String, PreparedStatement> e : ps.entrySet()) {
                out.println("[remote] warm-up " + e.getKey());
                slice(e.getValue(), rnd, warmupMillis);
            }
            Map<String, List<Double>> results = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, PreparedStatement> e : ps.entrySet()) {
                    double us = slice(e.getValue(), rnd, sliceMillis);
                    results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(us);
                }
            }
            double loadEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            double h2Median = median(results.get("H2 TCP server (jdbc:h2:tcp://)"));
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("Prepared point select over loopback, one thread, %,d rows of 100-byte values; "
                    + "%d rounds of %d ms per system interleaved after %d ms warm-up each; median round (min-max). "
                    + "Load average %.2f at start, %.2f at end.%n%n", rows, rounds, sliceMillis, warmupMillis,
                    loadStart, loadEnd));
            sb.append("| system | µs per select, median (min-max) | H2 TCP / this |\n|---|---|---|\n");
            for (Map.Entry<String, List<Double>> e : results.entrySet()) {
                List<Double> v = e.getValue();
                double m = median(v);
                sb.append(String.format("| %s | %.1f (%.1f-%.1f) | %.2fx |%n", e.getKey(), m,
                        v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        v.stream().mapToDouble(Double::doubleValue).max().orElse(0), h2Median / m));
            }
            for (PreparedStatement p : ps.values()) {
                p.close();
            }
            return sb.toString();
        } finally {
            for (Map.Entry<String, Connection> e : conns.entrySet()) {
                if (e.getValue() != keeper) {
                    e.getValue().close();
                }
            }
            h2.stop();
            keeper.close();
            redis.stop(-1);
            redis2.stop(-1);
        }
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
