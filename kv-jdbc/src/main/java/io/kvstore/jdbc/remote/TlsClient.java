package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.SQLException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for remote connections ({@code ssl=true}): the JVM's default trust (its {@code cacerts} or
 * {@code javax.net.ssl.trustStore}), or the trust store file {@code sslTrustStore} (PKCS#12, or JKS by its
 * {@code .jks} name) with {@code sslTrustStorePassword}. The server's certificate must match the host name of the
 * URL (HTTPS rules). Stateless.
 */
final class TlsClient {
    private TlsClient() {
    }

    /** The socket factory {@code url} asks for, or null without {@code ssl=true}. */
    static SSLSocketFactory factory(KvUrl url) throws SQLException {
        if (!url.getBoolean(KvOption.SSL)) {
            return null;
        }
        String path = url.get(KvOption.SSL_TRUST_STORE);
        if (path.isEmpty()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        char[] pw = url.get(KvOption.SSL_TRUST_STORE_PASSWORD).toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance(path.endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, pw);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "sslTrustStore " + path + ": " + e.getMessage(), e);
        }
    }
}
