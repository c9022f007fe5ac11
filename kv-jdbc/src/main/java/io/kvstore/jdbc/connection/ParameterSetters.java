package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The {@link PreparedStatement} parameter methods, written once for the embedded ({@link KvPreparedStatement}) and
 * the remote ({@code io.kvstore.jdbc.remote.RemotePreparedStatement}) prepared statements, over the
 * {@link ParameterValues} the statement gives ({@link #openParameters()}): every {@code setXxx} hands its value to
 * {@link #setObject(int, Object)}, which reads streams and LOBs ({@link Parameters#materialize(Object)}) and keeps
 * it; {@code clearParameters}, {@code addBatch()} and {@code getParameterMetaData} work on the same values (a
 * prepared statement's batch is its parameter rows: {@code clearBatch} clears them, {@link AbstractStatement}). The
 * SQL type arguments are ignored: values convert to each parameter's own type at execution
 * ({@link Parameters#convert}).
 * Setters with a length read exactly that many bytes or characters first ({@link Parameters#materialize(Object,
 * long)}: fewer fail with {@link SqlState#DATA_EXCEPTION}); ASCII streams become text. Refs, arrays, URLs, row ids,
 * SQLXML and the deprecated unicode streams are not supported ({@link SqlState#FEATURE_NOT_SUPPORTED}).
 *
 * <p>An interface rather than a base class because each prepared statement extends its own mode's statement.
 *
 * <p>Thread-safety and exceptions: those of {@link #setObject(int, Object)} (one thread at a time; a closed
 * statement throws {@link SqlState#FUNCTION_SEQUENCE}, a parameter index out of range
 * {@link SqlState#INVALID_PARAMETER_VALUE}).
 */
public interface ParameterSetters extends PreparedStatement {
    /**
     * This statement's parameters, once it is checked to be open. For the driver's own use, like
     * {@link io.kvstore.jdbc.result.ResultOwner}'s methods; not meant for applications.
     *
     * @throws SQLException {@link SqlState#FUNCTION_SEQUENCE} if the statement is closed; 08003 if its connection is
     */
    ParameterValues openParameters() throws SQLException;

    /** Reads {@code x} now ({@link Parameters#materialize}) and keeps it; every other setter comes here. */
    @Override
    default void setObject(int i, Object x) throws SQLException {
        Object value = Parameters.materialize(x);
        openParameters().set(i, value);
    }

    @Override
    default void clearParameters() throws SQLException {
        openParameters().clear();
    }

    /** The update count as an int (not clamped, as {@code Statement.executeUpdate}). */
    @Override
    default int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    /** Adds the values set now as a row of the batch. */
    @Override
    default void addBatch() throws SQLException {
        openParameters().addBatch();
    }

    @Override
    default ParameterMetaData getParameterMetaData() throws SQLException {
        return openParameters().metaData();
    }

    @Override default void setNull(int i, int sqlType) throws SQLException { setObject(i, null); }
    @Override default void setNull(int i, int sqlType, String typeName) throws SQLException { setObject(i, null); }
    @Override default void setBoolean(int i, boolean x) throws SQLException { setObject(i, x); }
    @Override default void setByte(int i, byte x) throws SQLException { setObject(i, x); }
    @Override default void setShort(int i, short x) throws SQLException { setObject(i, x); }
    @Override default void setInt(int i, int x) throws SQLException { setObject(i, x); }
    @Override default void setLong(int i, long x) throws SQLException { setObject(i, x); }
    @Override default void setFloat(int i, float x) throws SQLException { setObject(i, x); }
    @Override default void setDouble(int i, double x) throws SQLException { setObject(i, x); }
    @Override default void setBigDecimal(int i, BigDecimal x) throws SQLException { setObject(i, x); }
    @Override default void setString(int i, String x) throws SQLException { setObject(i, x); }
    @Override default void setNString(int i, String x) throws SQLException { setObject(i, x); }
    @Override default void setBytes(int i, byte[] x) throws SQLException { setObject(i, x); } // copied by materialize
    @Override default void setDate(int i, Date x) throws SQLException { setObject(i, x); }
    @Override default void setTime(int i, Time x) throws SQLException { setObject(i, x); }
    @Override default void setTimestamp(int i, Timestamp x) throws SQLException { setObject(i, x); }
    @Override default void setDate(int i, Date x, Calendar cal) throws SQLException { setObject(i, x); }
    @Override default void setTime(int i, Time x, Calendar cal) throws SQLException { setObject(i, x); }
    @Override default void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { setObject(i, x); }
    @Override default void setObject(int i, Object x, int targetSqlType) throws SQLException { setObject(i, x); }
    @Override default void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException { setObject(i, x); }
    @Override default void setObject(int i, Object x, SQLType targetSqlType) throws SQLException { setObject(i, x); }
    @Override default void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException { setObject(i, x); }
    @Override default void setAsciiStream(int i, InputStream x, int length) throws SQLException { setObject(i, ascii(x, length)); }
    @Override default void setAsciiStream(int i, InputStream x, long length) throws SQLException { setObject(i, ascii(x, length)); }
    @Override default void setAsciiStream(int i, InputStream x) throws SQLException { setObject(i, ascii(x, -1)); }
    @Override default void setBinaryStream(int i, InputStream x, int length) throws SQLException { setRead(i, x, length); }
    @Override default void setBinaryStream(int i, InputStream x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setBinaryStream(int i, InputStream x) throws SQLException { setObject(i, x); }
    @Override default void setCharacterStream(int i, Reader x, int length) throws SQLException { setRead(i, x, length); }
    @Override default void setCharacterStream(int i, Reader x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setCharacterStream(int i, Reader x) throws SQLException { setObject(i, x); }
    @Override default void setNCharacterStream(int i, Reader x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setNCharacterStream(int i, Reader x) throws SQLException { setObject(i, x); }
    @Override default void setBlob(int i, Blob x) throws SQLException { setObject(i, x); }
    @Override default void setBlob(int i, InputStream x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setBlob(int i, InputStream x) throws SQLException { setObject(i, x); }
    @Override default void setClob(int i, Clob x) throws SQLException { setObject(i, x); }
    @Override default void setClob(int i, Reader x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setClob(int i, Reader x) throws SQLException { setObject(i, x); }
    @Override default void setNClob(int i, NClob x) throws SQLException { setObject(i, x); }
    @Override default void setNClob(int i, Reader x, long length) throws SQLException { setRead(i, x, length); }
    @Override default void setNClob(int i, Reader x) throws SQLException { setObject(i, x); }

    @Override
    @Deprecated
    default void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw KvErrors.notSupported("setUnicodeStream (deprecated; use setCharacterStream)");
    }

    @Override default void setRef(int i, Ref x) throws SQLException { throw KvErrors.notSupported("Ref parameters"); }
    @Override default void setArray(int i, Array x) throws SQLException { throw KvErrors.notSupported("Array parameters"); }
    @Override default void setURL(int i, URL x) throws SQLException { throw KvErrors.notSupported("URL parameters"); }
    @Override default void setRowId(int i, RowId x) throws SQLException { throw KvErrors.notSupported("RowId parameters"); }
    @Override default void setSQLXML(int i, SQLXML x) throws SQLException { throw KvErrors.notSupported("SQLXML parameters"); }

    /** Sets exactly {@code length} bytes or characters of a stream or LOB, read now. */
    private void setRead(int i, Object x, long length) throws SQLException {
        setObject(i, Parameters.materialize(x, length));
    }

    /** The text of an ASCII stream: all of it ({@code length} -1) or exactly {@code length} bytes. */
    private static Object ascii(InputStream x, long length) throws SQLException {
        Object b = length < 0 ? Parameters.materialize(x) : Parameters.materialize(x, length);
        return b == null ? null : new String((byte[]) b, StandardCharsets.US_ASCII);
    }
}
