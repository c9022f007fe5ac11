package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The TLS listener ({@code tls-port}, {@code tls-cert-file}, {@code tls-key-file}): Jedis over TLS beside the plain
 * port, a client without TLS on the TLS port is closed without harming others, and bad settings fail at start with
 * a message naming the setting. The certificate is a self-signed one made by the JDK's keytool for 127.0.0.1.
 */
class TlsPemIT {
    @TempDir
    static Path keys;
    @TempDir
    Path dir;

    static Path certPem;
    static Path keyPem;
    static SSLContext clientContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "kv", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), "keytool: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("kv");
        PrivateKey key = (PrivateKey) ks.getKey("kv", "changeit".toCharArray());
        certPem = keys.resolve("server.crt");
        keyPem = keys.resolve("server.key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private ServerFixture tlsServer() throws InterruptedException {
        return new ServerFixture(dir, "tls-port", "-1", "tls-cert-file", certPem.toString(), "tls-key-file",
                keyPem.toString());
    }

    private static Jedis tlsClient(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(clientContext.getSocketFactory()).socketTimeoutMillis(60_000).build());
    }

    @Test
    void tlsPort_jedisOverTls_readsAndWritesBesideThePlainPort() throws Exception {
        try (ServerFixture f = tlsServer()) {
            int tls = f.server.tlsPort();
            assertTrue(tls > 0);
            assertNotEquals(f.port(), tls);
            try (Jedis j = tlsClient(tls); Jedis plain = new Jedis("127.0.0.1", f.port(), 60_000)) {
                assertEquals("PONG", j.ping());
                assertEquals("OK", j.set("secret", "héllo"));
                assertEquals("héllo", j.get("secret"));
                assertEquals("héllo", plain.get("secret"));
                j.mset("a", "1", "b", "2");
                assertEquals(List.of("1", "2"), plain.mget("a", "b"));
            }
        }
    }

    @Test
    void plainClientOnTlsPort_isClosed_andTlsClientsGoOn() throws Exception {
        try (ServerFixture f = tlsServer()) {
            try (Socket s = new Socket("127.0.0.1", f.server.tlsPort())) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[256];
                int n;
                try {
                    n = in.read(buf);
                } catch (java.net.SocketException reset) {
                    n = -1;
                }
                // never a plain-text +PONG: the server speaks only TLS there and closes the connection
                assertTrue(n <= 0 || !new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("PONG"));
            }
            try (Jedis j = tlsClient(f.server.tlsPort())) {
                assertEquals("PONG", j.ping());
            }
        }
    }

    @Test
    void clientThatDoesNotTrustTheCertificate_failsTheHandshake() throws Exception {
        try (ServerFixture f = tlsServer()) {
            SSLContext defaults = SSLContext.getInstance("TLS");
            defaults.init(null, null, null);
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", f.server.tlsPort()), DefaultJedisClientConfig
                        .builder().ssl(true).sslSocketFactory(defaults.getSocketFactory()).build())) {
                    j.ping();
                }
            });
            try (Jedis j = tlsClient(f.server.tlsPort())) {
                assertEquals("PONG", j.ping());
            }
        }
    }

    @Test
    void tlsPortWithoutKeyFile_failsAtStart_namingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerFixture(dir, "tls-port", "-1", "tls-cert-file", certPem.toString()));
        assertTrue(e.getMessage().contains("tls-key-file"), e.getMessage());
    }

    @Test
    void keyFileThatIsNotPem_failsAtStart_namingTheFile() throws Exception {
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "not a key\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerFixture(dir.resolve("store"), "tls-port", "-1", "tls-cert-file", certPem.toString(),
                        "tls-key-file", bad.toString()));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void authClientsYesWithoutCa_failsAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerFixture(dir, "tls-port", "-1", "tls-cert-file", certPem.toString(), "tls-key-file",
                        keyPem.toString(), "tls-auth-clients", "yes"));
        assertTrue(e.getMessage().contains("tls-ca-cert-file"), e.getMessage());
    }
}
