package io.kvstore.jdbc.connection;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the embedded ({@link KvConnection}) and the remote ({@code io.kvstore.jdbc.remote.RemoteConnection})
 * connections share: the open statements, the warnings chain, client info, the network timeout, and every
 * {@link Connection} method whose answer is the same in both modes because it follows from what the driver is
 * rather than from the store.
 *
 * <p><b>Fixed answers.</b> Transactions are always {@code TRANSACTION_SERIALIZABLE} (lower levels are accepted and
 * mapped up; others fail with {@link SqlState#INVALID_PARAMETER_VALUE}); result sets are
 * {@code CLOSE_CURSORS_AT_COMMIT} ({@code HOLD_CURSORS_OVER_COMMIT}: 0A000); there is no catalog (set is ignored,
 * get is null) and one schema, {@link KvCalcite#SCHEMA} (another: {@link SqlState#INVALID_SCHEMA_NAME}); the type
 * map is empty; stored procedures, LOB factories, arrays and structs are not supported (0A000); {@code nativeSQL}
 * returns its argument.
 *
 * <p><b>Statements.</b> {@code createStatement} and {@code prepareStatement} register what the subclass makes
 * ({@link #newStatement()}, {@link #newPreparedStatement(String)}); a statement tells the connection when it
 * closes ({@link #statementClosed}). A request for a scrollable or updatable result set is downgraded to
 * forward-only, read-only with an {@code SQLWarning} (SQLState 01000) on the connection and on the statement.
 *
 * <p><b>Closed.</b> After close every method but {@code close}, {@code isClosed}, {@code isValid}, {@code abort},
 * {@code unwrap}, {@code isWrapperFor} and {@code setClientInfo} throws {@link SqlState#CONNECTION_CLOSED}
 * ({@link #checkOpen()}). {@link #isValid} throws 22023 for a negative timeout and is false once closed.
 *
 * <p><b>Subclasses provide</b> the statements, transactions, auto-commit, read-only, metadata, savepoints
 * ({@link #savepoint(String)}), {@code close} (with {@link #markClosed()} and {@link #closeStatements()}), and the
 * check behind {@link #isValid} ({@link #probe(int)}); they may add to {@link #checkOpen()}, {@link #abortNow},
 * {@link #applyNetworkTimeout}, {@link #statementClosed} and what {@code unwrap} reaches ({@link #unwrapOther}).
 *
 * <p>Thread-safety: the state kept here may be read and changed from any thread (volatile fields, a concurrent
 * statement set, the warnings chain under its own lock, client info in a synchronized {@link Properties}); what
 * subclasses add documents its own.
 */
public abstract class AbstractConnection implements Connection {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<AbstractStatement<?>> statements = ConcurrentHashMap.newKeySet();
    private final Object warningLock = new Object();
    /** Guarded by {@link #warningLock}. */
    private SQLWarning warnings;
    private final Properties clientInfo = new Properties();
    private volatile int networkTimeoutMillis;

    protected AbstractConnection() {
    }

    // ---- open and closed ----

    /** @throws SQLException {@link SqlState#CONNECTION_CLOSED} if this connection is closed */
    public void checkOpen() throws SQLException {
        if (closed.get()) {
            throw KvErrors.create(SqlState.CONNECTION_CLOSED, "connection is closed");
        }
    }

    /** Marks this connection closed; true for the one call that did, false if it already was. */
    protected final boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Whether close or abort was called (a subclass's {@link #isClosed()} may add other reasons). */
    protected final boolean closeCalled() {
        return closed.get();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes this connection's statements (and their result sets); returns the first failure, or null.
     */
    protected final SQLException closeStatements() {
        SQLException failure = null;
        for (AbstractStatement<?> st : new ArrayList<>(statements)) {
            try {
                st.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }

    /** Closes the open result sets of this connection's statements (commit and rollback: CLOSE_CURSORS_AT_COMMIT). */
    protected final void closeOpenResultSets() throws SQLException {
        for (AbstractStatement<?> st : new ArrayList<>(statements)) {
            st.closeResults();
        }
    }

    /**
     * Closes the connection in {@code executor}'s thread (abort reports nothing).
     *
     * @throws SQLException {@link SqlState#INVALID_PARAMETER_VALUE} for a null executor
     */
    @Override
    public final void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "abort needs an executor");
        }
        if (closed.get()) {
            return;
        }
        abortNow(executor);
    }

    /** What {@link #abort} does to an open connection: here, {@link #close()} in {@code executor}'s thread. */
    protected void abortNow(Executor executor) {
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // abort reports nothing
            }
        });
    }

    /**
     * False once closed; else what {@link #probe} finds.
     *
     * @throws SQLException {@link SqlState#INVALID_PARAMETER_VALUE} for a negative timeout
     */
    @Override
    public final boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "isValid timeout must be >= 0: " + timeout);
        }
        if (isClosed()) {
            return false;
        }
        return probe(timeout);
    }

    /** Whether the store (or server) behind this open connection answers within {@code timeout} s (0: no limit). */
    protected abstract boolean probe(int timeout) throws SQLException;

    // ---- statements ----

    /** A new statement of this connection; registered by the caller. */
    protected abstract AbstractStatement<?> newStatement() throws SQLException;

    /**
     * A new prepared statement for {@code sql} (not null), an {@link AbstractStatement} too; registered by the
     * caller.
     */
    protected abstract PreparedStatement newPreparedStatement(String sql) throws SQLException;

    /** Forgets a statement that closed. */
    protected void statementClosed(AbstractStatement<?> st) throws SQLException {
        statements.remove(st);
    }

    private <S extends AbstractStatement<?>> S register(S st) {
        statements.add(st);
        return st;
    }

    private AbstractStatement<?> created() throws SQLException {
        checkOpen();
        return register(newStatement());
    }

    @Override
    public final Statement createStatement() throws SQLException {
        return created();
    }

    @Override
    public final Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return warned(created(), resultSetType, resultSetConcurrency);
    }

    @Override
    public final Statement createStatement(int resultSetType, int resultSetConcurrency, int holdability)
            throws SQLException {
        return warned(created(), resultSetType, resultSetConcurrency);
    }

    /** @throws SQLException {@link SqlState#INVALID_PARAMETER_VALUE} for null SQL; what preparing it reports */
    @Override
    public final PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "SQL is null");
        }
        PreparedStatement ps = newPreparedStatement(sql);
        register((AbstractStatement<?>) ps);
        return ps;
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return warned(prepareStatement(sql), resultSetType, resultSetConcurrency);
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                                    int resultSetHoldability) throws SQLException {
        return warned(prepareStatement(sql), resultSetType, resultSetConcurrency);
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareStatement(sql);
    }

    @Override
    public final PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareStatement(sql);
    }

    /** {@code st}, with a warning on it and on this connection when the requested type or concurrency is downgraded. */
    private <S extends Statement> S warned(S st, int type, int concurrency) {
        if (type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY) {
            return st;
        }
        SQLWarning w = new SQLWarning("result sets are TYPE_FORWARD_ONLY and CONCUR_READ_ONLY: the requested "
                + (type != ResultSet.TYPE_FORWARD_ONLY ? "scrollable " : "")
                + (concurrency != ResultSet.CONCUR_READ_ONLY ? "updatable " : "") + "result set is downgraded",
                "01000");
        synchronized (warningLock) {
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(new SQLWarning(w.getMessage(), w.getSQLState()));
            }
        }
        ((AbstractStatement<?>) st).addWarning(w);
        return st;
    }

    @Override
    public final CallableStatement prepareCall(String sql) throws SQLException {
        throw KvErrors.notSupported("stored procedures (prepareCall)");
    }

    @Override
    public final CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public final CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                               int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public final String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- fixed answers ----

    @Override
    public final void setTransactionIsolation(int level) throws SQLException {
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
    public final int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public final void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw KvErrors.notSupported("HOLD_CURSORS_OVER_COMMIT");
        }
    }

    @Override
    public final int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public final void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public final String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public final void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema != null && !schema.equalsIgnoreCase(KvCalcite.SCHEMA)) {
            throw KvErrors.create(SqlState.INVALID_SCHEMA_NAME, "unknown schema '" + schema + "' (the only schema"
                    + " is " + KvCalcite.SCHEMA + ")");
        }
    }

    @Override
    public final String getSchema() throws SQLException {
        checkOpen();
        return KvCalcite.SCHEMA;
    }

    @Override
    public final Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return Map.of();
    }

    @Override
    public final void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
    }

    @Override public final Clob createClob() throws SQLException { throw KvErrors.notSupported("createClob"); }
    @Override public final Blob createBlob() throws SQLException { throw KvErrors.notSupported("createBlob (use setBytes)"); }
    @Override public final NClob createNClob() throws SQLException { throw KvErrors.notSupported("createNClob"); }
    @Override public final SQLXML createSQLXML() throws SQLException { throw KvErrors.notSupported("createSQLXML"); }

    @Override
    public final Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw KvErrors.notSupported("createArrayOf");
    }

    @Override
    public final Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw KvErrors.notSupported("createStruct");
    }

    // ---- savepoints ----

    @Override
    public final Savepoint setSavepoint() throws SQLException {
        return savepoint(null);
    }

    /** @throws SQLException {@link SqlState#INVALID_SAVEPOINT} for a null name; what {@link #savepoint} throws */
    @Override
    public final Savepoint setSavepoint(String name) throws SQLException {
        if (name == null) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "a savepoint name must not be null");
        }
        return savepoint(name);
    }

    /**
     * A savepoint in the open transaction, named {@code name} or unnamed ({@code null}).
     *
     * @throws SQLException {@link SqlState#INVALID_TRANSACTION_STATE} in auto-commit mode
     */
    protected abstract Savepoint savepoint(String name) throws SQLException;

    // ---- warnings, client info, network timeout ----

    @Override
    public final SQLWarning getWarnings() throws SQLException {
        checkOpen();
        synchronized (warningLock) {
            return warnings;
        }
    }

    @Override
    public final void clearWarnings() throws SQLException {
        checkOpen();
        synchronized (warningLock) {
            warnings = null;
        }
    }

    @Override
    public final void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public final void setClientInfo(Properties properties) throws SQLClientInfoException {
        synchronized (clientInfo) {
            clientInfo.clear();
            if (properties != null) {
                clientInfo.putAll(properties);
            }
        }
    }

    @Override
    public final String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public final Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    /** @throws SQLException {@link SqlState#INVALID_PARAMETER_VALUE} for a negative timeout */
    @Override
    public final void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "network timeout must be >= 0: " + milliseconds);
        }
        applyNetworkTimeout(milliseconds);
    }

    /** Keeps the network timeout; a subclass with a network applies it first. */
    protected void applyNetworkTimeout(int milliseconds) throws SQLException {
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public final int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    /** The network timeout in milliseconds (0: none), without checks. */
    protected final int networkTimeout() {
        return networkTimeoutMillis;
    }

    // ---- wrapper ----

    /** Unwraps to this connection or to what {@link #unwrapOther} gives. */
    @Override
    public final <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        Object other = unwrapOther(iface);
        if (other != null) {
            return iface.cast(other);
        }
        throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for " + iface.getName());
    }

    @Override
    public final boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || wrapsOther(iface);
    }

    /** Something other than this connection that {@code unwrap(iface)} returns, or null. None here. */
    protected Object unwrapOther(Class<?> iface) throws SQLException {
        return null;
    }

    /** Whether {@link #unwrapOther} has something for {@code iface}. */
    protected boolean wrapsOther(Class<?> iface) {
        return false;
    }
}
