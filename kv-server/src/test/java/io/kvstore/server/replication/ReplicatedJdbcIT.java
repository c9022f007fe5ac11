package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Remote JDBC on a three-node Raft group (server processes on 127.0.0.1): SQL writes go through the Raft log and
 * reach every node; a follower refuses leader sessions and writes and serves stale reads when asked; RESP and JDBC
 * writes converge; kill -9 of the leader under JDBC load from several connections on the multi-host URL (and RESP writes at the
 * same time) loses no acknowledged commit or SET, and every failed commit got a documented retryable SQLState.
 */
class ReplicatedJdbcIT {
    @TempDir
    Path dir;

    /** The states a transaction may get from a failover (docs/jdbc.md): retry it (40003: check first). */
    private static final Set<String> RETRYABLE = Set.of("40001", "40003", "08006", "25006", "08001");

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url + ";connectTimeout=60");
    }

    private static String value(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8) : null;
            }
        }
    }

    private static void insert(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    @Test
    void replicatedGroup_jdbcWritesOnEveryNode_followerRefusesWritesAndServesStaleReads_respAndJdbcConverge()
            throws Exception {
        try (RaftCluster c = new RaftCluster(dir, 3).withJdbc()) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0, "no leader elected");
            try (Connection con = connect(c.jdbcUrl()); Jedis resp = new Jedis("127.0.0.1", c.respPort(leader), 10_000)) {
                // auto-commit statements and a batch (executor paths)
                insert(con, "single", "s1");
                try (PreparedStatement ins = con.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                    for (int i = 0; i < 40; i++) {
                        ins.setString(1, "b" + i);
                        ins.setString(2, "v" + i);
                        ins.addBatch();
                    }
                    assertEquals(40, ins.executeBatch().length);
                }
                // a statement Calcite runs (an expression over a range)
                try (Statement s = con.createStatement()) {
                    assertEquals(40, s.executeUpdate("UPDATE kv SET value = BYTES('u') WHERE key LIKE 'b%'"));
                }
                // an explicit transaction with a savepoint rolled back
                con.setAutoCommit(false);
                insert(con, "tx-a", "a");
                Savepoint sp = con.setSavepoint();
                insert(con, "tx-b", "b");
                con.rollback(sp);
                insert(con, "tx-c", "c");
                con.commit();
                con.setAutoCommit(true);
                // RESP writes interleaved; a JDBC read on the leader sees an acknowledged RESP write
                resp.set("resp-1", "r1");
                assertEquals("r1", value(con, "resp-1"));
                insert(con, "after-resp", "x");
                resp.set("resp-2", "r2");

                // optimistic validation on the leader: a read key changed by another commit -> 40001
                try (Connection other = connect(c.jdbcUrl())) {
                    con.setAutoCommit(false);
                    assertEquals("s1", value(con, "single"));
                    try (Statement s = other.createStatement()) {
                        s.executeUpdate("UPDATE kv SET value = BYTES('s2') WHERE key = 'single'");
                    }
                    try (Statement s = con.createStatement()) {
                        s.executeUpdate("UPDATE kv SET value = BYTES('lost') WHERE key = 'single'");
                    }
                    SQLException e = assertThrows(SQLException.class, con::commit);
                    assertEquals("40001", e.getSQLState(), e.getMessage());
                    con.setAutoCommit(true);
                }
                // RESP conditional command on a key JDBC wrote
                assertEquals(0L, resp.setnx("tx-c", "resp"));
            }

            // a follower: no leader session, but stale reads with staleReads=true; writes refused there
            int follower = (leader + 1) % 3;
            String followerUrl = "jdbc:kvstore://127.0.0.1:" + c.jdbcPort(follower);
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(followerUrl));
            assertEquals("25006", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("leader"), refused.getMessage());
            try (Connection stale = DriverManager.getConnection(followerUrl + ";staleReads=true")) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (!"x".equals(value(stale, "after-resp")) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals("x", value(stale, "after-resp"));
                SQLException w = assertThrows(SQLException.class, () -> insert(stale, "on-follower", "f"));
                assertEquals("25006", w.getSQLState(), w.getMessage());
            }

            Map<String, String> m = converged(c);
            assertEquals("s2", m.get("single"));
            assertEquals("a", m.get("tx-a"));
            assertEquals(null, m.get("tx-b"));
            assertEquals("c", m.get("tx-c"));
            assertEquals("u", m.get("b17"));
            assertEquals("r2", m.get("resp-2"));
            assertEquals(null, m.get("on-follower"));
        }
    }

    @Test
    void killLeaderUnderJdbcLoad_everyAcknowledgedCommitOnEveryNode_failuresRetryable() throws Exception {
        Map<String, String> acked = new ConcurrentHashMap<>();
        List<String> anomalies = new CopyOnWriteArrayList<>();
        Map<String, Integer> states = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (RaftCluster c = new RaftCluster(dir, 3).withJdbc()) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0, "no leader elected");
            String url = c.jdbcUrl();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    Connection con = null;
                    for (int i = 0; !stop.get(); i++) {
                        String k1 = "j" + id + ":" + i + "a";
                        String k2 = "j" + id + ":" + i + "b";
                        try {
                            if (con == null) {
                                con = connect(url);
                                con.setAutoCommit(false);
                            }
                            insert(con, k1, "v" + i);
                            insert(con, k2, "w" + i);
                            con.commit();
                            acked.put(k1, "v" + i);
                            acked.put(k2, "w" + i);
                        } catch (SQLException e) {
                            String s = e.getSQLState();
                            states.merge(String.valueOf(s), 1, Integer::sum);
                            if (!RETRYABLE.contains(s)) {
                                anomalies.add(s + " " + e.getMessage());
                            }
                            try {
                                if (con != null) {
                                    con.close();
                                }
                            } catch (SQLException ignored) {
                                // the connection is gone anyway
                            }
                            con = null;
                        }
                    }
                    try {
                        if (con != null) {
                            con.close();
                        }
                    } catch (SQLException ignored) {
                        // closing at the end
                    }
                });
                th.setDaemon(true);
                th.start();
                clients.add(th);
            }
            // RESP writes at the same time, to whichever node leads (mixed groups)
            Thread resp = c.startRespWriter("resp:", "r", acked, stop);
            clients.add(resp);
            Thread.sleep(3000);
            int before = acked.size();
            c.kill(leader);
            int next = c.awaitLeader(30_000);
            assertTrue(next >= 0, "no new leader after kill -9");
            Thread.sleep(3000);
            c.start(leader);
            Thread.sleep(2000);
            stop.set(true);
            for (Thread t : clients) {
                t.join(60_000);
            }
            System.out.printf("acknowledged JDBC keys and RESP SETs: %d before the kill, %d in all; JDBC failures by"
                    + " state %s%n", before, acked.size(), states);
            assertTrue(anomalies.isEmpty(), () -> "non-retryable states: " + anomalies);
            assertTrue(before > 0, "no commit before the kill");
            assertTrue(acked.size() > before, "no commit acknowledged after the failover");
            Map<String, String> m = converged(c);
            for (Map.Entry<String, String> e : acked.entrySet()) {
                assertEquals(e.getValue(), m.get(e.getKey()), "acknowledged commit of " + e.getKey() + " lost");
            }
            // a transaction is never applied in part
            for (String k : m.keySet()) {
                if (k.startsWith("j") && k.endsWith("a")) {
                    String pair = k.substring(0, k.length() - 1) + "b";
                    assertTrue(m.containsKey(pair), "half a transaction: " + k + " without " + pair);
                }
            }
        }
    }

    /** Waits until the three nodes hold the same contents (READONLY reads over RESP) and returns them. */
    private static Map<String, String> converged(RaftCluster c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Map<String, String> a = c.contents(0);
            Map<String, String> b = c.contents(1);
            Map<String, String> d = c.contents(2);
            if ((a.equals(b) && b.equals(d)) || System.currentTimeMillis() > deadline) {
                assertEquals(a, b, "n1 and n2 differ");
                assertEquals(a, d, "n1 and n3 differ");
                return a;
            }
            Thread.sleep(200);
        }
    }
}
