package io.kvstore.server.replication;

import io.kvstore.server.ServerMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * A test fixture: a Raft group of server processes (child JVMs running {@link ServerMain}) on 127.0.0.1, with
 * kill -9, SIGSTOP/SIGCONT and restart of single nodes. Not thread-safe: one test thread drives it; clients
 * read {@link #respPort(int)}.
 */
final class RaftCluster implements AutoCloseable {
    private final Path base;
    private final int size;
    private final int[] resp;
    private final int[] raft;
    private final Process[] procs;
    private final String peers;
    private final List<String> peerSpecs = new ArrayList<>();
    private final int members;
    private int starts;
    private final List<String> extra = new ArrayList<>();

    RaftCluster(Path base, int size) throws IOException {
        this(base, size, size);
    }

    /**
     * A group formed by the first {@code members} nodes; the others start with {@code --raft-join yes} (outside
     * the group until {@code CLUSTER ADD}).
     */
    RaftCluster(Path base, int size, int members) throws IOException {
        this.members = members;
        this.base = base;
        this.size = size;
        this.resp = new int[size];
        this.raft = new int[size];
        this.procs = new Process[size];
        List<String> p = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            resp[i] = freePort();
            raft[i] = freePort();
            peerSpecs.add("n" + (i + 1) + "=127.0.0.1:" + resp[i] + ":" + raft[i]);
            if (i < members) {
                p.add(peerSpecs.get(i));
            }
        }
        this.peers = String.join(",", p);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Per node its remote JDBC port ({@link #withJdbc()}), or null: no JDBC listener. */
    private int[] jdbc;

    /** Gives every node a remote JDBC listener ({@code --jdbc-port}, a free port per node) from the next start. */
    RaftCluster withJdbc() throws IOException {
        jdbc = new int[size];
        for (int i = 0; i < size; i++) {
            jdbc[i] = freePort();
        }
        return this;
    }

    /** Node {@code i}'s remote JDBC port (after {@link #withJdbc()}). */
    int jdbcPort(int i) {
        return jdbc[i];
    }

    /** {@code jdbc:kvstore://127.0.0.1:p1,127.0.0.1:p2,...}: every node's JDBC listener. */
    String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:kvstore://");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(jdbc[i]);
        }
        return sb.toString();
    }

    /** Adds {@code --name value} options to every later start. */
    RaftCluster option(String name, String value) {
        extra.add("--" + name);
        extra.add(value);
        return this;
    }

    int size() {
        return size;
    }

    int respPort(int i) {
        return resp[i];
    }

    boolean isAlive(int i) {
        return procs[i] != null && procs[i].isAlive();
    }

    /** The {@code --peers} form of node {@code i}: {@code ni=127.0.0.1:resp:raft}. */
    String peerSpec(int i) {
        return peerSpecs.get(i);
    }

    /** Starts every member of the initial group and waits until each listens. */
    void startAll() throws Exception {
        for (int i = 0; i < members; i++) {
            launch(i);
        }
        for (int i = 0; i < members; i++) {
            awaitReady(i);
        }
    }

    /** Starts node {@code i} and waits until it listens. */
    void start(int i) throws Exception {
        launch(i);
        awaitReady(i);
    }

    private final Path[] logs = new Path[16];

    private void launch(int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // the fault tests exercise the pipelined path (several groups in flight), the harder one to get right
                "-Dkvstore.raft.maxInFlight=" + System.getProperty("kvstore.it.raftMaxInFlight", "8"), "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), base.resolve("d" + (i + 1)).toString(), "--node", "n" + (i + 1),
                "--peers", i < members ? peers : peers + "," + peerSpecs.get(i), "--io-threads", "1"));
        if (i >= members) {
            cmd.addAll(List.of("--raft-join", "yes"));
        }
        cmd.addAll(extra);
        if (jdbc != null) {
            cmd.addAll(List.of("--jdbc-port", String.valueOf(jdbc[i])));
        }
        logs[i] = base.resolve("n" + (i + 1) + "-" + (starts++) + ".log");
        procs[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs[i].toFile()).start();
    }

    private void awaitReady(int i) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline && procs[i].isAlive()) {
            if (Files.readString(logs[i]).contains("ready to accept connections")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + (i + 1) + " did not start:\n" + Files.readString(logs[i]));
    }

    /** kill -9. */
    void kill(int i) throws InterruptedException {
        procs[i].destroyForcibly();
        procs[i].waitFor();
    }

    /** SIGTERM and wait for exit. */
    void stop(int i) throws InterruptedException {
        procs[i].destroy();
        procs[i].waitFor();
    }

    void pause(int i) throws Exception {
        signal(i, "STOP");
    }

    void resume(int i) throws Exception {
        signal(i, "CONT");
    }

    private void signal(int i, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(procs[i].pid())).inheritIO().start().waitFor();
    }

    /** The index of the node that serves as leader, waiting up to {@code millis}; -1 if none. */
    int awaitLeader(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            int l = leader();
            if (l >= 0) {
                return l;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /**
     * Starts a daemon thread that writes {@code keyPrefix + i} = {@code valuePrefix + i} (i = 0, 1, ...) through
     * whichever node leads, reconnecting after any error (kills, elections, refusals), and records every write the
     * server acknowledged with OK in {@code acked}; it stops, closing its connection, once {@code stop} is set.
     */
    Thread startRespWriter(String keyPrefix, String valuePrefix, Map<String, String> acked, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            Jedis j = null;
            for (int i = 0; !stop.get(); i++) {
                try {
                    if (j == null) {
                        int l = leader();
                        if (l < 0) {
                            Thread.sleep(100);
                            continue;
                        }
                        j = new Jedis("127.0.0.1", respPort(l), 5000);
                    }
                    if ("OK".equals(j.set(keyPrefix + i, valuePrefix + i))) {
                        acked.put(keyPrefix + i, valuePrefix + i);
                    }
                } catch (RuntimeException e) {
                    if (j != null) {
                        j.close();
                    }
                    j = null;
                } catch (InterruptedException e) {
                    break;
                }
            }
            if (j != null) {
                j.close();
            }
        }, "resp-writer-" + keyPrefix);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The index of a live node that says it is the serving leader, or -1. */
    int leader() {
        for (int i = 0; i < size; i++) {
            if (!isAlive(i)) {
                continue;
            }
            try (Jedis j = new Jedis("127.0.0.1", resp[i], 1000)) {
                if (j.info("replication").contains("role:master")) {
                    return i;
                }
            } catch (RuntimeException e) {
                // down or paused
            }
        }
        return -1;
    }

    /** Every key and value of node {@code i}, read with READONLY (stale reads allowed). */
    Map<String, String> contents(int i) {
        try (Jedis j = new Jedis("127.0.0.1", resp[i], 10_000)) {
            j.readonly();
            Map<String, String> m = new TreeMap<>();
            List<String> keys = new ArrayList<>(j.keys("*"));
            for (int from = 0; from < keys.size(); from += 500) {
                List<String> part = keys.subList(from, Math.min(keys.size(), from + 500));
                List<String> vals = j.mget(part.toArray(new String[0]));
                for (int k = 0; k < part.size(); k++) {
                    if (vals.get(k) != null) {
                        m.put(part.get(k), vals.get(k));
                    }
                }
            }
            return m;
        }
    }

    String log(int i) throws IOException {
        return Files.readString(logs[i]);
    }

    @Override
    public void close() {
        for (Process p : procs) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : procs) {
            if (p != null) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
