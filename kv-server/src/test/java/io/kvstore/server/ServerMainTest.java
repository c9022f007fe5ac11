package io.kvstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.SyncPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {
    @TempDir
    Path dir;

    @Test
    void parse_pathOptionsAndConfigFile_commandLineWins() throws Exception {
        Path conf = dir.resolve("kv.conf");
        Files.writeString(conf, "# comment\nport 7000\nrequirepass \"from file\"\nappendfsync everysec\nmaxmemory 100mb\n");
        ServerConfig c = new ServerConfig();
        ServerMain.parse(new String[] {"/data/kv", "--port", "7001", "--config", conf.toString()}, c, System.out);
        assertEquals(Path.of("/data/kv"), c.dir());
        assertEquals(7001, c.port());
        assertEquals("from file", c.requirePass());
        assertEquals(SyncPolicy.INTERVAL, c.syncPolicy());
        assertEquals(100L << 20, c.maxMemory());
    }

    @Test
    void parse_badValues_explain() {
        ServerConfig c = new ServerConfig();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ServerMain.parse(new String[] {"--port", "70000"}, c, System.out)).getMessage().contains("port"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ServerMain.parse(new String[] {"--appendfsync", "sometimes"}, c, System.out)).getMessage()
                .contains("always, everysec or no"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ServerMain.parse(new String[] {"a", "b"}, c, System.out)).getMessage().contains("unexpected"));
    }

    @Test
    void parse_ioTransport_fromFileOrCommandLine() throws Exception {
        ServerConfig c = new ServerConfig();
        assertEquals("auto", c.ioTransport());
        Path conf = dir.resolve("kv.conf");
        Files.writeString(conf, "io-transport EPOLL\n");
        ServerMain.parse(new String[] {"--config", conf.toString()}, c, System.out);
        assertEquals("epoll", c.ioTransport());
        ServerMain.parse(new String[] {"--io-transport", "io_uring"}, c, System.out);
        assertEquals("io_uring", c.get("io-transport"));
        ServerMain.parse(new String[] {"--io-transport", "nio"}, c, System.out);
        assertEquals("nio", c.ioTransport());
        assertEquals(false, c.isMutable("io-transport"));
    }

    @Test
    void parse_badIoTransport_explains() throws Exception {
        ServerConfig c = new ServerConfig();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ServerMain.parse(new String[] {"--io-transport", "kqueue"}, c, System.out)).getMessage()
                .contains("io-transport must be auto, io_uring, epoll or nio"));
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "port 7000\nio-transport uring\n");
        String message = assertThrows(IllegalArgumentException.class,
                () -> ServerMain.parse(new String[] {"--config", conf.toString()}, c, System.out)).getMessage();
        assertTrue(message.contains("bad.conf:2") && message.contains("io_uring"), message);
        assertEquals("auto", c.ioTransport());
    }

    @Test
    void run_help_listsOptionsAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, ServerMain.run(new String[] {"--help"}, new PrintStream(out), System.err));
        String text = out.toString();
        for (String option : new String[] {"--port", "--bind", "--requirepass", "--config", "--appendfsync", "--maxclients",
            "--timeout", "--maxmemory", "--client-output-buffer-limit", "--io-transport"}) {
            assertTrue(text.contains(option), option);
        }
    }

    @Test
    void config_memoryUnits_likeRedisConf() {
        assertEquals(1024, ServerConfig.parseMemory("x", "1kb"));
        assertEquals(1000, ServerConfig.parseMemory("x", "1k"));
        assertEquals(3L << 30, ServerConfig.parseMemory("x", "3GB"));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.parseMemory("x", "-1"));
    }
}
