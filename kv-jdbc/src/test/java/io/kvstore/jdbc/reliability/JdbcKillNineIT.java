package io.kvstore.jdbc.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 through JDBC: a child JVM ({@link JdbcChild}) inserts rows in auto-commit mode through
 * {@link DriverManager} with default settings and prints each acknowledged insert; the test kills it with SIGKILL
 * at random moments (including while it is still connecting, that is recovering the store), reconnects in this
 * JVM and requires every acknowledged row whole, nothing torn and nothing that was never inserted (at most the
 * one insert whose acknowledgement the child could not print). The store carries over between rounds.
 */
class JdbcKillNineIT {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);

    @TempDir
    Path tmp;

    @Test
    void kill_duringAutoCommitInserts_everyAcknowledgedRowSurvivesWhole() throws Exception {
        Random random = new Random(SEED);
        String url = "jdbc:kvstore:" + tmp.resolve("store");
        Path stderr = tmp.resolve("child-stderr.txt");
        Map<Long, Boolean> expected = new HashMap<>(); // seq -> present (all acknowledged so far)
        int rounds = 6;
        long acked = 0;
        long rowsVerified = 0;
        int killsBeforeConnected = 0;
        for (int round = 1; round <= rounds; round++) {
            long base = round * 1_000_000L;
            AtomicInteger acks = new AtomicInteger();
            AtomicLong lastAck = new AtomicLong(base - 1);
            boolean connected;
            try (ChildJvm child = ChildJvm.start(JdbcChild.class, stderr, line -> {
                if (line.startsWith("A ")) {
                    lastAck.set(Long.parseLong(line.substring(2)));
                    acks.incrementAndGet();
                }
            }, url, "insert", Long.toString(base))) {
                if (round % 3 == 2) {
                    Thread.sleep(random.nextInt(1500)); // often while the child is still starting or recovering
                } else {
                    int target = 1 + random.nextInt(300);
                    long deadline = System.nanoTime() + 90_000_000_000L;
                    while (acks.get() < target && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(random.nextInt(10));
                }
                assertTrue(child.isAlive(), () -> "child exited before the kill: " + read(stderr));
                child.kill();
                connected = child.lines().contains("OPENED");
                for (String line : child.lines()) {
                    if (line.startsWith("A ")) {
                        long seq = Long.parseLong(line.substring(2));
                        assertEquals(lastAckBefore(expected, base) + 1, seq, "acknowledgements in order");
                        expected.put(seq, true);
                    }
                }
            }
            if (!connected) {
                killsBeforeConnected++;
            }
            acked += acks.get();
            long extra = lastAckBefore(expected, base) + 1; // the insert that may be durable but unacknowledged
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT key, value FROM kv")) {
                Map<Long, byte[]> found = new HashMap<>();
                while (rs.next()) {
                    String key = rs.getString(1);
                    assertTrue(key.startsWith("j"), "unexpected key " + key);
                    found.put(Long.parseLong(key.substring(1)), rs.getBytes(2));
                }
                for (Map.Entry<Long, byte[]> e : found.entrySet()) {
                    long seq = e.getKey();
                    assertTrue(expected.containsKey(seq) || seq == extra, "row j" + seq + " was never acknowledged"
                            + " (last acknowledged in this round: " + (extra - 1) + ")");
                    assertArrayEquals(JdbcChild.value(seq), e.getValue(), "row j" + seq + " is torn");
                }
                for (Long seq : expected.keySet()) {
                    assertTrue(found.containsKey(seq), "acknowledged row j" + seq + " is missing after kill -9");
                }
                if (found.containsKey(extra)) {
                    expected.put(extra, true);
                }
                rowsVerified += found.size();
            }
        }
        System.out.printf("[reliability] JdbcKillNineIT: seed=%d rounds=%d kills=%d killsBeforeConnected=%d"
                        + " acknowledgedInserts=%d rowsVerified=%d%n", SEED, rounds, rounds, killsBeforeConnected,
                acked, rowsVerified);
    }

    private static long lastAckBefore(Map<Long, Boolean> expected, long base) {
        long last = base - 1;
        for (long seq : expected.keySet()) {
            if (seq >= base && seq > last) {
                last = seq;
            }
        }
        return last;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
