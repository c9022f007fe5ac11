package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.jdbc.JdbcServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** The server under each {@code io-transport} this machine offers (the others are skipped with the reason). */
class IoTransportIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void commands_eachAvailableTransport_behaveAlike(IoTransport t) throws Exception {
        assumeTrue(t.isAvailable(), () -> t.settingName() + " unavailable here: " + t.unavailabilityCause());
        try (ServerFixture f = new ServerFixture(dir, "io-transport", t.settingName());
                Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertEquals(t, f.server.transport());
            assertEquals("OK", j.set("a", "1"));
            assertEquals("1", j.get("a"));
            assertEquals(2, j.incr("a"));
            assertEquals("OK", j.mset("k1", "v1", "k2", "v2"));
            assertEquals(List.of("v1", "v2"), j.mget("k1", "k2"));
            // pipelined: many replies in one read and one write
            Pipeline p = j.pipelined();
            Response<Long> last = null;
            for (int i = 0; i < 500; i++) {
                last = p.incr("counter");
            }
            p.sync();
            assertEquals(500L, last.get());
            String big = "x".repeat(1 << 20); // larger than one socket buffer each way
            assertEquals("OK", j.set("big", big));
            assertEquals(big, j.get("big"));
            assertTrue(j.info("server").contains("io_transport:" + t.settingName() + "\r\n"), j.info("server"));
            assertEquals(Map.of("io-transport", t.settingName()), j.configGet("io-transport"));
        }
        // the acknowledged writes are in the store after a restart
        try (ServerFixture f = new ServerFixture(dir, "io-transport", "nio");
                Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            assertEquals("2", j.get("a"));
            assertEquals("500", j.get("counter"));
        }
    }

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void remoteJdbc_nettyListenerOnEachAvailableTransport_answersSql(IoTransport t) throws Exception {
        assumeTrue(t.isAvailable(), () -> t.settingName() + " unavailable here: " + t.unavailabilityCause());
        try (ServerFixture f = new ServerFixture(dir.resolve("store"), "io-transport", t.settingName(),
                "jdbc-io", "netty")) {
            JdbcServer jdbc = JdbcServer.start(f.config, f.server.store(), 0);
            f.server.addStopHook(jdbc::stop);
            try (Jedis j = new Jedis("127.0.0.1", f.port(), 60_000);
                    Connection c = DriverManager.getConnection("jdbc:kvstore://127.0.0.1:" + jdbc.port());
                    PreparedStatement ps = c.prepareStatement("SELECT TEXT(value) FROM kv WHERE key = ?")) {
                assertEquals("OK", j.set("fromResp", "hello"));
                ps.setString(1, "fromResp");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("hello", rs.getString(1));
                }
            }
        }
    }

    @Test
    void start_unavailableNamedTransport_refusesAndLeavesTheStoreClosed() throws Exception {
        IoTransport missing = null;
        for (IoTransport t : IoTransport.values()) {
            if (!t.isAvailable()) {
                missing = t;
            }
        }
        assumeTrue(missing != null, "every transport is available here");
        String name = missing.settingName();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerFixture(dir, "io-transport", name));
        assertTrue(e.getMessage().contains("not available"), e.getMessage());
        try (KvStore store = KvStore.open(dir, RedisServer.storeOptions(new ServerConfig()))) {
            assertTrue(store.directory().toString().endsWith(dir.getFileName().toString()));
        }
    }
}
