package io.kvstore.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments, help and errors of {@code ./kvstore cluster}; the group itself is {@code ClusterToolIT}'s. */
class ClusterToolTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ClusterTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_help_printsUsageAndExits0() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("./kvstore cluster add id=host:resp-port:raft-port"));
    }

    @Test
    void run_noSubcommand_exits2() {
        assertEquals(2, run());
        assertTrue(err().contains("missing subcommand"), err());
    }

    @Test
    void run_unknownSubcommandOrOption_exits2() {
        assertEquals(2, run("join"));
        assertEquals(2, run("status", "--port", "1"));
        assertTrue(err().contains("unknown option --port"), err());
    }

    @Test
    void run_addWithoutPorts_exits2NamingTheForm() {
        assertEquals(2, run("add", "n4=127.0.0.1:6382"));
        assertTrue(err().contains("id=host:resp-port:raft-port"), err());
        assertEquals(2, run("remove"));
    }

    @Test
    void run_badServerAddress_exits2() {
        assertEquals(2, run("status", "--server", "localhost"));
        assertEquals(2, run("status", "--server", "localhost:0"));
    }

    @Test
    void run_unreachableServer_exits1NamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        assertEquals(1, run("status", "--server", "127.0.0.1:" + port));
        assertTrue(err().contains("cannot reach 127.0.0.1:" + port), err());
        assertEquals(1, run("remove", "n2", "--server", "127.0.0.1:" + port));
    }

    @Test
    void leaderOf_nodesLines_givesTheLeadersClientAddress() {
        List<String> lines = List.of("n1 127.0.0.1:6379 127.0.0.1:7379 follower",
                "n2 127.0.0.1:6380 127.0.0.1:7380 leader myself");
        assertArrayEquals(new String[] {"127.0.0.1", "6380"}, ClusterTool.leaderOf(lines));
        assertNull(ClusterTool.leaderOf(List.of("n1 127.0.0.1:6379 127.0.0.1:7379 follower")));
    }
}
