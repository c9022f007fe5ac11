package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.connection.AbstractStatement;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * <p>Options, warnings, closing and the methods that follow from others are {@link AbstractStatement}'s, shared
 * with the embedded statement.
 *
 * <p>Thread-safety: one thread at a time, except {@link #cancel()} and {@link #close()}.
 */
public class RemoteStatement extends AbstractStatement<RemoteConnection> {
    final int id;
    /** Columns of this statement's last result (the server sends them only when they change). */
    private KvResultSetMetaData lastColumns;

    RemoteStatement(RemoteConnection connection, int id) {
        super(connection);
        this.id = id;
    }

    // ---- execution ----

    /** Writes the limits every execution carries. */
    final WireOut limits(WireOut r) {
        return r.i64(maxRows()).i32(queryTimeout()).i32(maxFieldSize()).i32(fetchSize());
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
        beginExecution();
        try {
            RemoteChannel ch = connection.channel();
            synchronized (ch) {
                beforeRequest(ch);
                WireIn a = ch.call(request.apply(ch), (byte) 0);
                return result(a, ch.lastOp);
            }
        } finally {
            endExecution();
        }
    }

    private boolean result(WireIn a, byte op) throws SQLException {
        try {
            if (op == Op.UPDATE) {
                setUpdateCount(a.i64());
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
            setResult(new RowResultSet(this, lastColumns, rows, 0, Long.MAX_VALUE, 0));
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
            return ch.call(ch.request(Op.FETCH).i32(id).i32(fetchSize()), Op.ROWS);
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
    protected boolean doExecute(String sql) throws SQLException {
        return executeSql(sql, Op.KIND_EXECUTE);
    }

    @Override
    protected ResultSet doExecuteQuery(String sql) throws SQLException {
        executeSql(sql, Op.KIND_QUERY);
        return currentResult();
    }

    @Override
    protected long doExecuteLargeUpdate(String sql) throws SQLException {
        executeSql(sql, Op.KIND_UPDATE);
        return getLargeUpdateCount();
    }

    // ---- batch ----

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        closeResults();
        List<String> todo = takeBatch();
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

    // ---- cancel ----

    /** Sends a CANCEL for the running execution over a side connection; streaming rows see the flag only. */
    @Override
    protected final void cancelRunning() throws SQLException {
        if (isExecuting()) {
            connection.cancel(id);
        }
    }
}
