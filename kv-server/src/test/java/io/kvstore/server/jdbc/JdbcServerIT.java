package io.kvstore.server.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.net.RedisServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The JDBC listener inside a running server, with the default transport (a thread per connection; see
 * {@link JdbcServerNettyIT} for Netty): SQL and RESP on one store, pools, hostile clients.
 */
class JdbcServerIT {
    /** The {@code jdbc-io} setting under test. */
    String io() {
        return "threads";
    }

    @TempDir
    Path dir;

    private RedisServer redis;
    private JdbcServer jdbc;

    private void start(String... settings) throws Exception {
        ServerConfig config = new ServerConfig();
        config.set("dir", dir.resolve("store").toString());
        config.set("port", "0");
        config.set("bind", "127.0.0.1");
        config.set("jdbc-io", io());
        for (int i = 0; i < settings.length; i += 2) {
            config.set(settings[i], settings[i + 1]);
        }
        redis = RedisServer.start(config);
        jdbc = JdbcServer.start(config, redis.store(), 0);
        redis.addStopHook(jdbc::stop);
    }

    private String url() {
        return "jdbc:kvstore://127.0.0.1:" + jdbc.port();
    }

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.stop(-1);
        }
    }

    @Test
    void sqlAndResp_shareOneStore_eachSeesTheOthersWrites() throws Exception {
        start();
        try (Jedis j = new Jedis("127.0.0.1", redis.port()); Connection c = DriverManager.getConnection(url())) {
            assertEquals("OK", j.set("fromResp", "hello"));
            try (PreparedStatement ps = c.prepareStatement("SELECT TEXT(value) FROM kv WHERE key = ?")) {
                ps.setString(1, "fromResp");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("hello", rs.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("INSERT INTO kv (key, value) VALUES ('fromSql', BYTES('world'))"));
            }
            assertEquals("world", j.get("fromSql"));
        }
    }

    @Test
    void hikariPool_remoteUrl_concurrentTransactionsKeepTheSum() throws Exception {
        start();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url());
        hc.setMaximumPoolSize(4);
        hc.setPoolName("remote");
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            try (Connection c = ds.getConnection(); PreparedStatement ins =
                    c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 4; i++) {
                    ins.setString(1, "acct" + i);
                    ins.setString(2, "100");
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int n = 0; n < 10; n++) {
                        transfer(ds, "acct" + rnd.nextInt(4), "acct" + rnd.nextInt(4));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TEXT(value) FROM kv WHERE key LIKE 'acct%'")) {
                int sum = 0;
                while (rs.next()) {
                    sum += Integer.parseInt(rs.getString(1));
                }
                assertEquals(400, sum);
            }
        }
    }

    private static void transfer(HikariDataSource ds, String from, String to) throws SQLException {
        for (int attempt = 0; attempt < 200; attempt++) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement get = c.prepareStatement("SELECT TEXT(value) FROM kv WHERE key = ?");
                     PreparedStatement put = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?")) {
                    int a = read(get, from);
                    put.setString(1, String.valueOf(a - 1));
                    put.setString(2, from);
                    put.executeUpdate();
                    int b = read(get, to);
                    put.setString(1, String.valueOf(b + 1));
                    put.setString(2, to);
                    put.executeUpdate();
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    if (!"40001".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
        throw new AssertionError("no transfer after 200 attempts");
    }

    private static int read(PreparedStatement get, String key) throws SQLException {
        get.setString(1, key);
        try (ResultSet rs = get.executeQuery()) {
            assertTrue(rs.next());
            return Integer.parseInt(rs.getString(1));
        }
    }

    @Test
    void requirepass_wrongPassword28000_rightOneConnects() throws Exception {
        start("requirepass", "pw1");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url()));
        assertEquals("28000", e.getSQLState());
        try (Connection c = DriverManager.getConnection(url() + ";password=pw1")) {
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void hostileFramesAndNonReadingClient_serverKeepsServing() throws Exception {
        start();
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[rnd.nextInt(100)];
            rnd.nextBytes(noise);
            if (i % 3 == 0 && noise.length >= 4) {
                noise[0] = 0x7f; // a huge declared length
            }
            try (Socket s = new Socket("127.0.0.1", jdbc.port())) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(noise);
                s.shutdownOutput();
                s.getInputStream().readAllBytes(); // the server answers or not, then closes
            } catch (java.net.SocketException reset) {
                // closed while we wrote: fine
            }
        }
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    ins.setString(1, "big" + i);
                    ins.setBytes(2, new byte[100]);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
        // a client that sends thousands of queries and never reads their answers
        Socket greedy = new Socket("127.0.0.1", jdbc.port());
        OutputStream out = greedy.getOutputStream();
        WireOut hello = new WireOut(64).reset(Op.HELLO).i32(Protocol.MAGIC).u16(Protocol.VERSION).string(null)
                .i32(0).finish();
        out.write(hello.array(), 0, hello.size());
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 5000; i++) {
                    WireOut q = new WireOut(128).reset(Op.EXECUTE_SQL).i32(1).u8(Op.KIND_QUERY).i64(0).i32(0).i32(0)
                            .i32(0).string("SELECT * FROM kv").finish();
                    out.write(q.array(), 0, q.size());
                }
            } catch (java.io.IOException expected) {
                // the server may stop reading; the test closes the socket
            }
        });
        writer.setDaemon(true);
        writer.start();
        Thread.sleep(500);
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM kv")) {
            assertTrue(rs.next());
            assertEquals(2000, rs.getInt(1));
        }
        greedy.close();
        writer.join(10_000);
    }

    @Test
    void shutdown_closesRemoteSessions_connectionFailsWith08() throws Exception {
        start();
        Connection c = DriverManager.getConnection(url());
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv (key, value) VALUES ('k', BYTES('v'))");
        }
        redis.stop(-1);
        SQLException e = assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT 1"));
        assertTrue(e.getSQLState().startsWith("08"), e.getSQLState());
        assertFalse(c.isValid(1));
        c.close();
        redis = null;
        // the store was closed cleanly: it opens again embedded
        try (Connection e2 = DriverManager.getConnection("jdbc:kvstore:" + dir.resolve("store"));
             Statement s = e2.createStatement(); ResultSet rs = s.executeQuery("SELECT TEXT(value) FROM kv")) {
            assertTrue(rs.next());
            assertEquals("v", rs.getString(1));
        }
    }

    @Test
    void largeValue_roundTripsIntact() throws Exception {
        start();
        byte[] big = new byte[3 << 20];
        new Random(1).nextBytes(big);
        try (Connection c = DriverManager.getConnection(url());
             PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)");
             PreparedStatement sel = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            ins.setString(1, "big");
            ins.setBytes(2, big);
            ins.executeUpdate();
            sel.setString(1, "big");
            try (ResultSet rs = sel.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(big, rs.getBytes(1));
            }
        }
    }
}
