package io.kvstore.server.tls;

import io.kvstore.server.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * The server's TLS identity, from either a key store ({@code tls-keystore}, PKCS#12 or, named {@code *.jks}, JKS,
 * with {@code tls-keystore-password}) or PEM files as redis.conf names them ({@code tls-cert-file}: the
 * certificate chain; {@code tls-key-file}: the PKCS#8 private key, encrypted when {@code tls-key-file-pass} is
 * set). Optionally {@code tls-ca-cert-file} (PEM CAs that client certificates must chain to) and
 * {@code tls-auth-clients} ({@code no}, the default here; {@code optional}; {@code yes}, which needs the CA file).
 * The JDK's own TLS implementation (no native library), TLS 1.2 and 1.3. The same identity serves the Redis
 * protocol's TLS port (Netty's {@code SslHandler}) and the JDBC listener with {@code jdbc-tls yes} (through
 * {@link io.netty.handler.ssl.JdkSslContext#context()}; client certificates are asked for on the Redis port only).
 *
 * <p>Stateless; {@link #build} may be called from any thread.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * The server context for {@code config} (a {@link io.netty.handler.ssl.JdkSslContext}).
     *
     * @throws IllegalArgumentException no key configured, a missing or unreadable file, a file that is not of the
     *     right kind, a key that does not match its certificate, or {@code tls-auth-clients yes} without a CA
     *     file; the message names the setting and the file
     */
    public static SslContext build(ServerConfig config) {
        String keyStore = config.get("tls-keystore");
        String ca = config.get("tls-ca-cert-file");
        String auth = config.get("tls-auth-clients").toLowerCase(Locale.ROOT);
        if (auth.equals("yes") && ca.isEmpty()) {
            throw new IllegalArgumentException("tls-auth-clients yes needs tls-ca-cert-file (the CAs that client "
                    + "certificates must chain to)");
        }
        SslContextBuilder b;
        String source;
        if (!keyStore.isEmpty()) {
            b = SslContextBuilder.forServer(keyManagers(file(config, "tls-keystore"),
                    config.get("tls-keystore-password")));
            source = "tls-keystore " + keyStore;
        } else {
            if (config.get("tls-cert-file").isEmpty() && config.get("tls-key-file").isEmpty()) {
                throw new IllegalArgumentException("TLS needs the server's key: tls-cert-file and tls-key-file (PEM) "
                        + "or tls-keystore (a PKCS#12 file)");
            }
            File cert = file(config, "tls-cert-file");
            File key = file(config, "tls-key-file");
            String pass = config.get("tls-key-file-pass");
            try {
                b = SslContextBuilder.forServer(cert, key, pass.isEmpty() ? null : pass);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot set up TLS from tls-cert-file " + cert + " and "
                        + "tls-key-file " + key + ": " + rootMessage(e), e);
            }
            source = "tls-cert-file " + cert + " and tls-key-file " + key;
        }
        try {
            b.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (!ca.isEmpty()) {
                b.trustManager(file(config, "tls-ca-cert-file"));
            }
            b.clientAuth(switch (auth) {
                case "yes" -> ClientAuth.REQUIRE;
                case "optional" -> ClientAuth.OPTIONAL;
                default -> ClientAuth.NONE;
            });
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + source + ": " + rootMessage(e), e);
        }
    }

    private static KeyManagerFactory keyManagers(File keyStore, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keyStore.toPath())) {
            KeyStore ks = KeyStore.getInstance(keyStore.getName().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls-keystore " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static File file(ServerConfig config, String setting) {
        String name = config.get(setting);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("TLS is on but " + setting + " is not set");
        }
        Path p = Path.of(name);
        if (!Files.isReadable(p) || Files.isDirectory(p)) {
            throw new IllegalArgumentException(setting + " " + name + " is not a readable file");
        }
        return p.toFile();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
