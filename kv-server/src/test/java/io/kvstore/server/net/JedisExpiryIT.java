package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

/**
 * Redis' expiry commands through Jedis: EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT with NX/XX/GT/LT, TTL/PTTL,
 * EXPIRETIME/PEXPIRETIME, PERSIST, SET EX|PX|EXAT|PXAT|KEEPTTL, SETEX, PSETEX, GETEX; an overwrite clears the TTL
 * unless KEEPTTL; an expired key is gone for every command and after a restart. TTLs are far in the future except
 * where a key must expire (then the test waits for it, with a generous bound: no timing is asserted).
 */
class JedisExpiryIT {
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

    private String error(String name, String... args) {
        ProtocolCommand c = () -> name.getBytes(StandardCharsets.US_ASCII);
        return assertThrows(JedisDataException.class, () -> jedis.sendCommand(c, args)).getMessage();
    }

    private void awaitGone(String key) throws InterruptedException {
        for (int i = 0; i < 6000 && jedis.exists(key); i++) {
            Thread.sleep(5);
        }
    }

    @Test
    void expireTtlPersist_redisReplies() {
        assertEquals(0, jedis.expire("missing", 100));
        assertEquals(-2, jedis.ttl("missing"));
        jedis.set("k", "v");
        assertEquals(-1, jedis.ttl("k"));
        assertEquals(-1, jedis.pttl("k"));
        assertEquals(-1, jedis.expireTime("k"));
        assertEquals(1, jedis.expire("k", 1000));
        long ttl = jedis.ttl("k");
        assertTrue(ttl > 990 && ttl <= 1000, "ttl " + ttl);
        long pttl = jedis.pttl("k");
        assertTrue(pttl > 990_000 && pttl <= 1_000_000, "pttl " + pttl);
        long at = jedis.pexpireTime("k");
        assertEquals(at / 1000, jedis.expireTime("k"));
        assertEquals(1, jedis.persist("k"));
        assertEquals(0, jedis.persist("k"));
        assertEquals(-1, jedis.ttl("k"));
        long future = System.currentTimeMillis() / 1000 + 5000;
        assertEquals(1, jedis.expireAt("k", future));
        assertEquals(future, jedis.expireTime("k"));
        assertEquals(1, jedis.pexpireAt("k", future * 1000 + 7));
        assertEquals(future * 1000 + 7, jedis.pexpireTime("k"));
        assertEquals(1, jedis.pexpire("k", 2_000_000));
        assertEquals("v", jedis.get("k"));
        assertEquals(1, jedis.expire("k", -1), "a time in the past deletes the key");
        assertFalse(jedis.exists("k"));
    }

    @Test
    void expireOptions_nxXxGtLt() {
        jedis.set("k", "v");
        assertEquals(0, jedis.expire("k", 100, ExpiryOption.XX), "XX: no expiry yet");
        assertEquals(0, jedis.expire("k", 100, ExpiryOption.GT), "GT: a persistent key counts as infinite");
        assertEquals(1, jedis.expire("k", 100, ExpiryOption.NX));
        assertEquals(0, jedis.expire("k", 200, ExpiryOption.NX));
        assertEquals(1, jedis.expire("k", 200, ExpiryOption.GT));
        assertEquals(0, jedis.expire("k", 150, ExpiryOption.GT));
        assertEquals(1, jedis.expire("k", 150, ExpiryOption.LT));
        assertEquals(0, jedis.expire("k", 300, ExpiryOption.LT));
        assertEquals(1, jedis.expire("k", 300, ExpiryOption.XX));
        jedis.persist("k");
        assertEquals(1, jedis.expire("k", 100, ExpiryOption.LT), "LT: any time is less than none");
        assertEquals("ERR NX and XX, GT or LT options at the same time are not compatible",
                error("EXPIRE", "k", "10", "NX", "XX"));
        assertEquals("ERR GT and LT options at the same time are not compatible", error("EXPIRE", "k", "10", "GT", "LT"));
        assertEquals("ERR value is not an integer or out of range", error("EXPIRE", "k", "ten"));
        assertEquals("ERR invalid expire time in 'expire' command", error("EXPIRE", "k", "9223372036854775807"));
        assertTrue(error("EXPIRE", "k", "10", "BOGUS").startsWith("ERR Unsupported option"));
    }

    @Test
    void setOptions_setexPsetexGetex() {
        assertEquals("OK", jedis.set("a", "1", SetParams.setParams().ex(100)));
        assertTrue(jedis.ttl("a") > 90);
        assertEquals("OK", jedis.set("a", "2", SetParams.setParams().keepTtl()));
        assertTrue(jedis.ttl("a") > 90, "KEEPTTL keeps it");
        assertEquals("OK", jedis.set("a", "3"));
        assertEquals(-1, jedis.ttl("a"), "an overwrite clears the TTL");
        assertEquals("OK", jedis.set("a", "4", SetParams.setParams().px(100_000)));
        assertTrue(jedis.pttl("a") > 90_000);
        long at = System.currentTimeMillis() + 500_000;
        assertEquals("OK", jedis.set("a", "5", SetParams.setParams().pxAt(at)));
        assertEquals(at, jedis.pexpireTime("a"));
        assertEquals("OK", jedis.set("a", "6", SetParams.setParams().exAt(at / 1000)));
        assertEquals(at / 1000, jedis.expireTime("a"));
        assertEquals("ERR syntax error", error("SET", "a", "v", "EX", "10", "PX", "10"));
        assertEquals("ERR syntax error", error("SET", "a", "v", "EX", "10", "KEEPTTL"));
        assertEquals("ERR invalid expire time in 'set' command", error("SET", "a", "v", "EX", "0"));
        assertEquals("OK", jedis.setex("b", 100, "x"));
        assertTrue(jedis.ttl("b") > 90);
        assertEquals("OK", jedis.psetex("b", 100_000, "y"));
        assertTrue(jedis.pttl("b") > 90_000);
        assertEquals("ERR invalid expire time in 'setex' command", error("SETEX", "b", "0", "x"));
        assertEquals("y", jedis.getEx("b", GetExParams.getExParams().persist()));
        assertEquals(-1, jedis.ttl("b"));
        assertEquals("y", jedis.getEx("b", GetExParams.getExParams().ex(300)));
        assertTrue(jedis.ttl("b") > 290);
        assertEquals("y", jedis.getEx("b", GetExParams.getExParams()));
        assertNull(jedis.getEx("none", GetExParams.getExParams().ex(5)));
        // INCR, APPEND, SETRANGE, INCRBYFLOAT keep the TTL; GETSET and MSET clear it
        jedis.setex("n", 100, "1");
        jedis.incr("n");
        jedis.append("n", "0");
        assertEquals("20", jedis.get("n"));
        assertTrue(jedis.ttl("n") > 90);
        jedis.setrange("n", 0, "3");
        assertEquals(30.5, jedis.incrByFloat("n", 0.5));
        assertEquals("30.5", jedis.get("n"));
        assertTrue(jedis.ttl("n") > 90);
        jedis.getSet("n", "5");
        assertEquals(-1, jedis.ttl("n"));
        // RENAME carries the TTL
        jedis.setex("src", 100, "s");
        jedis.rename("src", "dst");
        assertTrue(jedis.ttl("dst") > 90);
    }

    @Test
    void expiredKey_goneForEveryCommandAndAfterRestart() throws Exception {
        jedis.set("keep", "1");
        assertEquals("OK", jedis.set("short", "x", SetParams.setParams().px(50)));
        awaitGone("short");
        assertNull(jedis.get("short"));
        assertEquals(-2, jedis.pttl("short"));
        assertEquals(1, jedis.dbSize());
        assertEquals(java.util.List.of("keep"), new java.util.ArrayList<>(jedis.keys("*")));
        assertEquals(0, jedis.del("short"));
        assertEquals(1, jedis.setnx("short", "again"));
        jedis.psetex("gone", 50, "y");
        awaitGone("gone");
        jedis.close();
        server.close();
        server = new ServerFixture(dir);
        jedis = new Jedis("127.0.0.1", server.port(), 60_000);
        assertNull(jedis.get("gone"));
        assertEquals("again", jedis.get("short"));
        assertEquals(2, jedis.dbSize());
    }
}
