package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.server.cluster.ClusterTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ./kvstore cluster status|add|remove} ({@link ClusterTool}) against a three-node group: a change sent to a
 * follower is carried out on the leader; status shows the new membership.
 */
class ClusterToolIT {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ClusterTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void addAndRemoveThroughAFollower_followTheLeader_statusShowsMembers() throws Exception {
        try (RaftCluster c = new RaftCluster(dir, 4, 3)) {
            c.startAll();
            int leader = c.awaitLeader(60_000);
            assertTrue(leader >= 0);
            int follower = (leader + 1) % 3;
            String via = "127.0.0.1:" + c.respPort(follower);

            String[] status = run("status", "--server", via);
            assertEquals("0", status[0], status[2]);
            assertTrue(status[1].contains("n" + (leader + 1) + " 127.0.0.1:" + c.respPort(leader)), status[1]);
            assertTrue(status[1].contains(" leader"), status[1]);

            c.start(3);
            String[] add = run("add", c.peerSpec(3), "--server", via);
            assertEquals("0", add[0], add[1] + add[2]);
            assertTrue(add[1].startsWith("OK"), add[1]);

            String removed = "n" + (follower + 1);
            String[] remove = run("remove", removed, "--server", "127.0.0.1:" + c.respPort(3) + "," + via);
            assertEquals("0", remove[0], remove[1] + remove[2]);

            String[] after = run("status", "--server", "127.0.0.1:" + c.respPort(leader));
            assertEquals("0", after[0], after[2]);
            assertTrue(after[1].contains("n4 127.0.0.1:" + c.respPort(3)), after[1]);
            assertFalse(after[1].contains(removed + " "), after[1]);

            String[] again = run("remove", removed, "--server", "127.0.0.1:" + c.respPort(leader));
            assertEquals("1", again[0]);
            assertTrue(again[2].contains("is not a member"), again[2]);

            try (Jedis j = new Jedis("127.0.0.1", c.respPort(leader), 30_000)) {
                assertEquals("OK", j.set("after-change", "1"));
            }
        }
    }
}
