package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.error.SqlState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * What the driver's result set shares with any future one: closing (and telling the owning statement), the closed check, the
 * forward-only read-only cursor rules, getters by label, streams, {@code Blob} and {@code Clob} built from the
 * typed getters, and the refusal of every update method. Subclasses supply the cursor and the typed getters.
 *
 * <p>Closed state: after {@link #close()} (also when the statement or connection closes it) every method but
 * {@code close}, {@code isClosed}, {@code unwrap} and {@code isWrapperFor} throws {@link SqlState#FUNCTION_SEQUENCE}.
 *
 * <p>Thread-safety: like every JDBC object of this driver, use from one thread at a time; {@link #close()} may
 * be called from any thread.
 */
public abstract class BaseResultSet implements ResultSet, SelfWrapper {
    /** The statement that made this result set, or null (metadata result sets). */
    private final ResultOwner statement;
    private volatile boolean closed;
    private int fetchSize;

    protected BaseResultSet(ResultOwner statement) {
        this.statement = statement;
    }

    /** The statement that made this result set, or null. */
    protected final ResultOwner owner() {
        return statement;
    }

    /** Releases what the subclass holds; called once, by {@link #close()}. */
    protected abstract void doClose() throws SQLException;

    @Override
    public final void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            doClose();
        } finally {
            if (statement != null) {
                statement.resultSetClosed(this);
            }
        }
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** @throws SQLException {@link SqlState#FUNCTION_SEQUENCE} when closed */
    final void checkOpen() throws SQLException {
        if (closed) {
            throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "result set is closed");
        }
    }

    /** @throws SQLException when closed, or {@code columnIndex} is not a column */
    final void checkColumn(int columnIndex) throws SQLException {
        checkOpen();
        int n = getMetaData().getColumnCount();
        if (columnIndex < 1 || columnIndex > n) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "column index " + columnIndex
                    + " out of range 1.." + n);
        }
    }

    private static SQLException readOnly() {
        return KvErrors.notSupported("updating a result set (use UPDATE kv SET value = ? WHERE key = ?)");
    }

    private static SQLException scrolling() {
        return KvErrors.create(SqlState.FUNCTION_SEQUENCE, "result set is TYPE_FORWARD_ONLY");
    }

    // ---- cursor ----

    @Override public boolean previous() throws SQLException { checkOpen(); throw scrolling(); }
    @Override public void beforeFirst() throws SQLException { checkOpen(); throw scrolling(); }
    @Override public void afterLast() throws SQLException { checkOpen(); throw scrolling(); }
    @Override public boolean first() throws SQLException { checkOpen(); throw scrolling(); }
    @Override public boolean last() throws SQLException { checkOpen(); throw scrolling(); }
    @Override public boolean absolute(int row) throws SQLException { checkOpen(); throw scrolling(); }
    @Override public boolean relative(int rows) throws SQLException { checkOpen(); throw scrolling(); }

    @Override
    public final void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "only FETCH_FORWARD is supported");
        }
    }

    @Override public final int getFetchDirection() throws SQLException { checkOpen(); return FETCH_FORWARD; }

    @Override
    public final void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "fetch size must be >= 0: " + rows);
        }
        fetchSize = rows;
    }

    @Override public final int getFetchSize() throws SQLException { checkOpen(); return fetchSize; }
    @Override public final int getType() throws SQLException { checkOpen(); return TYPE_FORWARD_ONLY; }
    @Override public final int getConcurrency() throws SQLException { checkOpen(); return CONCUR_READ_ONLY; }
    @Override public final int getHoldability() throws SQLException { checkOpen(); return CLOSE_CURSORS_AT_COMMIT; }
    @Override public final String getCursorName() throws SQLException { throw KvErrors.notSupported("named cursors"); }
    @Override public final SQLWarning getWarnings() throws SQLException { checkOpen(); return null; }
    @Override public final void clearWarnings() throws SQLException { checkOpen(); }

    @Override
    public final Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    // ---- derived getters ----

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new SerialBlob(b);
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new SerialClob(s.toCharArray());
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw KvErrors.notSupported("NClob");
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw KvErrors.notSupported("getUnicodeStream (deprecated; use getCharacterStream)");
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    @Override public Ref getRef(int columnIndex) throws SQLException { throw KvErrors.notSupported("Ref"); }
    @Override public Array getArray(int columnIndex) throws SQLException { throw KvErrors.notSupported("Array"); }
    @Override public URL getURL(int columnIndex) throws SQLException { throw KvErrors.notSupported("URL"); }
    @Override public RowId getRowId(int columnIndex) throws SQLException { throw KvErrors.notSupported("RowId"); }
    @Override public SQLXML getSQLXML(int columnIndex) throws SQLException { throw KvErrors.notSupported("SQLXML"); }

    // ---- getters by label ----

    @Override public final String getString(String columnLabel) throws SQLException { return getString(findColumn(columnLabel)); }
    @Override public final boolean getBoolean(String columnLabel) throws SQLException { return getBoolean(findColumn(columnLabel)); }
    @Override public final byte getByte(String columnLabel) throws SQLException { return getByte(findColumn(columnLabel)); }
    @Override public final short getShort(String columnLabel) throws SQLException { return getShort(findColumn(columnLabel)); }
    @Override public final int getInt(String columnLabel) throws SQLException { return getInt(findColumn(columnLabel)); }
    @Override public final long getLong(String columnLabel) throws SQLException { return getLong(findColumn(columnLabel)); }
    @Override public final float getFloat(String columnLabel) throws SQLException { return getFloat(findColumn(columnLabel)); }
    @Override public final double getDouble(String columnLabel) throws SQLException { return getDouble(findColumn(columnLabel)); }
    @SuppressWarnings("deprecation")
    @Deprecated
    @Override public final BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException { return getBigDecimal(findColumn(columnLabel), scale); }
    @Override public final byte[] getBytes(String columnLabel) throws SQLException { return getBytes(findColumn(columnLabel)); }
    @Override public final Date getDate(String columnLabel) throws SQLException { return getDate(findColumn(columnLabel)); }
    @Override public final Time getTime(String columnLabel) throws SQLException { return getTime(findColumn(columnLabel)); }
    @Override public final Timestamp getTimestamp(String columnLabel) throws SQLException { return getTimestamp(findColumn(columnLabel)); }
    @Override public final InputStream getAsciiStream(String columnLabel) throws SQLException { return getAsciiStream(findColumn(columnLabel)); }
    @SuppressWarnings("deprecation")
    @Deprecated
    @Override public final InputStream getUnicodeStream(String columnLabel) throws SQLException { return getUnicodeStream(findColumn(columnLabel)); }
    @Override public final InputStream getBinaryStream(String columnLabel) throws SQLException { return getBinaryStream(findColumn(columnLabel)); }
    @Override public final Object getObject(String columnLabel) throws SQLException { return getObject(findColumn(columnLabel)); }
    @Override public final Reader getCharacterStream(String columnLabel) throws SQLException { return getCharacterStream(findColumn(columnLabel)); }
    @Override public final BigDecimal getBigDecimal(String columnLabel) throws SQLException { return getBigDecimal(findColumn(columnLabel)); }
    @Override public final Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(columnLabel), map); }
    @Override public final Ref getRef(String columnLabel) throws SQLException { return getRef(findColumn(columnLabel)); }
    @Override public final Blob getBlob(String columnLabel) throws SQLException { return getBlob(findColumn(columnLabel)); }
    @Override public final Clob getClob(String columnLabel) throws SQLException { return getClob(findColumn(columnLabel)); }
    @Override public final Array getArray(String columnLabel) throws SQLException { return getArray(findColumn(columnLabel)); }
    @Override public final Date getDate(String columnLabel, Calendar cal) throws SQLException { return getDate(findColumn(columnLabel), cal); }
    @Override public final Time getTime(String columnLabel, Calendar cal) throws SQLException { return getTime(findColumn(columnLabel), cal); }
    @Override public final Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException { return getTimestamp(findColumn(columnLabel), cal); }
    @Override public final URL getURL(String columnLabel) throws SQLException { return getURL(findColumn(columnLabel)); }
    @Override public final RowId getRowId(String columnLabel) throws SQLException { return getRowId(findColumn(columnLabel)); }
    @Override public final NClob getNClob(String columnLabel) throws SQLException { return getNClob(findColumn(columnLabel)); }
    @Override public final SQLXML getSQLXML(String columnLabel) throws SQLException { return getSQLXML(findColumn(columnLabel)); }
    @Override public final String getNString(String columnLabel) throws SQLException { return getNString(findColumn(columnLabel)); }
    @Override public final Reader getNCharacterStream(String columnLabel) throws SQLException { return getNCharacterStream(findColumn(columnLabel)); }
    @Override public final <T> T getObject(String columnLabel, Class<T> type) throws SQLException { return getObject(findColumn(columnLabel), type); }

    // ---- updates: never ----

    @Override public final boolean rowUpdated() throws SQLException { checkOpen(); return false; }
    @Override public final boolean rowInserted() throws SQLException { checkOpen(); return false; }
    @Override public final boolean rowDeleted() throws SQLException { checkOpen(); return false; }
    @Override public final void insertRow() throws SQLException { throw readOnly(); }
    @Override public final void updateObject(int columnIndex, Object x, java.sql.SQLType t) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(String columnLabel, Object x, java.sql.SQLType t) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(int columnIndex, Object x, java.sql.SQLType t, int n) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(String columnLabel, Object x, java.sql.SQLType t, int n) throws SQLException { throw readOnly(); }
    @Override public final void updateRow() throws SQLException { throw readOnly(); }
    @Override public final void deleteRow() throws SQLException { throw readOnly(); }
    @Override public final void refreshRow() throws SQLException { throw readOnly(); }
    @Override public final void cancelRowUpdates() throws SQLException { throw readOnly(); }
    @Override public final void moveToInsertRow() throws SQLException { throw readOnly(); }
    @Override public final void moveToCurrentRow() throws SQLException { throw readOnly(); }
    @Override public final void updateNull(int columnIndex) throws SQLException { throw readOnly(); }
    @Override public final void updateNull(String columnLabel) throws SQLException { throw readOnly(); }
    @Override public final void updateBoolean(int columnIndex, boolean x) throws SQLException { throw readOnly(); }
    @Override public final void updateBoolean(String columnLabel, boolean x) throws SQLException { throw readOnly(); }
    @Override public final void updateByte(int columnIndex, byte x) throws SQLException { throw readOnly(); }
    @Override public final void updateByte(String columnLabel, byte x) throws SQLException { throw readOnly(); }
    @Override public final void updateShort(int columnIndex, short x) throws SQLException { throw readOnly(); }
    @Override public final void updateShort(String columnLabel, short x) throws SQLException { throw readOnly(); }
    @Override public final void updateInt(int columnIndex, int x) throws SQLException { throw readOnly(); }
    @Override public final void updateInt(String columnLabel, int x) throws SQLException { throw readOnly(); }
    @Override public final void updateLong(int columnIndex, long x) throws SQLException { throw readOnly(); }
    @Override public final void updateLong(String columnLabel, long x) throws SQLException { throw readOnly(); }
    @Override public final void updateFloat(int columnIndex, float x) throws SQLException { throw readOnly(); }
    @Override public final void updateFloat(String columnLabel, float x) throws SQLException { throw readOnly(); }
    @Override public final void updateDouble(int columnIndex, double x) throws SQLException { throw readOnly(); }
    @Override public final void updateDouble(String columnLabel, double x) throws SQLException { throw readOnly(); }
    @Override public final void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException { throw readOnly(); }
    @Override public final void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException { throw readOnly(); }
    @Override public final void updateString(int columnIndex, String x) throws SQLException { throw readOnly(); }
    @Override public final void updateString(String columnLabel, String x) throws SQLException { throw readOnly(); }
    @Override public final void updateBytes(int columnIndex, byte[] x) throws SQLException { throw readOnly(); }
    @Override public final void updateBytes(String columnLabel, byte[] x) throws SQLException { throw readOnly(); }
    @Override public final void updateDate(int columnIndex, Date x) throws SQLException { throw readOnly(); }
    @Override public final void updateDate(String columnLabel, Date x) throws SQLException { throw readOnly(); }
    @Override public final void updateTime(int columnIndex, Time x) throws SQLException { throw readOnly(); }
    @Override public final void updateTime(String columnLabel, Time x) throws SQLException { throw readOnly(); }
    @Override public final void updateTimestamp(int columnIndex, Timestamp x) throws SQLException { throw readOnly(); }
    @Override public final void updateTimestamp(String columnLabel, Timestamp x) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(int columnIndex, Object x) throws SQLException { throw readOnly(); }
    @Override public final void updateObject(String columnLabel, Object x) throws SQLException { throw readOnly(); }
    @Override public final void updateRef(int columnIndex, Ref x) throws SQLException { throw readOnly(); }
    @Override public final void updateRef(String columnLabel, Ref x) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(int columnIndex, Blob x) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(String columnLabel, Blob x) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(int columnIndex, Clob x) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(String columnLabel, Clob x) throws SQLException { throw readOnly(); }
    @Override public final void updateArray(int columnIndex, Array x) throws SQLException { throw readOnly(); }
    @Override public final void updateArray(String columnLabel, Array x) throws SQLException { throw readOnly(); }
    @Override public final void updateRowId(int columnIndex, RowId x) throws SQLException { throw readOnly(); }
    @Override public final void updateRowId(String columnLabel, RowId x) throws SQLException { throw readOnly(); }
    @Override public final void updateNString(int columnIndex, String x) throws SQLException { throw readOnly(); }
    @Override public final void updateNString(String columnLabel, String x) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(int columnIndex, NClob x) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(String columnLabel, NClob x) throws SQLException { throw readOnly(); }
    @Override public final void updateSQLXML(int columnIndex, SQLXML x) throws SQLException { throw readOnly(); }
    @Override public final void updateSQLXML(String columnLabel, SQLXML x) throws SQLException { throw readOnly(); }
    @Override public final void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(int columnIndex, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(String columnLabel, InputStream x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(String columnLabel, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(int columnIndex, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(String columnLabel, Reader x, long length) throws SQLException { throw readOnly(); }
    @Override public final void updateNCharacterStream(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateNCharacterStream(String columnLabel, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(int columnIndex, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateAsciiStream(String columnLabel, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(int columnIndex, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateBinaryStream(String columnLabel, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateCharacterStream(String columnLabel, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(int columnIndex, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateBlob(String columnLabel, InputStream x) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateClob(String columnLabel, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(int columnIndex, Reader x) throws SQLException { throw readOnly(); }
    @Override public final void updateNClob(String columnLabel, Reader x) throws SQLException { throw readOnly(); }
}
