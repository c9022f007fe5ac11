package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class SmokeIT {
    @TempDir
    Path dir;

    @Test
    void setGet_roundTrip() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertEquals("OK", j.set("a", "1"));
            assertEquals("1", j.get("a"));
            assertEquals(2, j.incr("a"));
        }
    }
}
