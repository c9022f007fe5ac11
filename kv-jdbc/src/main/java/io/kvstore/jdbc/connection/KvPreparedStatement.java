package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.Executor;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
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
 * characters when a length is given.
 *
 * <p>Thread-safety and closing as {@link KvStatement}.
 */
public final class KvPreparedStatement extends KvStatement implements PreparedStatement {
    private static final Object UNSET = new Object();

    private final String sql;
    private final Executor executor;
    /** The planned Calcite statement; null for a fast-path statement. Replaced after a cancel. */
    private PreparedStatement calcite;
    private final Object[] params;
    /** SQL type of each parameter: the fast path's, or what Calcite reports. */
    private final int[] types;
    /** Which parameters are LIMIT/OFFSET row counts (checked and normalized when bound), or null for none. */
    private final SqlText.RowCount[] rowCounts;
    private final List<Object[]> batch = new ArrayList<>();

    /** A statement run by the executor of {@code prepared} (as built before for the same text). */
    KvPreparedStatement(KvConnection connection, PreparedText prepared) {
        super(connection);
        this.sql = prepared.sql();
        this.executor = prepared.executor();
        this.calcite = null;
        this.types = executor.parameterTypes();
        this.params = new Object[types.length];
        Arrays.fill(params, UNSET);
        this.rowCounts = prepared.rowCounts();
    }

    KvPreparedStatement(KvConnection connection, String sql, Executor executor, PreparedStatement calcite)
            throws SQLException {
        super(connection);
        this.sql = sql;
        this.executor = executor;
        this.calcite = calcite;
        int n;
        if (executor != null) {
            types = executor.parameterTypes();
            n = types.length;
        } else {
            ParameterMetaData pm = CalciteCalls.call(calcite::getParameterMetaData);
            n = CalciteCalls.call(pm::getParameterCount);
            types = new int[n];
            for (int i = 0; i < n; i++) {
                int index = i + 1;
                types[i] = CalciteCalls.call(() -> pm.getParameterType(index));
            }
        }
        params = new Object[n];
        Arrays.fill(params, UNSET);
        SqlText.RowCount[] counts = SqlText.rowCountParameters(sql);
        rowCounts = counts != null && counts.length == n ? counts : null;
    }

    /** Whether this statement runs on an engine {@link Executor} (for tests and diagnostics). */
    public boolean usesExecutor() {
        return executor != null;
    }

    private void set(int index, Object value) throws SQLException {
        setMaterialized(index, Parameters.materialize(value));
    }

    /** Sets a value already read from its stream, {@code length} bytes or characters of it. */
    private void set(int index, Object value, long length) throws SQLException {
        setMaterialized(index, Parameters.materialize(value, length));
    }

    private void setMaterialized(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "parameter index " + index + " out of range 1.."
                    + params.length);
        }
        params[index - 1] = value;
    }

    private Object[] bound(Object[] values) throws SQLException {
        return bindInto(values, new Object[values.length]);
    }

    /** Converts the set {@code values} into {@code out} (same length) for execution; returns {@code out}. */
    private Object[] bindInto(Object[] values, Object[] out) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == UNSET) {
                throw KvErrors.create(SqlState.PARAMETER_NOT_SET, "parameter " + (i + 1) + " is not set");
            }
            out[i] = Parameters.convert(values[i], types[i], i + 1);
            if (rowCounts != null) {
                out[i] = Parameters.rowCount(out[i], rowCounts[i], types[i], i + 1);
            }
        }
        return out;
    }

    private boolean run(Object[] values) throws SQLException {
        checkOpen();
        closeResults();
        Object[] b = bound(values);
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
                    calcite.setNull(i + 1, types[i] == Types.OTHER ? Types.NULL : types[i]);
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
        return run(params);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!execute()) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "statement returned an update count, not rows: " + sql);
        }
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
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

    // ---- Statement methods that take SQL are not for prepared statements ----

    private static SQLException sqlNotAllowed() {
        return KvErrors.create(SqlState.FUNCTION_SEQUENCE, "a PreparedStatement executes its own SQL; use execute()");
    }

    @Override public boolean execute(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public ResultSet executeQuery(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public long executeLargeUpdate(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public void addBatch(String sql) throws SQLException { throw sqlNotAllowed(); }

    // ---- batch ----

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(params.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<Object[]> todo = new ArrayList<>(batch);
        batch.clear();
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
        Object[] b = new Object[params.length];
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
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new KvParameterMetaData(types);
    }

    // ---- setters ----

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, UNSET);
    }

    @Override public void setNull(int i, int sqlType) throws SQLException { set(i, null); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { set(i, null); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { set(i, x); }
    @Override public void setByte(int i, byte x) throws SQLException { set(i, x); }
    @Override public void setShort(int i, short x) throws SQLException { set(i, x); }
    @Override public void setInt(int i, int x) throws SQLException { set(i, x); }
    @Override public void setLong(int i, long x) throws SQLException { set(i, x); }
    @Override public void setFloat(int i, float x) throws SQLException { set(i, x); }
    @Override public void setDouble(int i, double x) throws SQLException { set(i, x); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { set(i, x); }
    @Override public void setString(int i, String x) throws SQLException { set(i, x); }
    @Override public void setNString(int i, String x) throws SQLException { set(i, x); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { set(i, x); } // copied by materialize
    @Override public void setDate(int i, Date x) throws SQLException { set(i, x); }
    @Override public void setTime(int i, Time x) throws SQLException { set(i, x); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { set(i, x); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { set(i, x); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { set(i, x); }
    @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { set(i, x); }
    @Override public void setObject(int i, Object x) throws SQLException { set(i, x); }
    @Override public void setObject(int i, Object x, int targetSqlType) throws SQLException { set(i, x); }
    @Override public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException { set(i, x); }
    @Override public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException { set(i, x); }
    @Override public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException { set(i, x); }
    @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { set(i, ascii(x, length)); }
    @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException { set(i, ascii(x, length)); }
    @Override public void setAsciiStream(int i, InputStream x) throws SQLException { set(i, ascii(x)); }
    @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { set(i, x, length); }
    @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { set(i, x, length); }
    @Override public void setBinaryStream(int i, InputStream x) throws SQLException { set(i, x); }
    @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException { set(i, x, length); }
    @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException { set(i, x, length); }
    @Override public void setCharacterStream(int i, Reader x) throws SQLException { set(i, x); }
    @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException { set(i, x, length); }
    @Override public void setNCharacterStream(int i, Reader x) throws SQLException { set(i, x); }
    @Override public void setBlob(int i, Blob x) throws SQLException { set(i, x); }
    @Override public void setBlob(int i, InputStream x, long length) throws SQLException { set(i, x, length); }
    @Override public void setBlob(int i, InputStream x) throws SQLException { set(i, x); }
    @Override public void setClob(int i, Clob x) throws SQLException { set(i, x); }
    @Override public void setClob(int i, Reader x, long length) throws SQLException { set(i, x, length); }
    @Override public void setClob(int i, Reader x) throws SQLException { set(i, x); }
    @Override public void setNClob(int i, NClob x) throws SQLException { set(i, x); }
    @Override public void setNClob(int i, Reader x, long length) throws SQLException { set(i, x, length); }
    @Override public void setNClob(int i, Reader x) throws SQLException { set(i, x); }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw KvErrors.notSupported("setUnicodeStream (deprecated; use setCharacterStream)");
    }

    @Override public void setRef(int i, Ref x) throws SQLException { throw KvErrors.notSupported("Ref parameters"); }
    @Override public void setArray(int i, Array x) throws SQLException { throw KvErrors.notSupported("Array parameters"); }
    @Override public void setURL(int i, URL x) throws SQLException { throw KvErrors.notSupported("URL parameters"); }
    @Override public void setRowId(int i, RowId x) throws SQLException { throw KvErrors.notSupported("RowId parameters"); }
    @Override public void setSQLXML(int i, SQLXML x) throws SQLException { throw KvErrors.notSupported("SQLXML parameters"); }

    private static Object ascii(InputStream x) throws SQLException {
        return ascii(x, -1);
    }

    /** The text of an ASCII stream: all of it ({@code length} -1) or exactly {@code length} bytes. */
    private static Object ascii(InputStream x, long length) throws SQLException {
        Object b = length < 0 ? Parameters.materialize(x) : Parameters.materialize(x, length);
        return b == null ? null : new String((byte[]) b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "KvPreparedStatement[" + sql + (executor != null ? ", " + executor : "") + "]";
    }
}
