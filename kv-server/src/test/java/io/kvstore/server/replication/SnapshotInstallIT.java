package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A follower that was down while the leader snapshotted and compacted its log catches up by installing the
 * snapshot (Ratis pauses and reinitializes its state machine), then follows the log again.
 */
class SnapshotInstallIT {
    @TempDir
    Path dir;

    @Test
    void laggingFollower_installsSnapshot_thenEqualContents() throws Exception {
        try (RaftCluster c = new RaftCluster(dir, 3).option("raft-snapshot-entries", "20").option("raft-log-segment-size", "64kb")) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0);
            int lagging = (leader + 1) % 3;
            c.kill(lagging);
            try (Jedis j = new Jedis("127.0.0.1", c.respPort(leader), 10_000)) {
                // many small groups: each synced round of the pipeline is at least one log entry
                for (int round = 0; round < 60; round++) {
                    Pipeline p = j.pipelined();
                    for (int k = 0; k < 50; k++) {
                        p.set("k" + round + ":" + k, "v" + round + ":" + k);
                    }
                    p.incr("rounds");
                    p.sync();
                }
                j.del("k0:0");
            }
            c.start(lagging);
            Map<String, String> expected = null;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                expected = c.contents(leader);
                if (expected.equals(c.contents(lagging))) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(expected, c.contents(lagging), "the lagging follower did not catch up");
            assertEquals("60", expected.get("rounds"));
            assertEquals(60 * 50 - 1 + 1, expected.size());
            assertTrue(c.log(lagging).contains("installed raft snapshot"),
                    () -> "caught up without a snapshot: " + tail(c, lagging));
            // and it follows the log after the installation
            try (Jedis j = new Jedis("127.0.0.1", c.respPort(c.awaitLeader(30_000)), 10_000)) {
                j.set("after", "install");
            }
            deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !"install".equals(c.contents(lagging).get("after"))) {
                Thread.sleep(100);
            }
            assertEquals("install", c.contents(lagging).get("after"));
        }
    }

    private static String tail(RaftCluster c, int i) {
        try {
            String log = c.log(i);
            return log.substring(Math.max(0, log.length() - 4000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
