package io.kvstore.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity: a PKCS#12 (or JKS) key store with the server's private key and certificate chain
 * ({@code tls-keystore}, {@code tls-keystore-password}), loaded once into a JDK {@link SSLContext}. The same
 * context serves the Redis protocol's TLS port (through Netty's {@code SslHandler}) and the JDBC listener with
 * {@code jdbc-tls yes} (TLS server sockets, or the same {@code SslHandler} with {@code jdbc-io netty}).
 * Stateless.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @throws IllegalArgumentException the key store cannot be read or holds no usable key (the message says why)
     */
    public static SSLContext server(Path keyStore, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance(keyStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls-keystore " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
