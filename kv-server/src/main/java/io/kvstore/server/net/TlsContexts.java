package io.kvstore.server.net;

import io.kvstore.server.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Files;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Builds the TLS listener's {@link SslContext} from the redis.conf-style settings {@code tls-cert-file} (PEM
 * certificate chain), {@code tls-key-file} (PEM PKCS#8 private key, encrypted when {@code tls-key-file-pass} is
 * set), {@code tls-ca-cert-file} (PEM CAs that client certificates must chain to) and {@code tls-auth-clients}
 * ({@code no}, the default here, {@code optional} or {@code yes}). The JDK's own TLS implementation is used, so no
 * native library is needed. TLS 1.2 and 1.3 only.
 *
 * <p>Stateless; {@link #build} may be called from any thread.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * The server context for {@code config}.
     *
     * @throws IllegalArgumentException a missing or unreadable file, a file that is not PEM of the right kind, a
     *     key that does not match the certificate, or {@code tls-auth-clients yes} without a CA file; the message
     *     names the setting and the file
     */
    public static SslContext build(ServerConfig config) {
        File cert = file(config, "tls-cert-file");
        File key = file(config, "tls-key-file");
        String pass = config.get("tls-key-file-pass");
        String ca = config.get("tls-ca-cert-file");
        String auth = config.get("tls-auth-clients").toLowerCase(Locale.ROOT);
        if (auth.equals("yes") && ca.isEmpty()) {
            throw new IllegalArgumentException("tls-auth-clients yes needs tls-ca-cert-file (the CAs that client "
                    + "certificates must chain to)");
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert, key, pass.isEmpty() ? null : pass)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
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
            throw new IllegalArgumentException("cannot set up TLS from tls-cert-file " + cert + " and tls-key-file "
                    + key + ": " + rootMessage(e), e);
        }
    }

    private static File file(ServerConfig config, String setting) {
        String name = config.get(setting);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tls-port is set but " + setting + " is not");
        }
        File f = new File(name);
        if (!Files.isReadable(f.toPath()) || f.isDirectory()) {
            throw new IllegalArgumentException(setting + " " + name + " is not a readable file");
        }
        return f;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
