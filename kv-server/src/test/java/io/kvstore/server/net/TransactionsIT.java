package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** MULTI/EXEC/DISCARD/WATCH between clients, with Redis' replies. */
class TransactionsIT {
    @TempDir
    Path dir;
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", server.port(), 60_000);
    }

    @Test
    void exec_runsQueueAtomically() {
        try (Jedis j = client()) {
            Transaction t = j.multi();
            t.set("a", "1");
            t.incr("a");
            t.get("a");
            List<Object> r = t.exec();
            assertEquals(List.of("OK", 2L, "2"), r);
        }
    }

    @Test
    void watchedKeyChangedByOtherClient_execReturnsNull() {
        try (Jedis a = client(); Jedis b = client()) {
            a.set("balance", "100");
            assertEquals("OK", a.watch("balance"));
            b.set("balance", "50");
            Transaction t = a.multi();
            t.set("balance", "0");
            assertNull(t.exec());
            assertEquals("50", a.get("balance"));
        }
    }

    @Test
    void watchedKeyUnchanged_execApplies() {
        try (Jedis a = client(); Jedis b = client()) {
            a.watch("x");
            b.set("other", "1");
            Transaction t = a.multi();
            t.set("x", "mine");
            assertEquals(List.of("OK"), t.exec());
            assertEquals("mine", b.get("x"));
        }
    }

    @Test
    void unwatch_forgetsKeys() {
        try (Jedis a = client(); Jedis b = client()) {
            a.watch("w");
            a.unwatch();
            b.set("w", "changed");
            Transaction t = a.multi();
            t.set("w", "mine");
            assertEquals(List.of("OK"), t.exec());
        }
    }

    @Test
    void queuingError_execAborts() {
        try (Jedis j = client()) {
            j.sendCommand(() -> "MULTI".getBytes());
            assertEquals("QUEUED", new String((byte[]) j.sendCommand(() -> "SET".getBytes(), "q", "1")));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "NOSUCH".getBytes()));
            assertTrue(e.getMessage().startsWith("ERR unknown command"));
            e = assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "EXEC".getBytes()));
            assertEquals("EXECABORT Transaction discarded because of previous errors.", e.getMessage());
            assertNull(j.get("q"));
        }
    }

    @Test
    void runtimeErrorInsideExec_isOneElement() {
        try (Jedis j = client()) {
            j.set("s", "text");
            Transaction t = j.multi();
            t.incr("s");
            t.set("after", "1");
            List<Object> r = t.exec();
            assertInstanceOf(JedisDataException.class, r.get(0));
            assertEquals("OK", r.get(1));
            assertEquals("1", j.get("after"));
        }
    }

    @Test
    void misuse_errors() {
        try (Jedis j = client()) {
            assertEquals("ERR EXEC without MULTI",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "EXEC".getBytes())).getMessage());
            assertEquals("ERR DISCARD without MULTI",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "DISCARD".getBytes())).getMessage());
            j.sendCommand(() -> "MULTI".getBytes());
            assertEquals("ERR MULTI calls can not be nested",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "MULTI".getBytes())).getMessage());
            assertEquals("ERR WATCH inside MULTI is not allowed",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "WATCH".getBytes(), "k")).getMessage());
            j.sendCommand(() -> "SET".getBytes(), "d", "1");
            assertEquals("OK", new String((byte[]) j.sendCommand(() -> "DISCARD".getBytes())));
            assertNull(j.get("d"));
        }
    }

    /** Two clients increment one counter with WATCH/MULTI/EXEC retry loops: no update is lost. */
    @Test
    void concurrentOptimisticIncrements_noLostUpdate() throws Exception {
        int perClient = 200;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> retries = pool.invokeAll(List.of(() -> increments(perClient), () -> increments(perClient)));
            int conflicts = 0;
            for (Future<Integer> f : retries) {
                conflicts += f.get(120, TimeUnit.SECONDS);
            }
            try (Jedis j = client()) {
                assertEquals(String.valueOf(2 * perClient), j.get("counter"));
            }
            assertTrue(conflicts >= 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private int increments(int n) {
        int conflicts = 0;
        try (Jedis j = client()) {
            for (int done = 0; done < n; ) {
                j.watch("counter");
                String v = j.get("counter");
                long next = (v == null ? 0 : Long.parseLong(v)) + 1;
                Transaction t = j.multi();
                t.set("counter", String.valueOf(next));
                if (t.exec() == null) {
                    conflicts++;
                } else {
                    done++;
                }
            }
        }
        return conflicts;
    }
}
