package io.kvstore.jdbc.connection;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import io.kvstore.jdbc.StoreRegistry;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.FastPath;
import io.kvstore.jdbc.exec.PointStatementRouter;
import io.kvstore.jdbc.exec.StatementRouter;
import io.kvstore.jdbc.meta.KvDatabaseMetaData;
import io.kvstore.jdbc.result.KvResultSet;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * A connection to one store, shared with the JVM's other connections to it through {@link StoreRegistry}.
 *
 * <p><b>Transactions.</b> Auto-commit is on by default: each statement is its own engine transaction, durable
 * under the store's sync policy when it returns. With auto-commit off, the first statement begins an engine
 * transaction ({@link KvStore#begin()}, optimistic and serializable) that every later statement joins until
 * {@link #commit()} or {@link #rollback()}: reads see its own writes, other connections see nothing of it before
 * commit, and a commit that lost a race fails with {@code SQLTransactionRollbackException} (40001) having
 * applied nothing. Commit and rollback close the connection's open result sets (CLOSE_CURSORS_AT_COMMIT).
 * {@link #setAutoCommit(boolean) setAutoCommit(true)} commits an open transaction. The isolation level is always
 * SERIALIZABLE; lower levels are accepted and mapped up to it.
 *
 * <p><b>SQL.</b> The Calcite connection behind it ({@link KvCalcite#connect}) is opened on the first statement
 * that needs it; point statements on {@code kv} ({@link StatementRouter}) and metadata never need it. Calcite's
 * planned statements are kept by SQL text in a {@link StatementCache}.
 *
 * <p><b>Closing</b> closes its statements and their result sets, rolls back an open transaction and releases
 * the store (the last connection closes it). After close every method but {@code close}, {@code isClosed},
 * {@code isValid}, {@code abort}, {@code unwrap}, {@code isWrapperFor} throws {@link SqlState#CONNECTION_CLOSED}.
 *
 * <p>Thread-safety: meant for one thread at a time, as JDBC connections are; {@link #close()}, {@link #abort},
 * {@link #isValid} and {@link #isClosed()} may be called from any thread, and state changes are synchronized.
 */
public final class KvConnection implements Connection {
    private final KvUrl url;
    private final StoreRegistry.Handle handle;
    private final KvStore store;
    private final StatementRouter router;
    private final StatementCache cache;
    private final Session session = new Session();
    private final Set<KvStatement> statements = ConcurrentHashMap.newKeySet();
    private final Properties clientInfo = new Properties();

    private volatile boolean closed;
    /** Guarded by {@code this}. */
    private boolean autoCommit = true;
    /** Guarded by {@code this}. The open transaction, only when auto-commit is off. */
    private KvTransaction transaction;
    /** Guarded by {@code this}. */
    private CalciteConnection calcite;
    private volatile boolean readOnlyHint;
    private volatile int networkTimeoutMillis;

    /** For {@link io.kvstore.jdbc.KvDriver}: a connection over an acquired store handle. */
    public KvConnection(KvUrl url, StoreRegistry.Handle handle) {
        this.url = url;
        this.handle = handle;
        this.store = handle.store();
        this.router = url.getBoolean(KvOption.FAST_PATH) ? PointStatementRouter.INSTANCE : StatementRouter.NONE;
        this.cache = new StatementCache(url.getInt(KvOption.STATEMENT_CACHE_SIZE));
    }

    /** What the adapter reads and writes through: this connection's store and transaction. */
    private final class Session implements KvSession {
        @Override
        public KvStore store() {
            return store;
        }

        @Override
        public KvTransaction transaction() {
            return currentTransaction();
        }
    }

    KvSession session() {
        return session;
    }

    public KvUrl url() {
        return url;
    }

    public KvStore store() {
        return store;
    }

    StatementRouter router() {
        return router;
    }

    StatementCache cache() {
        return cache;
    }

    /** The open transaction, begun now if auto-commit is off and none is open; null in auto-commit mode. */
    synchronized KvTransaction currentTransaction() {
        if (autoCommit) {
            return null;
        }
        if (transaction == null || !transaction.isOpen()) {
            transaction = store.begin();
        }
        return transaction;
    }

    /** @throws SQLException {@link SqlState#CONNECTION_CLOSED} if this connection or its store is closed */
    public void checkOpen() throws SQLException {
        if (closed) {
            throw KvErrors.create(SqlState.CONNECTION_CLOSED, "connection is closed");
        }
        if (store.isClosed()) {
            throw KvErrors.create(SqlState.CONNECTION_CLOSED, "the store of this connection was closed");
        }
    }

    /** The Calcite connection, opened on first use. */
    synchronized CalciteConnection calcite() throws SQLException {
        checkOpen();
        if (calcite == null) {
            calcite = KvResultSet.call(() -> KvCalcite.connect(session, null));
        }
        return calcite;
    }

    /** A planned Calcite statement for {@code sql}: from the cache, or planned now. */
    PreparedStatement checkOut(String sql) throws SQLException {
        PreparedStatement ps = cache.take(sql);
        if (ps != null) {
            return ps;
        }
        CalciteConnection c = calcite();
        return KvResultSet.call(() -> c.prepareStatement(sql));
    }

    /** Gives back a statement from {@link #checkOut}; a canceled one is closed rather than reused. */
    void giveBack(String sql, PreparedStatement ps, boolean canceled) {
        if (closed || canceled) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException e) {
                // nothing to release beyond memory
            }
            return;
        }
        cache.give(sql, ps);
    }

    /**
     * The text to run: without trailing semicolons and white space (Calcite's parser rejects a trailing
     * {@code ;}, which tools and people often add).
     */
    static String stripTerminator(String sql) {
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
            end--;
        }
        return end == sql.length() ? sql : sql.substring(0, end);
    }

    void statementClosed(KvStatement st) {
        statements.remove(st);
    }

    private <S extends KvStatement> S register(S st) {
        statements.add(st);
        return st;
    }

    // ---- statements ----

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return register(new KvStatement(this));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int holdability)
            throws SQLException {
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "SQL is null");
        }
        sql = stripTerminator(sql);
        FastPath fast = router.route(sql);
        if (fast != null) {
            return register(new KvPreparedStatement(this, sql, fast, null));
        }
        PreparedStatement ps = checkOut(sql);
        try {
            return register(new KvPreparedStatement(this, sql, null, ps));
        } catch (SQLException | RuntimeException e) {
            giveBack(sql, ps, false);
            throw e;
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw KvErrors.notSupported("stored procedures (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit == this.autoCommit) {
                return;
            }
            if (autoCommit) {
                commitOpenTransaction();
            }
            this.autoCommit = autoCommit;
        }
    }

    @Override
    public synchronized boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit) {
                throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, "commit() in auto-commit mode");
            }
            commitOpenTransaction();
        }
    }

    /** Guarded by {@code this}. */
    private void commitOpenTransaction() throws SQLException {
        closeOpenResultSets();
        KvTransaction t = transaction;
        transaction = null;
        if (t == null) {
            return;
        }
        try {
            t.commit();
        } catch (RuntimeException e) {
            try {
                t.rollback();
            } catch (RuntimeException ignored) {
                // the commit's failure is what the caller needs
            }
            throw KvErrors.translate(e);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        synchronized (this) {
            if (autoCommit) {
                throw KvErrors.create(SqlState.INVALID_TRANSACTION_STATE, "rollback() in auto-commit mode");
            }
            closeOpenResultSets();
            rollbackQuietly();
        }
    }

    /** Guarded by {@code this}. */
    private void rollbackQuietly() {
        KvTransaction t = transaction;
        transaction = null;
        if (t != null) {
            try {
                t.rollback();
            } catch (RuntimeException ignored) {
                // rollback only discards buffered writes
            }
        }
    }

    private void closeOpenResultSets() throws SQLException {
        for (KvStatement st : new ArrayList<>(statements)) {
            st.closeResults();
        }
    }

    /** Whether a transaction with writes or reads is open (for tests). */
    synchronized boolean inTransaction() {
        return transaction != null && transaction.isOpen();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        switch (level) {
            case TRANSACTION_SERIALIZABLE, TRANSACTION_REPEATABLE_READ, TRANSACTION_READ_COMMITTED,
                 TRANSACTION_READ_UNCOMMITTED -> {
                // every transaction is serializable: lower levels are mapped up (JDBC allows a higher level)
            }
            default -> throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "unsupported transaction isolation "
                    + level + " (transactions are always TRANSACTION_SERIALIZABLE)");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw KvErrors.notSupported("savepoints");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw KvErrors.notSupported("savepoints");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw KvErrors.notSupported("savepoints");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw KvErrors.notSupported("savepoints");
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw KvErrors.notSupported("HOLD_CURSORS_OVER_COMMIT");
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    // ---- state ----

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (KvStatement st : new ArrayList<>(statements)) {
            try {
                st.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        CalciteConnection c;
        synchronized (this) {
            rollbackQuietly();
            c = calcite;
            calcite = null;
        }
        cache.close();
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException e) {
                // Calcite holds nothing beyond memory
            }
        }
        handle.release();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "abort needs an executor");
        }
        if (closed) {
            return;
        }
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // abort reports nothing
            }
        });
    }

    /**
     * True when the connection is open and its store is open, not failed, and answers a read.
     *
     * @throws SQLException {@link SqlState#INVALID_PARAMETER_VALUE} for a negative timeout
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "isValid timeout must be >= 0: " + timeout);
        }
        if (closed || store.isClosed() || store.isFailed()) {
            return false;
        }
        try {
            store.exists(new byte[0]);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        readOnlyHint = readOnly;
    }

    /** True if the store was opened read-only, or {@link #setReadOnly} asked for it (a hint, not enforced). */
    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return store.isReadOnly() || readOnlyHint;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new KvDatabaseMetaData(this);
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema != null && !schema.equalsIgnoreCase(KvCalcite.SCHEMA)) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "unknown schema '" + schema + "' (the only schema"
                    + " is " + KvCalcite.SCHEMA + ")");
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return KvCalcite.SCHEMA;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return Map.of();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
    }

    /** Stored and reported; there is no network, so nothing waits on it. */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "network timeout must be >= 0: " + milliseconds);
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    @Override public Clob createClob() throws SQLException { throw KvErrors.notSupported("createClob"); }
    @Override public Blob createBlob() throws SQLException { throw KvErrors.notSupported("createBlob (use setBytes)"); }
    @Override public NClob createNClob() throws SQLException { throw KvErrors.notSupported("createNClob"); }
    @Override public SQLXML createSQLXML() throws SQLException { throw KvErrors.notSupported("createSQLXML"); }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw KvErrors.notSupported("createArrayOf");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw KvErrors.notSupported("createStruct");
    }

    /** Unwraps to this connection, the engine's {@link KvStore}, or the Calcite connection (opening it). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == KvStore.class) {
            checkOpen();
            return iface.cast(store);
        }
        if (iface.isAssignableFrom(CalciteConnection.class)) {
            return iface.cast(calcite());
        }
        throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface == KvStore.class || iface.isAssignableFrom(CalciteConnection.class);
    }

    @Override
    public String toString() {
        return "KvConnection[" + url.storeKey() + (closed ? ", closed" : "") + "]";
    }
}
