package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.ExecContext;
import io.kvstore.jdbc.exec.Executor;
import io.kvstore.jdbc.result.BaseResultSet;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.ResultSetRows;
import io.kvstore.jdbc.result.RowResultSet;
import io.kvstore.jdbc.result.RowSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement of a {@link KvConnection}. Each execution runs either an {@link Executor} that the connection
 * recognized in Calcite's plan for the statement (on the engine, no Calcite runtime), or Calcite's own planned
 * statement. Ad-hoc statements that differ only in literals share one plan: the literals are passed as hidden
 * parameters ({@link SqlText#shape}). Either way the rows come out through the one {@link RowResultSet}.
 *
 * <p><b>Results.</b> One result at a time: executing again, or closing, closes the previous result set.
 * Result sets stream; in a transaction they read through it. Max rows, max field size, query timeout and cancel
 * apply to every result set.
 *
 * <p><b>Cancel and timeout.</b> {@link #cancel()} (from any thread) and {@link #setQueryTimeout(int)} are checked
 * between rows; a canceled statement fails with {@link SqlState#QUERY_CANCELED}, one past its timeout with
 * {@code SQLTimeoutException} ({@link SqlState#TIMEOUT}). Single-key executions are single engine calls and are not
 * interrupted.
 *
 * <p><b>Warnings.</b> A requested scrollable or updatable result set type is downgraded to forward-only,
 * read-only, with an {@code SQLWarning} on the statement (and its connection).
 *
 * <p><b>Closed.</b> After close (also by closing the connection) every method but {@code close},
 * {@code isClosed}, {@code unwrap}, {@code isWrapperFor} throws {@link SqlState#FUNCTION_SEQUENCE}.
 *
 * <p>Thread-safety: one thread at a time, except {@link #cancel()} and {@link #close()}.
 */
public class KvStatement implements ResultOwner, StatementDefaults {
    final KvConnection connection;
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
    /** Orders cancel() against giving an ad-hoc Calcite statement back to the cache. */
    private final Object cancelLock = new Object();
    /** The Calcite statement that runs now or whose result set is open; for cancel. */
    private volatile PreparedStatement calcite;
    /** Text of an ad-hoc Calcite statement checked out of the cache, to give back; null otherwise. */
    private String checkedOutSql;
    /**
     * Set by cancel() or a failed execution: the Calcite statement is closed, not reused (Calcite's cancel flag
     * stays set for the life of its statement).
     */
    private volatile boolean canceled;
    /** True from the start of an execution (planning included) to its end. */
    private volatile boolean executing;
    /** cancel() was called during the current execution, maybe before there was a Calcite statement to cancel. */
    private volatile boolean cancelRequested;

    KvStatement(KvConnection connection) {
        this.connection = connection;
    }

    // ---- state ----

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

    /** Closes the current result set (giving back an ad-hoc Calcite statement) and forgets the update count. */
    final void closeResults() throws SQLException {
        BaseResultSet rs = current;
        current = null;
        updateCount = -1;
        if (rs != null) {
            rs.close();
        }
        releaseAdHoc();
    }

    /** Called by a result set of this statement when it closes. */
    @Override
    public final void resultSetClosed(BaseResultSet rs) throws SQLException {
        if (rs == current) {
            current = null;
            releaseAdHoc();
            if (closeOnCompletion) {
                close();
            }
        }
    }

    private void releaseAdHoc() {
        PreparedStatement ps;
        boolean spoiled;
        synchronized (cancelLock) { // a concurrent cancel() either hits ps before this, and spoils it, or not at all
            ps = calcite;
            if (checkedOutSql == null || ps == null) {
                return;
            }
            calcite = null;
            spoiled = canceled;
        }
        connection.giveBack(checkedOutSql, ps, spoiled);
        checkedOutSql = null;
    }

    // ---- execution ----

    @Override
    public boolean execute(String sql) throws SQLException {
        checkOpen();
        closeResults();
        if (sql == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "SQL is null");
        }
        beginExecution();
        try {
            return executeAdHoc(KvConnection.stripTerminator(sql));
        } finally {
            endExecution();
        }
    }

    /** Marks the start of an execution, for {@link #cancel()}. */
    final void beginExecution() {
        cancelRequested = false;
        executing = true;
    }

    final void endExecution() {
        executing = false;
    }

    /** Whether cancel() was called during the current execution (read between rows by streaming results). */
    @Override
    public final boolean cancelRequested() {
        return cancelRequested;
    }

    /** Whether an execution is running (for tests). */
    public final boolean isExecuting() {
        return executing;
    }

    /** Whether the last Calcite execution was canceled or failed (its statement must not be reused). */
    final boolean lastExecutionSpoiled() {
        return canceled;
    }

    private boolean executeAdHoc(String sql) throws SQLException {
        Executor session = connection.sessionExecutor(sql);
        if (session != null) {
            if (session.parameterTypes().length > 0) {
                // an upsert with ? markers given to Statement.execute, which has no way to set them
                throw KvErrors.create(SqlState.PARAMETER_NOT_SET, "parameter 1 is not set: the statement has ?"
                        + " parameters; run it with a PreparedStatement");
            }
            return executeWith(session, new Object[0]);
        }
        if (connection.executorsEnabled()) {
            Executor plain = connection.frontDoor(sql);
            if (plain != null && plain.parameterTypes().length == 0) {
                return executeWith(plain, new Object[0]);
            }
            SqlText.Shape shape = SqlText.shape(sql);
            if (shape != null) {
                KvConnection.Bound bound = connection.executorForShape(shape);
                if (bound != null) {
                    return executeWith(bound.executor(), bound.params());
                }
            } else {
                Executor ex = connection.executorFor(sql);
                if (ex != null && ex.parameterTypes().length == 0) {
                    return executeWith(ex, new Object[0]);
                }
            }
        }
        PreparedStatement ps = connection.checkOut(sql);
        checkedOutSql = sql;
        calcite = ps;
        try {
            return executeCalcite(ps);
        } catch (SQLException | RuntimeException e) {
            releaseAdHoc();
            throw e;
        }
    }

    /** The wall-clock deadline of an execution starting now, or Long.MAX_VALUE. */
    private long deadline() {
        return queryTimeout > 0 ? System.currentTimeMillis() + queryTimeout * 1000L : Long.MAX_VALUE;
    }

    /** Runs an executor (parameters already converted) and keeps its result. */
    final boolean executeWith(Executor ex, Object[] params) throws SQLException {
        canceled = false;
        long deadline = deadline();
        ExecContext ctx = new ExecContext(connection.session(), this, deadline);
        if (ex.isQuery()) {
            RowSource rows = ex.query(ctx, params);
            current = new RowResultSet(this, ex.metaData(), rows, maxRows, deadline, maxFieldSize);
            return true;
        }
        updateCount = ex.update(ctx, params);
        return false;
    }

    /** Runs a Calcite statement (parameters already bound) and keeps its result. */
    final boolean executeCalcite(PreparedStatement ps) throws SQLException {
        canceled = false;
        calcite = ps;
        if (cancelRequested) {
            // cancel() came while the statement was being planned; Calcite honours a cancel before execute
            canceled = true;
            CalciteCalls.call(() -> {
                ps.cancel();
                return null;
            });
        }
        boolean query;
        try {
            query = CalciteCalls.call(() -> {
                ps.setLargeMaxRows(maxRows);
                ps.setQueryTimeout(queryTimeout);
                if (fetchSize > 0) {
                    ps.setFetchSize(fetchSize);
                }
                return ps.execute();
            });
        } catch (SQLException e) {
            failed(e);
            throw e;
        }
        if (query) {
            ResultSet rs = CalciteCalls.call(ps::getResultSet);
            KvResultSetMetaData md = connection.metaData(CalciteCalls.call(rs::getMetaData));
            current = new RowResultSet(this, md, new ResultSetRows(rs, md.getColumnCount()), maxRows, deadline(),
                    maxFieldSize);
        } else {
            updateCount = CalciteCalls.call(ps::getUpdateCount);
            releaseAdHoc();
        }
        return query;
    }

    /**
     * Notes a failure of the running Calcite statement. After a {@code java.lang.Error} (a static initializer of
     * generated code that threw, for example) the compiled statement may be unusable: it is planned afresh next
     * time. Other failures (duplicate key, ...) leave it reusable.
     */
    @Override
    public final void failed(SQLException e) {
        if (KvErrors.hasError(e)) {
            canceled = true;
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        if (!execute(sql)) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned an update count, not rows: " + sql);
        }
        return current;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        if (execute(sql)) {
            closeResults();
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned rows, not an update count: " + sql);
        }
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
        List<String> todo = new ArrayList<>(batch);
        batch.clear();
        long[] counts = new long[todo.size()];
        for (int i = 0; i < todo.size(); i++) {
            try {
                counts[i] = executeLargeUpdate(todo.get(i));
            } catch (SQLException e) {
                throw batchFailure(e, counts, i);
            }
        }
        return counts;
    }

    static BatchUpdateException batchFailure(SQLException e, long[] counts, int done) {
        long[] doneCounts = java.util.Arrays.copyOf(counts, done);
        return new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), doneCounts, e);
    }

    // ---- cancel and limits ----

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        if (!executing && current == null) {
            return; // nothing runs: a cancel must not hit the next execution
        }
        cancelRequested = true;
        synchronized (cancelLock) {
            PreparedStatement ps = calcite;
            if (ps != null) {
                canceled = true;
                CalciteCalls.call(() -> {
                    ps.cancel();
                    return null;
                });
            }
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

    /** Adds a warning to this statement's chain. */
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
