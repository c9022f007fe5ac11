package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Every supported command through Jedis (RESP2), with redis.io's replies and errors. */
class JedisCommandsIT {
    @TempDir
    Path dir;
    private ServerFixture server;
    private Jedis jedis;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
        jedis = new Jedis("127.0.0.1", server.port(), 60_000);
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private static ProtocolCommand cmd(String name) {
        return () -> name.getBytes(StandardCharsets.US_ASCII);
    }

    private Object send(String name, String... args) {
        return jedis.sendCommand(cmd(name), args);
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    private String error(String name, String... args) {
        return assertThrows(JedisDataException.class, () -> send(name, args)).getMessage();
    }

    @Test
    void set_options_followRedis() {
        assertEquals("OK", jedis.set("k", "v1"));
        assertNull(jedis.set("k", "v2", SetParams.setParams().nx()));
        assertEquals("v1", jedis.get("k"));
        assertEquals("OK", jedis.set("k", "v2", SetParams.setParams().xx()));
        assertNull(jedis.set("missing", "v", SetParams.setParams().xx()));
        assertFalse(jedis.exists("missing"));
        assertEquals("v2", jedis.setGet("k", "v3"));
        assertNull(jedis.setGet("new", "x"));
        assertEquals("OK", send("SET", "k", "v4", "KEEPTTL") instanceof byte[] b ? text(b) : "OK");
        assertEquals("ERR syntax error", error("SET", "k", "v", "NX", "XX"));
        assertEquals("ERR syntax error", error("SET", "k", "v", "BOGUS"));
        assertEquals("OK", jedis.set("k", "v", SetParams.setParams().ex(10)));
        assertEquals("ERR wrong number of arguments for 'set' command", error("SET", "k"));
        assertNull(jedis.get("nothing"));
    }

    @Test
    void stringCommands_repliesAsRedis() {
        assertEquals(1, jedis.setnx("a", "1"));
        assertEquals(0, jedis.setnx("a", "2"));
        assertEquals("1", jedis.getSet("a", "hello"));
        assertEquals(5, jedis.strlen("a"));
        assertEquals(0, jedis.strlen("nope"));
        assertEquals(11, jedis.append("a", " world"));
        assertEquals(3, jedis.append("fresh", "abc"));
        assertEquals("hello", jedis.getrange("a", 0, 4));
        assertEquals("world", jedis.getrange("a", -5, -1));
        assertEquals("", jedis.getrange("a", 5, 3));
        assertEquals("hello world", jedis.getrange("a", 0, 100));
        assertEquals("", jedis.getrange("nope", 0, 10));
        assertEquals(11, jedis.setrange("a", 6, "Redis"));
        assertEquals("hello Redis", jedis.get("a"));
        assertEquals(8, jedis.setrange("pad", 5, "abc"));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 'a', 'b', 'c'}, jedis.get("pad".getBytes()));
        assertEquals(0, jedis.setrange("nokey", 0, ""));
        assertFalse(jedis.exists("nokey"));
        assertEquals("ERR offset is out of range", error("SETRANGE", "a", "-1", "x"));
        assertEquals("hello Redis", jedis.getDel("a"));
        assertNull(jedis.getDel("a"));
        assertEquals("OK", jedis.mset("m1", "x", "m2", "y"));
        assertEquals(List.of("x", "y"), jedis.mget("m1", "m2"));
        assertEquals(java.util.Arrays.asList("x", null), jedis.mget("m1", "zz"));
        assertEquals(0, jedis.msetnx("m1", "z", "m3", "z"));
        assertFalse(jedis.exists("m3"));
        assertEquals(1, jedis.msetnx("m3", "z", "m4", "z"));
        assertEquals("ERR wrong number of arguments for 'mset' command", error("MSET", "a", "b", "c"));
    }

    @Test
    void counters_overflowAndTypeErrors() {
        assertEquals(1, jedis.incr("c"));
        assertEquals(11, jedis.incrBy("c", 10));
        assertEquals(10, jedis.decr("c"));
        assertEquals(-5, jedis.decrBy("c", 15));
        assertEquals(5.5, jedis.incrByFloat("c", 10.5));
        assertEquals("5.5", jedis.get("c"));
        assertEquals("ERR value is not an integer or out of range", error("INCR", "c"));
        jedis.set("big", String.valueOf(Long.MAX_VALUE));
        assertEquals("ERR increment or decrement would overflow", error("INCR", "big"));
        assertEquals("ERR value is not an integer or out of range", error("INCRBY", "c", "1.5"));
        assertEquals("ERR decrement would overflow", error("DECRBY", "x", String.valueOf(Long.MIN_VALUE)));
        jedis.set("s", "abc");
        assertEquals("ERR value is not a valid float", error("INCRBYFLOAT", "s", "1"));
        assertEquals("ERR value is not a valid float", error("INCRBYFLOAT", "c", "x"));
        assertEquals("3000", text(send("INCRBYFLOAT", "f", "3.0e3")));
        assertEquals("ERR increment would produce NaN or Infinity", error("INCRBYFLOAT", "f", "inf"));
    }

    @Test
    void keysAndScan_patternWithLiteralPrefix_readOnlyThatRangeAndMatchExactly() {
        jedis.mset("user:1", "a", "user:10", "b", "user:2", "c", "users", "d", "use", "e", "order:1", "f",
                "user?x", "g");
        // pipelined writes may still be in the server's pending group when the KEYS after them runs
        Pipeline p = jedis.pipelined();
        p.set("user:3", "h");
        p.del("user:2");
        Response<Set<String>> pending = p.keys("user:*");
        p.sync();
        assertEquals(Set.of("user:1", "user:10", "user:3"), pending.get());
        assertEquals(Set.of("user:1", "user:10", "user:3"), jedis.keys("user:*"));
        assertEquals(Set.of("user:1", "user:3"), jedis.keys("user:?"));
        assertEquals(Set.of("user:1", "user:10"), jedis.keys("user:1*"));
        assertEquals(Set.of("user?x"), jedis.keys("user\\?x"));
        assertEquals(Set.of("user:1", "user:10", "user:3", "users", "use", "user?x"), jedis.keys("use*"));
        assertEquals(Set.of(), jedis.keys("zzz*"));
        Set<String> scanned = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().match("user:*").count(2));
            scanned.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertEquals(Set.of("user:1", "user:10", "user:3"), scanned);
    }

    @Test
    void keyspace_commands() {
        jedis.mset("user:1", "a", "user:2", "b", "order:1", "c");
        assertEquals(3, jedis.dbSize());
        assertEquals(Set.of("user:1", "user:2"), jedis.keys("user:*"));
        assertEquals(3, jedis.exists("user:1", "user:1", "order:1"));
        assertEquals(2, jedis.touch("user:1", "nope", "order:1"));
        assertEquals("string", jedis.type("user:1"));
        assertEquals("none", jedis.type("nope"));
        assertTrue(Set.of("user:1", "user:2", "order:1").contains(jedis.randomKey()));
        assertEquals("OK", jedis.rename("order:1", "order:2"));
        assertFalse(jedis.exists("order:1"));
        assertEquals("ERR no such key", error("RENAME", "nope", "x"));
        assertEquals(0, jedis.renamenx("order:2", "user:1"));
        assertEquals(1, jedis.renamenx("order:2", "order:3"));
        assertTrue(jedis.copy("order:3", "order:4", false));
        assertFalse(jedis.copy("order:3", "order:4", false));
        assertTrue(jedis.copy("user:1", "order:4", true));
        assertEquals("a", jedis.get("order:4"));
        assertEquals(2, jedis.del("order:3", "order:4", "nope"));
        assertEquals(1, jedis.unlink("user:2"));
        assertEquals("OK", jedis.flushDB());
        assertEquals(0, jedis.dbSize());
        assertNull(jedis.randomKey());
        jedis.set("x", "1");
        assertEquals("OK", jedis.flushAll());
        assertEquals(0, jedis.dbSize());
    }

    @Test
    void scan_fullIteration_returnsEveryKeyOnce() {
        Pipeline p = jedis.pipelined();
        for (int i = 0; i < 1000; i++) {
            p.set("key:" + i, "v");
        }
        p.set("other", "v");
        p.sync();
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().match("key:*").count(100));
            for (String k : r.getResult()) {
                assertTrue(seen.add(k), "returned twice: " + k);
            }
            cursor = r.getCursor();
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
        assertTrue(calls >= 10);
        ScanResult<String> none = jedis.scan("0", new ScanParams().count(2000), "list");
        assertTrue(none.getResult().isEmpty());
        assertTrue(error("SCAN", "12345").startsWith("ERR invalid cursor"));
    }

    @Test
    void connection_commands() {
        assertEquals("PONG", jedis.ping());
        assertEquals("hi", text(send("PING", "hi")));
        assertEquals("echoed", jedis.echo("echoed"));
        assertEquals("OK", jedis.select(0));
        assertEquals("ERR DB index is out of range", error("SELECT", "1"));
        assertEquals("OK", jedis.clientSetname("worker-1"));
        assertEquals("worker-1", jedis.clientGetname());
        long id = jedis.clientId();
        assertTrue(id > 0);
        assertTrue(jedis.clientList().contains("name=worker-1"));
        assertTrue(jedis.clientInfo().contains("id=" + id));
        assertEquals("OK", text(send("CLIENT", "SETINFO", "LIB-NAME", "mylib")));
        assertTrue(jedis.clientInfo().contains("lib-name=mylib"));
        assertTrue(error("CLIENT", "SETNAME", "a b").startsWith("ERR Client names cannot contain spaces"));
        assertTrue(error("CLIENT", "NOPE").startsWith("ERR unknown subcommand 'NOPE'"));
        try (Jedis other = new Jedis("127.0.0.1", server.port(), 60_000)) {
            long otherId = other.clientId();
            assertEquals(1L, send("CLIENT", "KILL", "ID", String.valueOf(otherId)));
            long deadline = System.currentTimeMillis() + 10_000;
            while (jedis.clientList().contains("id=" + otherId + " ") && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertFalse(jedis.clientList().contains("id=" + otherId + " "));
            assertThrows(Exception.class, other::ping);
        }
        assertEquals("RESET", text(send("RESET")) );
        assertNull(jedis.clientGetname());
    }

    @Test
    void unknownAndOtherTypeCommands_getRedisUnknownCommandError() {
        assertEquals("ERR unknown command 'LPUSH', with args beginning with: 'l' 'a' ", error("LPUSH", "l", "a"));
        assertTrue(error("HSET", "h", "f", "v").startsWith("ERR unknown command 'HSET'"));
    }

    @Test
    void command_introspection() {
        long count = (Long) send("COMMAND", "COUNT");
        assertTrue(count > 50);
        List<?> info = (List<?>) send("COMMAND", "INFO", "get", "nosuch");
        List<?> get = (List<?>) info.get(0);
        assertEquals("get", text(get.get(0)));
        assertEquals(2L, get.get(1));
        assertNull(info.get(1));
        List<?> docs = (List<?>) send("COMMAND", "DOCS", "set");
        assertEquals("set", text(docs.get(0)));
        List<?> keys = (List<?>) send("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2");
        assertEquals(2, keys.size());
    }

    @Test
    void server_commands() throws Exception {
        String info = jedis.info();
        for (String section : List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Keyspace")) {
            assertTrue(info.contains(section), section);
        }
        jedis.set("k", "v");
        assertTrue(jedis.info("keyspace").contains("db0:keys=1"));
        assertFalse(jedis.info("memory").contains("# Server"));
        Map<String, String> cfg = jedis.configGet("appendfsync");
        assertEquals("always", cfg.get("appendfsync"));
        assertTrue(jedis.configGet("*").containsKey("maxclients"));
        assertEquals(Map.of(), jedis.configGet("save").entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals("OK", jedis.configSet("maxclients", "500"));
        assertEquals("500", jedis.configGet("maxclients").get("maxclients"));
        assertTrue(error("CONFIG", "SET", "port", "1").contains("can't set immutable config"));
        assertTrue(error("CONFIG", "SET", "nosuch", "1").startsWith("ERR Unknown option"));
        assertTrue(error("CONFIG", "SET", "maxclients", "abc").startsWith("ERR CONFIG SET failed"));
        List<String> time = jedis.time();
        assertTrue(Math.abs(Long.parseLong(time.get(0)) - System.currentTimeMillis() / 1000) < 60);
        long before = jedis.lastsave();
        Thread.sleep(1100);
        assertEquals("OK", jedis.save());
        assertTrue(jedis.lastsave() > before);
        assertEquals("Background saving started", jedis.bgsave());
        assertEquals("OK", text(send("DEBUG", "SLEEP", "0.01")));
        assertEquals("OK", jedis.configSet("slowlog-log-slower-than", "0"));
        jedis.get("k");
        assertTrue(jedis.slowlogLen() > 0);
        assertFalse(jedis.slowlogGet().isEmpty());
        assertEquals("OK", jedis.slowlogReset());
    }

    /**
     * A command's SLOWLOG time starts where the previous command of the same read ended, or where its read began:
     * never earlier, so a client's pause between requests is nobody's time.
     */
    @Test
    void slowlog_pauseBetweenRequests_isNotCountedToTheNextCommand() throws InterruptedException {
        assertEquals("OK", jedis.configSet("slowlog-log-slower-than", "500000"));
        try {
            jedis.slowlogReset();
            jedis.set("k", "v");
            for (int i = 0; i < 3; i++) {
                Thread.sleep(600);
                assertEquals("v", jedis.get("k"));
            }
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < 100; i++) {
                p.get("k");
            }
            p.sync();
            assertEquals(0, jedis.slowlogLen(), "no command took 500 ms: " + jedis.slowlogGet());
        } finally {
            jedis.configSet("slowlog-log-slower-than", "10000");
        }
    }

    @Test
    void pipeline_tenThousandMixedCommands_repliesInOrder() {
        Pipeline p = jedis.pipelined();
        java.util.ArrayList<Response<?>> rs = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rs.add(p.set("p" + (i % 100), "v" + i));
            rs.add(p.get("p" + (i % 100)));
            rs.add(p.incr("counter"));
        }
        p.sync();
        for (int i = 0; i < 10_000; i++) {
            assertEquals("OK", rs.get(3 * i).get());
            assertEquals("v" + i, rs.get(3 * i + 1).get());
            assertEquals((long) i + 1, rs.get(3 * i + 2).get());
        }
    }

    @Test
    void writes_surviveRestart() throws Exception {
        jedis.set("durable", "yes");
        jedis.incrBy("n", 41);
        jedis.close();
        server.close();
        server = new ServerFixture(dir);
        jedis = new Jedis("127.0.0.1", server.port(), 60_000);
        assertEquals("yes", jedis.get("durable"));
        assertEquals(42, jedis.incr("n"));
    }

    @Test
    void quit_closesAfterOk() {
        assertEquals("OK", text(send("QUIT")));
    }

    @Test
    void largeValue_roundTrips() {
        byte[] big = new byte[5 << 20];
        new java.util.Random(1).nextBytes(big);
        jedis.set("big".getBytes(), big);
        assertArrayEquals(big, jedis.get("big".getBytes()));
    }
}
