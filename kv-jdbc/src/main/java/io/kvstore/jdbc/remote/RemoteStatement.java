package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.BaseResultSet;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.RowResultSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement of a {@link RemoteConnection}: each execution is one request to the server, which runs it on the
 * embedded driver's statement with the same id (created there on first use). Rows come back in batches into the
 * driver's one {@link RowResultSet}, so getters convert exactly as in embedded mode. Max rows, max field size and
 * the query timeout travel with each execution and are applied by the server's statement.
 *
 * <p><b>Cancel.</b> {@link #cancel()} sends a CANCEL over a side connection (the session id and its secret key
 * from the handshake); the server cancels its statement, whose execution then fails with 57014 as embedded.
 * Rows already received are checked between rows too, as embedded results are.
 *
 * <p>Thread-safety: one thread at a time, except {@link #cancel()} and {@link #close()}.
 */
public class RemoteStatement implements ResultOwner, io.kvstore.jdbc.connection.StatementDefaults {
    final RemoteConnection connection;
    final int id;
    private volatile boolean closed;
    private volatile BaseResultSet current;
    private long updateCount = -1;
    private long maxRows;
    private int queryTimeout;
    private int fetchSize;
    private int maxFieldSize;
    private SQLWarning warnings;
    private boolean closeOnCompletion;
    private boolean poolable;
    private final List<String> batch = new ArrayList<>();
    /** Columns of this statement's last result (the server sends them only when they change). */
    private KvResultSetMetaData lastColumns;
    private volatile boolean executing;
    private volatile boolean cancelRequested;

    RemoteStatement(RemoteConnection connection, int id) {
        this.connection = connection;
        this.id = id;
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement is closed");
        }
        connection.checkOpen();
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeResults();
        } finally {
            connection.statementClosed(this);
        }
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    final void closeResults() throws SQLException {
        BaseResultSet rs = current;
        current = null;
        updateCount = -1;
        if (rs != null) {
            rs.close();
        }
    }

    @Override
    public final void resultSetClosed(BaseResultSet rs) throws SQLException {
        if (rs == current) {
            current = null;
            if (closeOnCompletion) {
                close();
            }
        }
    }

    @Override
    public final boolean cancelRequested() {
        return cancelRequested;
    }

    @Override
    public final void failed(SQLException e) {
        // the server's statement keeps its own state
    }

    // ---- execution ----

    /** Writes the limits every execution carries. */
    final WireOut limits(WireOut r) {
        return r.i64(maxRows).i32(queryTimeout).i32(maxFieldSize).i32(fetchSize);
    }

    /**
     * Called under {@code ch}'s lock before a request of this statement goes over {@code ch}: a prepared statement
     * prepares itself again on a channel that replaced the one it was prepared on (after a failover).
     */
    void beforeRequest(RemoteChannel ch) throws SQLException {
        // a plain statement is created by the server on first use
    }

    /** Sends an execution request and keeps its result. Called with the channel's lock held by {@link #run}. */
    final boolean run(java.util.function.Function<RemoteChannel, WireOut> request) throws SQLException {
        cancelRequested = false;
        executing = true;
        try {
            RemoteChannel ch = connection.channel();
            synchronized (ch) {
                beforeRequest(ch);
                WireIn a = ch.call(request.apply(ch), (byte) 0);
                return result(a, ch.lastOp);
            }
        } finally {
            executing = false;
        }
    }

    private boolean result(WireIn a, byte op) throws SQLException {
        try {
            if (op == Op.UPDATE) {
                updateCount = a.i64();
                a.end();
                return false;
            }
            if (op != Op.ROWS) {
                throw new ProtocolException("unexpected answer op " + (op & 0xff));
            }
            if (a.bool()) {
                lastColumns = new KvResultSetMetaData(ColumnCodec.read(a));
            } else if (lastColumns == null) {
                throw new ProtocolException("rows without columns");
            }
            RemoteRows rows = RemoteRows.first(this, lastColumns.getColumnCount(), a);
            current = new RowResultSet(this, lastColumns, rows, 0, Long.MAX_VALUE, 0);
            return true;
        } catch (ProtocolException e) {
            throw protocolFailure(e);
        }
    }

    final SQLException protocolFailure(ProtocolException e) {
        return connection.protocolFailure(e);
    }

    /** Next batch of the open result. */
    final WireIn fetch() throws SQLException {
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            return ch.call(ch.request(Op.FETCH).i32(id).i32(fetchSize), Op.ROWS);
        }
    }

    /** Tells the server to close this statement's result early (no answer; sent with the next request). */
    final void closeRemoteResult() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            ch.post(ch.request(Op.CLOSE_RESULT).i32(id));
        }
    }

    private boolean executeSql(String sql, byte kind) throws SQLException {
        checkOpen();
        closeResults();
        if (sql == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "SQL is null");
        }
        return run(ch -> limits(ch.request(Op.EXECUTE_SQL).i32(id).u8(kind)).string(sql));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return executeSql(sql, Op.KIND_EXECUTE);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        executeSql(sql, Op.KIND_QUERY);
        return current;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        executeSql(sql, Op.KIND_UPDATE);
        return updateCount;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        closeResults();
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return RowResultSet.of(null, new KvResultSetMetaData(List.of()), List.of());
    }

    // ---- batch ----

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        closeResults();
        List<String> todo = new ArrayList<>(batch);
        batch.clear();
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            WireOut r = limits(ch.request(Op.BATCH_SQL).i32(id)).i32(todo.size());
            for (String s : todo) {
                r.string(s);
            }
            return batchCounts(ch.call(r, Op.BATCH_RESULT));
        }
    }

    final long[] batchCounts(WireIn a) throws SQLException {
        try {
            int n = a.count(Integer.MAX_VALUE, 8);
            long[] counts = new long[n];
            for (int i = 0; i < n; i++) {
                counts[i] = a.i64();
            }
            a.end();
            return counts;
        } catch (ProtocolException e) {
            throw protocolFailure(e);
        }
    }

    // ---- cancel and limits ----

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        if (!executing && current == null) {
            return;
        }
        cancelRequested = true;
        if (executing) {
            connection.cancel(id);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "query timeout must be >= 0: " + seconds);
        }
        queryTimeout = seconds;
    }

    @Override public int getMaxRows() throws SQLException { checkOpen(); return (int) Math.min(Integer.MAX_VALUE, maxRows); }
    @Override public long getLargeMaxRows() throws SQLException { checkOpen(); return maxRows; }
    @Override public void setMaxRows(int max) throws SQLException { setLargeMaxRows(max); }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "max rows must be >= 0: " + max);
        }
        maxRows = max;
    }

    @Override public int getMaxFieldSize() throws SQLException { checkOpen(); return maxFieldSize; }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "max field size must be >= 0: " + max);
        }
        maxFieldSize = max;
    }

    @Override public void setEscapeProcessing(boolean enable) throws SQLException { checkOpen(); }
    @Override public SQLWarning getWarnings() throws SQLException { checkOpen(); return warnings; }
    @Override public void clearWarnings() throws SQLException { checkOpen(); warnings = null; }

    final void addWarning(SQLWarning w) {
        if (warnings == null) {
            warnings = w;
        } else {
            warnings.setNextWarning(w);
        }
    }

    @Override public void setCursorName(String name) throws SQLException { throw KvErrors.notSupported("named cursors"); }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "only FETCH_FORWARD is supported");
        }
    }

    @Override public int getFetchDirection() throws SQLException { checkOpen(); return ResultSet.FETCH_FORWARD; }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "fetch size must be >= 0: " + rows);
        }
        fetchSize = rows;
    }

    @Override public int getFetchSize() throws SQLException { checkOpen(); return fetchSize; }
    @Override public int getResultSetConcurrency() throws SQLException { checkOpen(); return ResultSet.CONCUR_READ_ONLY; }
    @Override public int getResultSetType() throws SQLException { checkOpen(); return ResultSet.TYPE_FORWARD_ONLY; }
    @Override public int getResultSetHoldability() throws SQLException { checkOpen(); return ResultSet.CLOSE_CURSORS_AT_COMMIT; }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override public void setPoolable(boolean poolable) throws SQLException { checkOpen(); this.poolable = poolable; }
    @Override public boolean isPoolable() throws SQLException { checkOpen(); return poolable; }
    @Override public void closeOnCompletion() throws SQLException { checkOpen(); closeOnCompletion = true; }
    @Override public boolean isCloseOnCompletion() throws SQLException { checkOpen(); return closeOnCompletion; }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
