package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Membership changes during writes: a fourth node started with {@code --raft-join yes} is added by
 * {@code CLUSTER ADD} on the leader and catches up; then a follower is removed by {@code CLUSTER REMOVE}. Every
 * acknowledged write is on every remaining member.
 */
class MembershipIT {
    @TempDir
    Path dir;

    @Test
    void addThenRemoveDuringWrites_everyAcknowledgedWriteOnEveryMember() throws Exception {
        try (RaftCluster c = new RaftCluster(dir, 4, 3)) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0);
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = c.startRespWriter("m", "v", acked, stop);
            Thread.sleep(1500);

            c.start(3);
            try (Jedis j = new Jedis("127.0.0.1", c.respPort(leader), 30_000)) {
                assertEquals("OK", j.sendCommand(() -> "CLUSTER".getBytes(), "ADD", c.peerSpec(3)) instanceof byte[] b
                        ? new String(b) : "?");
                String nodes = new String((byte[]) j.sendCommand(() -> "CLUSTER".getBytes(), "NODES"));
                assertTrue(nodes.contains("n4 "), nodes);
            }
            Thread.sleep(1500);
            int removed = (leader + 1) % 3;
            int l = c.awaitLeader(30_000);
            try (Jedis j = new Jedis("127.0.0.1", c.respPort(l), 30_000)) {
                Object r = j.sendCommand(() -> "CLUSTER".getBytes(), "REMOVE", "n" + (removed + 1));
                assertEquals("OK", new String((byte[]) r));
            }
            Thread.sleep(1500);
            stop.set(true);
            writer.join(30_000);
            assertTrue(acked.size() > 20, "too few writes: " + acked.size());

            int[] remaining = java.util.stream.IntStream.range(0, 4).filter(i -> i != removed).toArray();
            Map<String, String> first = null;
            long deadline = System.currentTimeMillis() + 60_000;
            boolean equal = false;
            while (!equal && System.currentTimeMillis() < deadline) {
                first = c.contents(remaining[0]);
                equal = first.keySet().containsAll(acked.keySet());
                for (int i : remaining) {
                    equal &= first.equals(c.contents(i));
                }
                if (!equal) {
                    Thread.sleep(200);
                }
            }
            for (int i : remaining) {
                assertEquals(first, c.contents(i), "n" + (i + 1) + " differs");
            }
            for (Map.Entry<String, String> e : acked.entrySet()) {
                assertEquals(e.getValue(), first.get(e.getKey()), "acknowledged write lost: " + e.getKey());
            }
        }
    }
}
