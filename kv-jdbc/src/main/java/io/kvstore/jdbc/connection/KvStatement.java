package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.ExecContext;
import io.kvstore.jdbc.exec.Executor;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultSetRows;
import io.kvstore.jdbc.result.RowResultSet;
import io.kvstore.jdbc.result.RowSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement of a {@link KvConnection}. Each execution runs either an {@link Executor} that the connection
 * recognized in Calcite's plan for the statement (on the engine, no Calcite runtime), or Calcite's own planned
 * statement. Ad-hoc statements that differ only in literals share one plan: the literals are passed as hidden
 * parameters ({@link SqlText#shape}). Either way the rows come out through the one {@link RowResultSet}.
 *
 * <p><b>Results.</b> One result at a time: executing again, or closing, closes the previous result set.
 * Result sets stream; in a transaction they read through it. Max rows, max field size, query timeout and cancel
 * apply to every result set. Options, warnings, closing and the methods that follow from others are
 * {@link AbstractStatement}'s, shared with the remote statement.
 *
 * <p><b>Cancel and timeout.</b> {@link #cancel()} (from any thread) and {@link #setQueryTimeout(int)} are checked
 * between rows; a canceled statement fails with {@link SqlState#QUERY_CANCELED}, one past its timeout with
 * {@code SQLTimeoutException} ({@link SqlState#TIMEOUT}). Single-key executions are single engine calls and are not
 * interrupted.
 *
 * <p>Thread-safety: one thread at a time, except {@link #cancel()} and {@link #close()}.
 */
public class KvStatement extends AbstractStatement<KvConnection> {
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

    KvStatement(KvConnection connection) {
        super(connection);
    }

    // ---- state ----

    /** Gives back an ad-hoc Calcite statement whose result is closed. */
    @Override
    protected final void resultsReleased() {
        releaseAdHoc();
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
    protected boolean doExecute(String sql) throws SQLException {
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
        return queryTimeout() > 0 ? System.currentTimeMillis() + queryTimeout() * 1000L : Long.MAX_VALUE;
    }

    /** Runs an executor (parameters already converted) and keeps its result. */
    final boolean executeWith(Executor ex, Object[] params) throws SQLException {
        canceled = false;
        long deadline = deadline();
        ExecContext ctx = new ExecContext(connection.session(), this, deadline);
        if (ex.isQuery()) {
            RowSource rows = ex.query(ctx, params);
            setResult(new RowResultSet(this, ex.metaData(), rows, maxRows(), deadline, maxFieldSize()));
            return true;
        }
        setUpdateCount(ex.update(ctx, params));
        return false;
    }

    /** Runs a Calcite statement (parameters already bound) and keeps its result. */
    final boolean executeCalcite(PreparedStatement ps) throws SQLException {
        canceled = false;
        calcite = ps;
        if (cancelRequested()) {
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
                ps.setLargeMaxRows(maxRows());
                ps.setQueryTimeout(queryTimeout());
                if (fetchSize() > 0) {
                    ps.setFetchSize(fetchSize());
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
            setResult(new RowResultSet(this, md, new ResultSetRows(rs, md.getColumnCount()), maxRows(), deadline(),
                    maxFieldSize()));
        } else {
            setUpdateCount(CalciteCalls.call(ps::getUpdateCount));
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
    protected ResultSet doExecuteQuery(String sql) throws SQLException {
        if (!execute(sql)) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned an update count, not rows: " + sql);
        }
        return currentResult();
    }

    @Override
    protected long doExecuteLargeUpdate(String sql) throws SQLException {
        if (execute(sql)) {
            closeResults();
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned rows, not an update count: " + sql);
        }
        return getLargeUpdateCount();
    }

    // ---- batch ----

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> todo = takeBatch();
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

    // ---- cancel ----

    /** Cancels the running (or streaming) Calcite statement; an executor's run sees {@link #cancelRequested()}. */
    @Override
    protected final void cancelRunning() throws SQLException {
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
}
