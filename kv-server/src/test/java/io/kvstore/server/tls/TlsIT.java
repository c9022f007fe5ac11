package io.kvstore.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvstore.server.ServerConfig;
import io.kvstore.server.jdbc.JdbcServer;
import io.kvstore.server.net.RedisServer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

/**
 * TLS on both listeners: the Redis protocol's tls-port (Jedis over TLS) and the JDBC listener with jdbc-tls
 * (jdbc:kvstore://...;ssl=true), with a self-signed certificate made by the JDK's keytool (skipped without it).
 */
class TlsIT {
    @TempDir
    Path dir;

    private static void keytool(Path dir, String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "no keytool in this JDK");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"threads", "netty"})
    void tls_bothListeners_clientsTrustingTheCertificate_work(String io) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "kv", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", "server.p12", "-storepass", "changeit", "-keypass", "changeit", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2");
        keytool(dir, "-exportcert", "-rfc", "-alias", "kv", "-keystore", "server.p12", "-storepass", "changeit",
                "-file", "server.crt");
        keytool(dir, "-importcert", "-noprompt", "-alias", "kv", "-file", "server.crt", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", "changeit");
        ServerConfig config = new ServerConfig();
        config.set("dir", dir.resolve("store").toString());
        config.set("port", "0");
        config.set("bind", "127.0.0.1");
        config.set("tls-port", String.valueOf(freePort()));
        config.set("tls-keystore", dir.resolve("server.p12").toString());
        config.set("tls-keystore-password", "changeit");
        config.set("jdbc-tls", "yes");
        config.set("jdbc-io", io);
        RedisServer redis = RedisServer.start(config);
        try {
            JdbcServer jdbc = JdbcServer.start(config, redis.store(), 0);
            redis.addStopHook(jdbc::stop);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("trust.p12"))) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            try (Jedis j = new Jedis("127.0.0.1", config.tlsPort(), DefaultJedisClientConfig.builder().ssl(true)
                    .sslSocketFactory(ctx.getSocketFactory()).build())) {
                assertEquals("OK", j.set("overTls", "yes"));
            }
            String url = "jdbc:kvstore://127.0.0.1:" + jdbc.port() + ";ssl=true;sslTrustStore="
                    + dir.resolve("trust.p12") + ";sslTrustStorePassword=changeit";
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TEXT(value) FROM kv WHERE key = 'overTls'")) {
                assertTrue(rs.next());
                assertEquals("yes", rs.getString(1));
            }
            // a client that does not trust the certificate cannot connect; one without TLS neither
            SQLException untrusted = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:kvstore://127.0.0.1:" + jdbc.port() + ";ssl=true"));
            assertEquals("08001", untrusted.getSQLState());
            SQLException plain = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:kvstore://127.0.0.1:" + jdbc.port()));
            assertTrue(plain.getSQLState().startsWith("08"), plain.getSQLState());
        } finally {
            redis.stop(-1);
        }
    }
}
