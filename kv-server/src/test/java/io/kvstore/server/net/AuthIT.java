package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** requirepass: NOAUTH before AUTH, WRONGPASS, AUTH and HELLO AUTH, and the error without a password set. */
class AuthIT {
    @TempDir
    Path dir;

    @Test
    void requirepass_commandsNeedAuth() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "requirepass", "s3cret"); Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertEquals("NOAUTH Authentication required.",
                    assertThrows(JedisDataException.class, () -> j.get("k")).getMessage());
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.",
                    assertThrows(JedisDataException.class, () -> j.auth("wrong")).getMessage());
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.",
                    assertThrows(JedisDataException.class, () -> j.auth("nobody", "s3cret")).getMessage());
            assertEquals("OK", j.auth("s3cret"));
            assertEquals("OK", j.set("k", "v"));
            assertEquals("OK", j.auth("default", "s3cret"));
            assertTrue(assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "HELLO".getBytes(), "3", "AUTH",
                    "default", "bad")).getMessage().startsWith("WRONGPASS"));
        }
    }

    @Test
    void lettuceWithPassword_usesHelloAuth() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "requirepass", "pw")) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(f.port())
                    .withPassword("pw".toCharArray()).withTimeout(Duration.ofSeconds(30)).build());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                assertEquals("OK", c.sync().set("a", "b"));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void helloWithoutAuth_isRefusedWhenPasswordSet() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "requirepass", "pw"); Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertTrue(assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "HELLO".getBytes(), "3"))
                    .getMessage().startsWith("NOAUTH HELLO must be called with the client already authenticated"));
        }
    }

    @Test
    void authWithoutPasswordConfigured_isAnError() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertTrue(assertThrows(JedisDataException.class, () -> j.auth("x")).getMessage()
                    .startsWith("ERR AUTH <password> called without any password configured"));
        }
    }

    @Test
    void configSetRequirepass_appliesToNewConnections() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); Jedis admin = new Jedis("127.0.0.1", f.port(), 60_000)) {
            admin.configSet("requirepass", "later");
            try (Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
                assertThrows(JedisDataException.class, () -> j.get("k"));
                j.auth("later");
                j.set("k", "v");
            }
        }
    }
}
