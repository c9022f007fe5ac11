package io.kvstore.jdbc;

import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.remote.RemoteConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:kvstore:} URLs (syntax in {@link KvUrl}, options in {@link KvOption}).
 * Registered with {@link DriverManager} when the class loads and through {@code META-INF/services/java.sql.Driver}.
 *
 * <p>{@link #connect} returns null for URLs of other drivers, throws an SQLException naming the problem for a bad
 * kvstore URL or option, and otherwise opens the store (or shares the one already open in this JVM; see
 * {@link StoreRegistry}). Stateless and thread-safe.
 */
public final class KvDriver implements Driver {
    public static final int MAJOR = 0;
    public static final int MINOR = 1;
    public static final String VERSION = "0.1.0";

    static {
        try {
            DriverManager.registerDriver(new KvDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public for {@link java.util.ServiceLoader} and tools that instantiate drivers by class name. */
    public KvDriver() {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return open(KvUrl.parse(url, info));
    }

    /**
     * A connection for {@code url}: to the server it names ({@code jdbc:kvstore://host:port}), or embedded on the
     * store (see {@link AutoServer} for {@code autoServer=true} and for a store another process serves).
     */
    static Connection open(KvUrl url) throws SQLException {
        if (url.isRemote()) {
            return RemoteConnection.open(url);
        }
        return AutoServer.open(url);
    }

    /** An embedded connection on the store of {@code url} (opened or shared in this JVM); for the servers. */
    public static KvConnection openEmbedded(KvUrl url) throws SQLException {
        StoreRegistry.Handle handle = StoreRegistry.INSTANCE.acquire(url);
        return new KvConnection(url, handle);
    }

    @Override
    public boolean acceptsURL(String url) {
        return KvUrl.accepts(url);
    }

    /** Every option ({@link KvOption}), with the value the URL and {@code info} give it, or its default. */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Map<KvOption, String> given;
        try {
            given = url != null && acceptsURL(url) ? valuesOf(KvUrl.parse(url, info)) : Map.of();
        } catch (SQLException e) {
            given = Map.of();
        }
        KvOption[] all = KvOption.values();
        DriverPropertyInfo[] out = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            KvOption o = all[i];
            DriverPropertyInfo p = new DriverPropertyInfo(o.key(), given.getOrDefault(o, o.defaultValue()));
            p.description = o.description() + " (default: " + (o.defaultValue().isEmpty() ? "none" : o.defaultValue())
                    + ")";
            p.choices = o.choices();
            p.required = false;
            out[i] = p;
        }
        return out;
    }

    private static Map<KvOption, String> valuesOf(KvUrl url) {
        Map<KvOption, String> m = new java.util.EnumMap<>(KvOption.class);
        for (KvOption o : KvOption.values()) {
            m.put(o, url.get(o));
        }
        return m;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    /** False: the SQL layer (Calcite) does not pass the full SQL-92 entry level tests. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw KvErrors.notSupported("java.util.logging");
    }
}
