package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.EvictionPolicy;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.jdbc.error.SqlState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvUrlTest {
    @TempDir
    Path dir;

    @Test
    void connect_absolutePath_createsStoreThere() throws SQLException {
        Path store = dir.resolve("abs");
        try (Connection c = DriverManager.getConnection("jdbc:kvstore:" + store)) {
            assertEquals(store.toAbsolutePath(), c.unwrap(KvStore.class).directory());
        }
        assertTrue(Files.isDirectory(store));
    }

    @Test
    void parse_relativePath_resolvesAgainstWorkingDirectory() throws SQLException {
        KvUrl url = KvUrl.parse("jdbc:kvstore:some/rel/dir;sync=none", null);
        assertEquals(Path.of("").toAbsolutePath().resolve("some/rel/dir").normalize(), url.path());
        assertFalse(url.inMemory());
    }

    @Test
    void connect_memoryUrl_opensInMemoryStore() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            assertNull(c.unwrap(KvStore.class).directory());
        }
    }

    @Test
    void connect_urlOptions_reachTheEngine() throws SQLException {
        String url = "jdbc:kvstore:" + dir.resolve("o") + ";sync=interval;syncIntervalMillis=50;memoryLimit=64m;"
                + "eviction=LRU;maxValueBytes=1k;maxKeyBytes=100;walSegmentBytes=1m;snapshotWalBytes=0;";
        try (Connection c = DriverManager.getConnection(url)) {
            KvOptions o = c.unwrap(KvStore.class).options();
            assertEquals(SyncPolicy.INTERVAL, o.syncPolicy());
            assertEquals(50, o.syncIntervalMillis());
            assertEquals(64L << 20, o.memoryLimitBytes());
            assertEquals(EvictionPolicy.LRU, o.evictionPolicy());
            assertEquals(1024, o.maxValueBytes());
            assertEquals(100, o.maxKeyBytes());
            assertEquals(1L << 20, o.walSegmentBytes());
            assertEquals(0, o.snapshotWalBytes());
        }
    }

    @Test
    void connect_properties_overrideUrlOptions() throws SQLException {
        Properties p = new Properties();
        p.setProperty("SYNC", "none");
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";sync=always", p)) {
            assertEquals(SyncPolicy.NONE, c.unwrap(KvStore.class).options().syncPolicy());
        }
    }

    @Test
    void connect_blankValues_meanDefaults() throws SQLException {
        Properties p = new Properties();
        p.setProperty("memoryLimit", " ");
        p.setProperty("eviction", "");
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";sync=;maxValueBytes=1k", p)) {
            KvOptions o = c.unwrap(KvStore.class).options();
            assertEquals(SyncPolicy.ALWAYS, o.syncPolicy());
            assertEquals(0, o.memoryLimitBytes());
            assertEquals(EvictionPolicy.REJECT, o.evictionPolicy());
            assertEquals(1024, o.maxValueBytes());
        }
    }

    @Test
    void connect_unknownOption_failsNamingIt() {
        SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection(TestUrls.mem() + ";syncc=always"));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), e.getSQLState());
        assertTrue(e.getMessage().contains("syncc"), e.getMessage());
    }

    @Test
    void connect_unknownProperty_failsNamingIt() {
        Properties p = new Properties();
        p.setProperty("cacheSize", "1");
        SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection(TestUrls.mem(), p));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), e.getSQLState());
        assertTrue(e.getMessage().contains("cacheSize"), e.getMessage());
    }

    @Test
    void connect_badValues_failNamingOptionAndValue() {
        for (String bad : new String[] {"sync=sometimes", "syncIntervalMillis=0", "readOnly=yes", "memoryLimit=-1",
            "eviction=fifo", "maxValueBytes=1g", "maxKeyBytes=x", "salvage=1", "walSegmentBytes=10",
            "statementCacheSize=-2", "fastPath=maybe", "sync"}) {
            SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection(TestUrls.mem() + ";" + bad));
            assertEquals(SqlState.INVALID_PARAMETER_VALUE.code(), e.getSQLState(), bad);
            String name = bad.contains("=") ? bad.substring(0, bad.indexOf('=')) : bad;
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void connect_noLocation_fails08001() {
        assertEquals("08001", TestUrls.sqlError(() -> DriverManager.getConnection("jdbc:kvstore:")).getSQLState());
        assertEquals("08001", TestUrls.sqlError(() -> DriverManager.getConnection("jdbc:kvstore:;sync=none"))
                .getSQLState());
        assertEquals("08001", TestUrls.sqlError(() -> DriverManager.getConnection("jdbc:kvstore:mem:"))
                .getSQLState());
    }

    @Test
    void connect_pathIsAFile_failsWithIoState() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection("jdbc:kvstore:" + file));
        assertEquals(SqlState.IO_ERROR.code(), e.getSQLState());
    }

    @Test
    void driver_otherUrls_connectReturnsNullAndAcceptsUrlFalse() throws SQLException {
        KvDriver d = new KvDriver();
        assertNull(d.connect("jdbc:h2:mem:x", new Properties()));
        assertFalse(d.acceptsURL("jdbc:h2:mem:x"));
        assertFalse(d.acceptsURL(null));
        assertTrue(d.acceptsURL("jdbc:kvstore:/x"));
        assertTrue(DriverManager.getDriver("jdbc:kvstore:mem:x") instanceof KvDriver);
    }

    @Test
    void getPropertyInfo_listsEveryOptionWithGivenValue() throws SQLException {
        var info = new KvDriver().getPropertyInfo("jdbc:kvstore:mem:x;sync=none", new Properties());
        assertEquals(KvOption.values().length, info.length);
        for (var p : info) {
            assertTrue(p.description != null && !p.description.isEmpty(), p.name);
            if (p.name.equals("sync")) {
                assertEquals("none", p.value);
                assertEquals(3, p.choices.length);
            }
        }
    }

    @Test
    void parse_remoteUrl_hostPortAndOptions() throws SQLException {
        KvUrl u = KvUrl.parse("jdbc:kvstore://db.example:7000/;password=pw;fastPath=false", new Properties());
        assertTrue(u.isRemote());
        assertEquals("db.example", u.host());
        assertEquals(7000, u.port());
        assertEquals("pw", u.get(KvOption.PASSWORD));
        assertEquals("false", u.get(KvOption.FAST_PATH));
        KvUrl v6 = KvUrl.parse("jdbc:kvstore://[::1]:7001", null);
        assertEquals("::1", v6.host());
        assertEquals(7001, v6.port());
        assertFalse(KvUrl.parse("jdbc:kvstore:/x", null).isRemote());
    }

    @Test
    void parse_remoteUrlWithoutPortOrHost_fails08001() {
        for (String bad : new String[] {"jdbc:kvstore://host", "jdbc:kvstore://:7000", "jdbc:kvstore://h:0",
            "jdbc:kvstore://h:99999", "jdbc:kvstore://h:x", "jdbc:kvstore://h:1/db"}) {
            SQLException e = TestUrls.sqlError(() -> KvUrl.parse(bad, null));
            assertEquals("08001", e.getSQLState(), bad);
        }
    }

    @Test
    void getPropertyInfo_remoteUrl_listsOptions() throws SQLException {
        var info = new KvDriver().getPropertyInfo("jdbc:kvstore://127.0.0.1:1;password=x", new Properties());
        assertEquals(KvOption.values().length, info.length);
        boolean seen = false;
        for (var p : info) {
            if (p.name.equals("password")) {
                assertEquals("x", p.value);
                seen = true;
            }
        }
        assertTrue(seen);
    }

    @Test
    void parse_blankProperty_keepsTheUrlsValue() throws SQLException {
        Properties p = new Properties();
        p.setProperty("password", "");
        p.setProperty("user", "");
        KvUrl u = KvUrl.parse("jdbc:kvstore://127.0.0.1:7000;password=pw", p);
        assertEquals("pw", u.get(KvOption.PASSWORD));
    }

    @Test
    void parse_multiHostUrl_keepsEveryHostInOrder() throws SQLException {
        KvUrl u = KvUrl.parse("jdbc:kvstore://127.0.0.1:7001,[::1]:7002, localhost:7003/;staleReads=true", null);
        assertTrue(u.isRemote());
        assertEquals(3, u.hosts().size());
        assertEquals(new KvUrl.HostPort("127.0.0.1", 7001), u.hosts().get(0));
        assertEquals(new KvUrl.HostPort("::1", 7002), u.hosts().get(1));
        assertEquals(new KvUrl.HostPort("localhost", 7003), u.hosts().get(2));
        assertEquals("127.0.0.1", u.host());
        assertEquals(7001, u.port());
        assertEquals("true", u.get(KvOption.STALE_READS));
        assertEquals("//127.0.0.1:7001,[::1]:7002,localhost:7003", u.storeKey());
    }

    @Test
    void parse_multiHostUrlWithBadHost_fails08001() {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> KvUrl.parse("jdbc:kvstore://127.0.0.1:7001,nohost", null));
        assertEquals("08001", e.getSQLState());
        SQLException t = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> KvUrl.parse("jdbc:kvstore://127.0.0.1:7001;connectTimeout=0", null));
        assertEquals("22023", t.getSQLState());
    }
}
