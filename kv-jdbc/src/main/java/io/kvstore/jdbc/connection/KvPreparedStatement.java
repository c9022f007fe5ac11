package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.Executor;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A prepared statement, planned once by Calcite at prepare time: either an {@link Executor} the connection
 * recognized in the plan (run on the engine) or Calcite's planned statement (taken from the connection's
 * {@link StatementCache} when the same text was prepared before, and given back on close).
 *
 * <p><b>Parameters.</b> Values are kept as set and converted at execution by {@link Parameters} according to the
 * parameter's type: {@code setString} on the {@code value} parameter stores the UTF-8 bytes, {@code setBytes}
 * stores the bytes exactly, integer parameters ({@code LIMIT ?}) take any number or numeric text that fits; a value
 * that fits none fails with {@link SqlState#INVALID_PARAMETER_TYPE}, an unset parameter with
 * {@link SqlState#PARAMETER_NOT_SET}. Streams and LOBs are read when set, exactly {@code length} bytes or
 * characters when a length is given. The setters are {@link ParameterSetters}', shared with the remote prepared
 * statement; the values are kept in {@link ParameterValues}.
 *
 * <p>Thread-safety and closing as {@link KvStatement}.
 */
public final class KvPreparedStatement extends KvStatement implements ParameterSetters {
    private final String sql;
    private final Executor executor;
    /** The planned Calcite statement; null for a fast-path statement. Replaced after a cancel. */
    private PreparedStatement calcite;
    /** The values set, typed as the fast path's parameters or as Calcite reports them. */
    private final ParameterValues params;
    /** Which parameters are LIMIT/OFFSET row counts (checked and normalized when bound), or null for none. */
    private final SqlText.RowCount[] rowCounts;

    /** A statement run by the executor of {@code prepared} (as built before for the same text). */
    KvPreparedStatement(KvConnection connection, PreparedText prepared) {
        super(connection);
        this.sql = prepared.sql();
        this.executor = prepared.executor();
        this.calcite = null;
        this.params = new ParameterValues(executor.parameterTypes());
        this.rowCounts = prepared.rowCounts();
    }

    KvPreparedStatement(KvConnection connection, String sql, Executor executor, PreparedStatement calcite)
            throws SQLException {
        super(connection);
        this.sql = sql;
        this.executor = executor;
        this.calcite = calcite;
        int[] types;
        if (executor != null) {
            types = executor.parameterTypes();
        } else {
            ParameterMetaData pm = CalciteCalls.call(calcite::getParameterMetaData);
            int n = CalciteCalls.call(pm::getParameterCount);
            types = new int[n];
            for (int i = 0; i < n; i++) {
                int index = i + 1;
                types[i] = CalciteCalls.call(() -> pm.getParameterType(index));
            }
        }
        params = new ParameterValues(types);
        SqlText.RowCount[] counts = SqlText.rowCountParameters(sql);
        rowCounts = counts != null && counts.length == types.length ? counts : null;
    }

    /** Whether this statement runs on an engine {@link Executor} (for tests and diagnostics). */
    public boolean usesExecutor() {
        return executor != null;
    }

    @Override
    public ParameterValues openParameters() throws SQLException {
        checkOpen();
        return params;
    }

    /** Converts the set {@code values} into {@code out} (same length) for execution; returns {@code out}. */
    private Object[] bindInto(Object[] values, Object[] out) throws SQLException {
        return params.bindInto(values, out, (v, i) -> rowCounts == null ? v
                : Parameters.rowCount(v, rowCounts[i], params.type(i), i + 1));
    }

    private boolean run(Object[] values) throws SQLException {
        checkOpen();
        closeResults();
        Object[] b = bindInto(values, new Object[values.length]);
        beginExecution();
        try {
            return executor != null ? executeWith(executor, b) : runCalcite(b);
        } finally {
            endExecution();
        }
    }

    private boolean runCalcite(Object[] b) throws SQLException {
        if (lastExecutionSpoiled()) {
            // a canceled Calcite statement stays canceled: plan the text again
            PreparedStatement old = calcite;
            calcite = null;
            connection.giveBack(sql, old, true);
            calcite = connection.checkOut(sql);
        }
        PreparedStatement calcite = this.calcite;
        CalciteCalls.call(() -> {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == null) {
                    int type = params.type(i);
                    calcite.setNull(i + 1, type == Types.OTHER ? Types.NULL : type);
                } else {
                    calcite.setObject(i + 1, b[i]);
                }
            }
            return null;
        });
        return executeCalcite(calcite);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(params.current());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned an update count, not rows: " + sql);
        }
        return getResultSet();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        if (execute()) {
            closeResults();
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned rows, not an update count: " + sql);
        }
        return getLargeUpdateCount();
    }

    @Override
    public void close() throws SQLException {
        if (isClosed()) {
            return;
        }
        try {
            super.close();
        } finally {
            if (calcite != null) {
                connection.giveBack(sql, calcite, lastExecutionSpoiled());
            }
        }
    }

    // ---- batch ----

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Object[]> todo = params.takeBatch();
        if (executor != null && !executor.isQuery()) {
            return executeFastBatch(todo);
        }
        long[] counts = new long[todo.size()];
        for (int i = 0; i < todo.size(); i++) {
            try {
                if (run(todo.get(i))) {
                    closeResults();
                    throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "a batch statement returned rows: " + sql);
                }
                counts[i] = getLargeUpdateCount();
            } catch (SQLException e) {
                throw batchFailure(e, counts, i);
            }
        }
        return counts;
    }

    /**
     * Runs a batch of fast-path writes row by row with the outcome of {@link #execute()} for each row (same
     * conversions, errors, transaction), but with the per-execution bookkeeping done once for the batch and the
     * parameters converted into one reused array.
     */
    private long[] executeFastBatch(List<Object[]> rows) throws SQLException {
        closeResults();
        long[] counts = new long[rows.size()];
        Object[] b = new Object[params.count()];
        beginExecution();
        try {
            for (int i = 0; i < counts.length; i++) {
                try {
                    bindInto(rows.get(i), b);
                    executeWith(executor, b);
                    counts[i] = getLargeUpdateCount();
                } catch (SQLException e) {
                    throw batchFailure(e, counts, i);
                }
            }
        } finally {
            endExecution();
        }
        return counts;
    }

    // ---- metadata ----

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (executor != null) {
            return executor.metaData();
        }
        ResultSetMetaData md = CalciteCalls.call(calcite::getMetaData);
        return md == null || CalciteCalls.call(md::getColumnCount) == 0 ? null : connection.metaData(md);
    }

    @Override
    public String toString() {
        return "KvPreparedStatement[" + sql + (executor != null ? ", " + executor : "") + "]";
    }
}
