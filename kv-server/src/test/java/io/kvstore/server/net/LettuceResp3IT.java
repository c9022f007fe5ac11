package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lettuce over RESP3 (it sends HELLO 3 first) and RESP2: replies, pipelining, transactions. */
class LettuceResp3IT {
    @TempDir
    Path dir;
    private ServerFixture server;
    private RedisClient client;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
        client = RedisClient.create(io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(server.port())
                .withTimeout(Duration.ofSeconds(30)).build());
    }

    @AfterEach
    void stop() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    private StatefulRedisConnection<String, String> connect(ProtocolVersion version) {
        client.setOptions(ClientOptions.builder().protocolVersion(version).build());
        return client.connect();
    }

    @Test
    void resp3_commandsAndNulls() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = c.sync();
            assertTrue(r.clientInfo().contains("resp=3"));
            assertEquals("OK", r.set("a", "1"));
            assertEquals("1", r.get("a"));
            assertNull(r.get("missing"));
            assertEquals(List.of(KeyValue.just("a", "1"), KeyValue.empty("missing")), r.mget("a", "missing"));
            assertEquals(2L, r.incr("a"));
            assertEquals(3.5, r.incrbyfloat("a", 1.5));
            Map<String, String> cfg = r.configGet("appendfsync");
            assertEquals("always", cfg.get("appendfsync"));
            assertTrue(r.info("server").contains("redis_version"));
            assertEquals("OK", r.clientSetname("lettuce"));
            assertEquals("lettuce", r.clientGetname());
            assertEquals(1L, r.exists("a"));
            assertEquals(List.of(), r.keys("nothing*"));
            assertEquals("hello", r.echo("hello"));
            assertEquals(2, r.time().size());
            assertThrows(RedisCommandExecutionException.class, () -> r.incrby("a", 1));
        }
    }

    @Test
    void resp2_stillWorks() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP2)) {
            RedisCommands<String, String> r = c.sync();
            assertTrue(r.clientInfo().contains("resp=2"));
            r.set("k", "v");
            assertEquals("v", r.get("k"));
            assertNull(r.get("none"));
        }
    }

    @Test
    void asyncPipeline_fiveThousandCommands_allAnsweredInOrder() throws Exception {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            c.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> a = c.async();
            List<RedisFuture<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                a.set("k" + i, "v" + i);
                incrs.add(a.incr("n"));
            }
            c.flushCommands();
            for (int i = 0; i < incrs.size(); i++) {
                assertEquals(i + 1, incrs.get(i).get(30, TimeUnit.SECONDS));
            }
            c.setAutoFlushCommands(true);
            assertEquals("v4999", a.get("k4999").get(30, TimeUnit.SECONDS));
            assertEquals(5001L, a.dbsize().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void multiExec_resp3() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = c.sync();
            assertEquals("OK", r.multi());
            r.set("t", "1");
            r.incr("t");
            r.get("t");
            TransactionResult res = r.exec();
            assertEquals(3, res.size());
            assertEquals("2", res.get(2));
        }
    }

    @Test
    void scanIterator_visitsEveryKey() {
        try (StatefulRedisConnection<String, String> c = connect(ProtocolVersion.RESP3)) {
            RedisCommands<String, String> r = c.sync();
            for (int i = 0; i < 300; i++) {
                r.set("s" + i, "x");
            }
            Set<String> keys = new HashSet<>();
            ScanIterator<String> it = ScanIterator.scan(r, ScanArgs.Builder.limit(25).match("s*"));
            it.forEachRemaining(keys::add);
            assertEquals(300, keys.size());
        }
    }
}
