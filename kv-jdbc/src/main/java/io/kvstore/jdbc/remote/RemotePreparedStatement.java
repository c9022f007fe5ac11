package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.connection.KvParameterMetaData;
import io.kvstore.jdbc.connection.Parameters;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement of a {@link RemoteConnection}: prepared on the server once (one round trip, which also
 * brings the parameter types), then each execution is one request carrying the parameters and the limits, and
 * one answer carrying the update count or the first batch of rows.
 *
 * <p><b>Parameters</b> are read and converted here exactly as the embedded driver does ({@link Parameters}: streams
 * and LOBs read at set time, conversion to each parameter's SQL type at execution), so a wrong or missing
 * parameter fails with the same SQLState before anything is sent.
 *
 * <p>Thread-safety: as {@link RemoteStatement}.
 */
public final class RemotePreparedStatement extends RemoteStatement implements PreparedStatement {
    private final String sql;
    private final int[] types;
    private final Object[] params;
    private final List<Object[]> batch = new ArrayList<>();

    /** The channel this statement was last prepared on. */
    private RemoteChannel preparedOn;

    RemotePreparedStatement(RemoteConnection connection, int id, String sql) throws SQLException {
        super(connection, id);
        this.sql = sql;
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            types = prepare(ch);
        }
        params = new Object[types.length];
        Arrays.fill(params, Values.UNSET_VALUE);
    }

    private void set(int index, Object value) throws SQLException {
        setMaterialized(index, Parameters.materialize(value));
    }

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

    /** The values to send: converted as the embedded driver converts them. */
    private Object[] bound(Object[] values) throws SQLException {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == Values.UNSET_VALUE) {
                throw KvErrors.create(SqlState.PARAMETER_NOT_SET, "parameter " + (i + 1) + " is not set");
            }
            Object v = Parameters.convert(values[i], types[i], i + 1);
            if (!Values.isSupported(v)) {
                throw KvErrors.create(SqlState.INVALID_PARAMETER_TYPE, "parameter " + (i + 1) + " cannot take a "
                        + v.getClass().getName() + " over a remote connection");
            }
            out[i] = v;
        }
        return out;
    }

    private static WireOut params(WireOut r, Object[] b) {
        r.i32(b.length);
        for (Object v : b) {
            Values.write(r, v);
        }
        return r;
    }

    private boolean run(byte kind) throws SQLException {
        checkOpen();
        closeResults();
        Object[] b = bound(params);
        return run(ch -> params(limits(ch.request(Op.EXECUTE).i32(id).u8(kind)), b));
    }

    @Override
    public boolean execute() throws SQLException {
        return run(Op.KIND_EXECUTE);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        run(Op.KIND_QUERY);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        run(Op.KIND_UPDATE);
        return getLargeUpdateCount();
    }

    private static SQLException sqlNotAllowed() {
        return KvErrors.create(SqlState.FUNCTION_SEQUENCE, "a PreparedStatement executes its own SQL; use execute()");
    }

    @Override public boolean execute(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public ResultSet executeQuery(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public long executeLargeUpdate(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public int executeUpdate(String sql) throws SQLException { throw sqlNotAllowed(); }
    @Override public void addBatch(String sql) throws SQLException { throw sqlNotAllowed(); }

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

    /**
     * Sends the rows that convert; if a row does not, the rows before it still run (as embedded, where each row
     * runs in turn) and a {@link BatchUpdateException} with their counts reports the row that failed.
     */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        closeResults();
        List<Object[]> todo = new ArrayList<>(batch);
        batch.clear();
        List<Object[]> rows = new ArrayList<>(todo.size());
        SQLException conversion = null;
        for (Object[] row : todo) {
            try {
                rows.add(bound(row));
            } catch (SQLException e) {
                conversion = e;
                break;
            }
        }
        long[] counts;
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            beforeRequest(ch);
            WireOut r = limits(ch.request(Op.BATCH).i32(id)).i32(rows.size());
            for (Object[] b : rows) {
                params(r, b);
            }
            counts = batchCounts(ch.call(r, Op.BATCH_RESULT));
        }
        if (conversion != null) {
            throw new BatchUpdateException(conversion.getMessage(), conversion.getSQLState(),
                    conversion.getErrorCode(), counts, conversion);
        }
        return counts;
    }

    /** PREPARE on {@code ch} (under its lock); returns the parameter types. */
    private int[] prepare(RemoteChannel ch) throws SQLException {
        WireIn a = ch.call(ch.request(Op.PREPARE).i32(id).string(sql), Op.PREPARED);
        try {
            int n = a.count(1 << 16, 4);
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = a.i32();
            }
            a.end();
            preparedOn = ch;
            return t;
        } catch (ProtocolException e) {
            throw protocolFailure(e);
        }
    }

    @Override
    void beforeRequest(RemoteChannel ch) throws SQLException {
        if (ch != preparedOn) {
            prepare(ch); // a new session after a failover: the same SQL, so the same parameter types
        }
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        RemoteChannel ch = connection.channel();
        synchronized (ch) {
            beforeRequest(ch);
            WireIn a = ch.call(ch.request(Op.DESCRIBE).i32(id), Op.COLUMNS);
            try {
                if (!a.bool()) {
                    a.end();
                    return null;
                }
                KvResultSetMetaData md = new KvResultSetMetaData(ColumnCodec.read(a));
                a.end();
                return md;
            } catch (ProtocolException e) {
                throw protocolFailure(e);
            }
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new KvParameterMetaData(types);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, Values.UNSET_VALUE);
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
    @Override public void setBytes(int i, byte[] x) throws SQLException { set(i, x); }
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
    @Override public void setAsciiStream(int i, InputStream x) throws SQLException { set(i, ascii(x, -1)); }
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

    private static Object ascii(InputStream x, long length) throws SQLException {
        Object b = length < 0 ? Parameters.materialize(x) : Parameters.materialize(x, length);
        return b == null ? null : new String((byte[]) b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "RemotePreparedStatement[" + sql + "]";
    }
}
