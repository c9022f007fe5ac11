package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.BaseResultSet;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.RowResultSet;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the embedded ({@link KvStatement}) and the remote ({@code io.kvstore.jdbc.remote.RemoteStatement})
 * statements share: their options and state, and every {@link java.sql.Statement} method that follows from them.
 * A subclass runs SQL; this class keeps what a run produced and everything the application set.
 *
 * <p><b>Options.</b> Max rows, query timeout, fetch size and max field size are kept here (negative values fail
 * with {@link SqlState#INVALID_PARAMETER_VALUE}) and read by the subclass for each execution. Result sets are
 * always {@code TYPE_FORWARD_ONLY}, {@code CONCUR_READ_ONLY}, {@code CLOSE_CURSORS_AT_COMMIT}; a connection that
 * was asked for more adds an {@code SQLWarning} (01000) here ({@link AbstractConnection}). Fetch direction is
 * forward only (others: 22023); named cursors are not supported (0A000); escape processing is accepted and changes
 * nothing.
 *
 * <p><b>Results.</b> One result at a time: {@link #closeResults()} (called by every execution, by
 * {@link #getMoreResults()} and by close) closes the open result set and forgets the update count. A result set
 * that closes tells its statement ({@link #resultSetClosed}), which closes itself with
 * {@link #closeOnCompletion()}.
 *
 * <p><b>Cancel.</b> {@link #cancel()} does nothing when nothing runs and no result is open (so it never hits the
 * next execution); otherwise it sets the flag result sets read between rows ({@link #cancelRequested()}) and asks
 * the subclass to stop what runs ({@link #cancelRunning()}). Subclasses bracket each execution with
 * {@link #beginExecution()} and {@link #endExecution()}.
 *
 * <p><b>Closed.</b> After close (also by closing the connection) every method but {@code close},
 * {@code isClosed}, {@code unwrap}, {@code isWrapperFor} throws {@link SqlState#FUNCTION_SEQUENCE}; an open
 * statement of a closed connection throws the connection's {@link SqlState#CONNECTION_CLOSED}.
 *
 * <p><b>Prepared statements</b> (subclasses that are {@link ParameterSetters}) refuse the methods that take SQL
 * ({@link SqlState#FUNCTION_SEQUENCE}); their batch is their parameter rows.
 *
 * <p><b>Subclasses provide</b> the executions ({@link #doExecute}, {@link #doExecuteQuery},
 * {@link #doExecuteLargeUpdate}, {@code executeLargeBatch}), which report through {@link #setResult} and
 * {@link #setUpdateCount};
 * {@link #cancelRunning()}; optionally {@link #resultsReleased()} and {@link #failed}.
 *
 * <p>Thread-safety: one thread at a time, except {@link #cancel()} and {@link #close()}, which may come from any
 * thread (the closed flag, the current result and the execution flags are volatile).
 *
 * @param <C> the connection type
 */
public abstract class AbstractStatement<C extends AbstractConnection> implements ResultOwner, SelfWrapper {
    /** The connection that made this statement. */
    protected final C connection;
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
    /** True from the start of an execution to its end. */
    private volatile boolean executing;
    /** cancel() was called during the current execution or while its result is open. */
    private volatile boolean cancelRequested;

    protected AbstractStatement(C connection) {
        this.connection = connection;
    }

    // ---- state ----

    /**
     * @throws SQLException {@link SqlState#FUNCTION_SEQUENCE} if this statement is closed; the connection's state
     *     (08003) if it is closed
     */
    protected final void checkOpen() throws SQLException {
        if (closed) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement is closed");
        }
        connection.checkOpen();
    }

    /** Closes the open result and tells the connection; a second close does nothing. */
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

    /** Closes the current result set and forgets the update count. */
    protected final void closeResults() throws SQLException {
        BaseResultSet rs = current;
        current = null;
        updateCount = -1;
        if (rs != null) {
            rs.close();
        }
        resultsReleased();
    }

    /**
     * Called when the current result is closed, by {@link #closeResults()} or by the result set itself; the
     * embedded statement gives back what ran it. Does nothing here.
     */
    protected void resultsReleased() {
    }

    /** Called by a result set of this statement when it closes. */
    @Override
    public final void resultSetClosed(BaseResultSet rs) throws SQLException {
        if (rs == current) {
            current = null;
            resultsReleased();
            if (closeOnCompletion) {
                close();
            }
        }
    }

    /** Notes a failure while rows streamed: nothing here (the embedded statement may not reuse what ran). */
    @Override
    public void failed(SQLException e) {
    }

    /** Keeps {@code rs} as the result of the execution that is ending. */
    protected final void setResult(BaseResultSet rs) {
        current = rs;
    }

    /** Keeps {@code count} as the update count of the execution that is ending. */
    protected final void setUpdateCount(long count) {
        updateCount = count;
    }

    /** The open result set, or null. */
    protected final BaseResultSet currentResult() {
        return current;
    }

    // ---- execution bookkeeping ----

    /** Marks the start of an execution, for {@link #cancel()}. */
    protected final void beginExecution() {
        cancelRequested = false;
        executing = true;
    }

    /** Marks the end of an execution. */
    protected final void endExecution() {
        executing = false;
    }

    /** Whether an execution is running (for tests). */
    public final boolean isExecuting() {
        return executing;
    }

    /** Whether cancel() was called during the current execution (read between rows by streaming results). */
    @Override
    public final boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * Cancels what runs or streams: nothing when no execution runs and no result is open, else sets
     * {@link #cancelRequested()} and calls {@link #cancelRunning()}. May be called from any thread.
     */
    @Override
    public final void cancel() throws SQLException {
        checkOpen();
        if (!executing && current == null) {
            return; // nothing runs: a cancel must not hit the next execution
        }
        cancelRequested = true;
        cancelRunning();
    }

    /** Stops what runs for this statement now, if anything does; called from any thread by {@link #cancel()}. */
    protected abstract void cancelRunning() throws SQLException;

    /** The max rows option for an execution (0: no limit). */
    protected final long maxRows() {
        return maxRows;
    }

    /** The query timeout in seconds for an execution (0: none). */
    protected final int queryTimeout() {
        return queryTimeout;
    }

    /** The fetch size hint (0: the driver's choice). */
    protected final int fetchSize() {
        return fetchSize;
    }

    /** The max field size in bytes for an execution (0: no limit). */
    protected final int maxFieldSize() {
        return maxFieldSize;
    }

    // ---- results ----

    // ---- executions of SQL text (refused by prepared statements) ----

    @Override
    public final boolean execute(String sql) throws SQLException {
        refuseIfPrepared();
        return doExecute(sql);
    }

    @Override
    public final ResultSet executeQuery(String sql) throws SQLException {
        refuseIfPrepared();
        return doExecuteQuery(sql);
    }

    @Override
    public final long executeLargeUpdate(String sql) throws SQLException {
        refuseIfPrepared();
        return doExecuteLargeUpdate(sql);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    /** Runs {@code sql} (a plain statement's {@code execute}): true if it returned rows. */
    protected abstract boolean doExecute(String sql) throws SQLException;

    /** Runs {@code sql}, which must return rows, and returns them. */
    protected abstract ResultSet doExecuteQuery(String sql) throws SQLException;

    /** Runs {@code sql}, which must return an update count, and returns it. */
    protected abstract long doExecuteLargeUpdate(String sql) throws SQLException;

    /** A PreparedStatement runs its own SQL: the Statement methods that take SQL fail with HY010. */
    private void refuseIfPrepared() throws SQLException {
        if (this instanceof ParameterSetters) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "a PreparedStatement executes its own SQL; use "
                    + "execute()");
        }
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

    /** The update count clamped to {@code Integer.MAX_VALUE}. */
    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, getLargeUpdateCount());
    }

    /** One result per statement: closes the current one; false. */
    @Override
    public boolean getMoreResults() throws SQLException {
        checkOpen();
        closeResults();
        return false;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    /** No key is ever generated: an empty result set. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return RowResultSet.of(null, new KvResultSetMetaData(List.of()), List.of());
    }

    // no key is ever generated, so the generated-keys overloads run the plain call
    @Override public boolean execute(String sql, int autoGeneratedKeys) throws SQLException { return execute(sql); }
    @Override public boolean execute(String sql, int[] columnIndexes) throws SQLException { return execute(sql); }
    @Override public boolean execute(String sql, String[] columnNames) throws SQLException { return execute(sql); }
    @Override public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException { return executeUpdate(sql); }
    @Override public int executeUpdate(String sql, int[] columnIndexes) throws SQLException { return executeUpdate(sql); }
    @Override public int executeUpdate(String sql, String[] columnNames) throws SQLException { return executeUpdate(sql); }
    @Override public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException { return executeLargeUpdate(sql); }
    @Override public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException { return executeLargeUpdate(sql); }
    @Override public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException { return executeLargeUpdate(sql); }

    // ---- batch ----

    @Override
    public final void addBatch(String sql) throws SQLException {
        refuseIfPrepared();
        checkOpen();
        batch.add(sql);
    }

    /** Clears the SQL texts added, or a prepared statement's parameter rows. */
    @Override
    public final void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
        if (this instanceof ParameterSetters prepared) {
            prepared.openParameters().clearBatch();
        }
    }

    /** The SQL texts added since the last batch ran, which are forgotten. */
    protected final List<String> takeBatch() {
        List<String> todo = new ArrayList<>(batch);
        batch.clear();
        return todo;
    }

    /** The large update counts, each clamped to {@code Integer.MAX_VALUE}. */
    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] r = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            r[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
        }
        return r;
    }

    /** The failure of a batch's entry {@code done}: the entries before it ran, with these counts. */
    protected static BatchUpdateException batchFailure(SQLException e, long[] counts, int done) {
        long[] doneCounts = Arrays.copyOf(counts, done);
        return new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), doneCounts, e);
    }

    // ---- options ----

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
    @Override public void setPoolable(boolean poolable) throws SQLException { checkOpen(); this.poolable = poolable; }
    @Override public boolean isPoolable() throws SQLException { checkOpen(); return poolable; }
    @Override public void closeOnCompletion() throws SQLException { checkOpen(); closeOnCompletion = true; }
    @Override public boolean isCloseOnCompletion() throws SQLException { checkOpen(); return closeOnCompletion; }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    // ---- warnings ----

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
}
