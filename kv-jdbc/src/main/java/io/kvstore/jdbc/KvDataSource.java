package io.kvstore.jdbc;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.error.SqlState;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for {@code jdbc:kvstore:} URLs, configured with bean setters (so that it works as
 * HikariCP's {@code dataSourceClassName} and in dependency-injection containers): {@link #setUrl(String)} and one
 * setter per {@link KvOption}. Options set here override the same options in the URL. {@code user} and
 * {@code password} are accepted and ignored. Values are checked when a connection is opened: an unknown or bad
 * one fails {@link #getConnection()} with an SQLException naming it.
 *
 * <p>Thread-safety: configure first, then call {@link #getConnection()} from any number of threads; setters
 * are synchronized but a change does not affect stores already open.
 */
public final class KvDataSource implements DataSource, SelfWrapper {
    private String url;
    private final Properties options = new Properties();
    private int loginTimeout;
    private PrintWriter logWriter;

    /** An unconfigured data source; set at least {@link #setUrl(String)}. */
    public KvDataSource() {
    }

    @Override
    public Connection getConnection() throws SQLException {
        String u;
        Properties p = new Properties();
        synchronized (this) {
            u = url;
            p.putAll(options);
        }
        if (u == null) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "KvDataSource has no URL (call setUrl)");
        }
        return KvDriver.open(KvUrl.parse(u, p));
    }

    /**
     * As {@link #getConnection()}; the store has no users, so {@code username} is ignored, and {@code password}
     * (when not null) is the server's password of a remote URL.
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        String u;
        Properties p = new Properties();
        synchronized (this) {
            u = url;
            p.putAll(options);
        }
        if (u == null) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "KvDataSource has no URL (call setUrl)");
        }
        if (password != null) {
            p.setProperty(KvOption.PASSWORD.key(), password);
        }
        return KvDriver.open(KvUrl.parse(u, p));
    }

    private synchronized void set(KvOption option, Object value) {
        if (value == null) {
            options.remove(option.key());
        } else {
            options.setProperty(option.key(), value.toString());
        }
    }

    public synchronized String getUrl() {
        return url;
    }

    /** {@code jdbc:kvstore:<path>} or {@code jdbc:kvstore:mem:<name>}, with options after {@code ;}. */
    public synchronized void setUrl(String url) {
        this.url = url;
    }

    /** Alias of {@link #setUrl(String)} for tools that use the name jdbcUrl. */
    public void setJdbcUrl(String url) {
        setUrl(url);
    }

    public String getJdbcUrl() {
        return getUrl();
    }

    /** Accepted and ignored. */
    public void setUser(String user) {
    }

    /** Accepted and ignored. */
    public void setUsername(String user) {
    }

    /** The server's password for a remote URL ({@code jdbc:kvstore://host:port}); ignored by embedded stores. */
    public void setPassword(String password) {
        set(KvOption.PASSWORD, password);
    }

    public void setSync(String sync) { set(KvOption.SYNC, sync); }
    public void setSyncIntervalMillis(long millis) { set(KvOption.SYNC_INTERVAL_MILLIS, millis); }
    public void setReadOnly(boolean readOnly) { set(KvOption.READ_ONLY, readOnly); }
    /** Bytes, with an optional k, m or g suffix; "0" means unlimited. */
    public void setMemoryLimit(String memoryLimit) { set(KvOption.MEMORY_LIMIT, memoryLimit); }
    public void setEviction(String eviction) { set(KvOption.EVICTION, eviction); }
    /** none (default), lz4 or zstd: see docs/engine.md, "Compression". */
    public void setCompression(String compression) { set(KvOption.COMPRESSION, compression); }
    public void setMaxKeyBytes(int bytes) { set(KvOption.MAX_KEY_BYTES, bytes); }
    public void setMaxValueBytes(int bytes) { set(KvOption.MAX_VALUE_BYTES, bytes); }
    public void setSalvage(boolean salvage) { set(KvOption.SALVAGE, salvage); }
    public void setWalSegmentBytes(long bytes) { set(KvOption.WAL_SEGMENT_BYTES, bytes); }
    public void setSnapshotWalBytes(long bytes) { set(KvOption.SNAPSHOT_WAL_BYTES, bytes); }
    public void setFastPath(boolean fastPath) { set(KvOption.FAST_PATH, fastPath); }
    public void setStatementCacheSize(int size) { set(KvOption.STATEMENT_CACHE_SIZE, size); }
    public void setAutoServer(boolean autoServer) { set(KvOption.AUTO_SERVER, autoServer); }
    public void setSsl(boolean ssl) { set(KvOption.SSL, ssl); }
    public void setSslTrustStore(String path) { set(KvOption.SSL_TRUST_STORE, path); }
    public void setSslTrustStorePassword(String password) { set(KvOption.SSL_TRUST_STORE_PASSWORD, password); }
    public void setStaleReads(boolean staleReads) { set(KvOption.STALE_READS, staleReads); }
    public void setConnectTimeout(int seconds) { set(KvOption.CONNECT_TIMEOUT, seconds); }

    /**
     * Sets any option by its name (as in the URL); for containers that configure data sources with a property
     * map. A null value removes it.
     *
     * @throws IllegalArgumentException the option does not exist
     */
    public void setOption(String name, String value) {
        KvOption o = KvOption.byKey(name);
        if (o == null) {
            throw new IllegalArgumentException("unknown kvstore option '" + name + "'");
        }
        set(o, value);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Stored and reported: opening a local store does not wait on anything a timeout could bound. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw KvErrors.notSupported("java.util.logging");
    }
}
