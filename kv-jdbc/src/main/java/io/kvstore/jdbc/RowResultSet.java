package io.kvstore.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;

/**
 * A result set whose cells are Java values: {@code String}, {@code byte[]}, boxed numbers, {@code Boolean} or
 * null. Subclasses move between rows and produce the current row's cells ({@link #cell}); this class converts
 * them for every getter; a VARBINARY cell may also be a {@link ValueSlice} of the store's bytes, read in place
 * where JDBC does not hand out an array. Conversions follow Calcite's for the same types, so a fast-path result reads like the
 * Calcite one: {@code getString} on a {@code byte[]} gives lower-case hex, {@code getObject} and
 * {@code getBytes} give a copy of the array, {@code getBytes} on a VARCHAR fails as it does there.
 *
 * <p>Thread-safety: one thread at a time; {@link #close()} from any thread.
 */
abstract class RowResultSet extends BaseResultSet {
    private static final HexFormat HEX = HexFormat.of();

    private final KvResultSetMetaData metaData;
    private boolean wasNull;

    RowResultSet(KvStatement statement, KvResultSetMetaData metaData) {
        super(statement);
        this.metaData = metaData;
    }

    /**
     * The value of column {@code columnIndex} (1-based, already checked) of the current row.
     *
     * @throws SQLException {@link SqlState#FUNCTION_SEQUENCE} when there is no current row
     */
    protected abstract Object cell(int columnIndex) throws SQLException;

    /** Records whether the last value read was SQL NULL, for subclasses that read cells without {@link #value}. */
    final void noteNull(boolean isNull) {
        wasNull = isNull;
    }

    static SQLException noCurrentRow() {
        return KvErrors.create(SqlState.FUNCTION_SEQUENCE, "no current row (call next() first)");
    }

    final Object value(int columnIndex) throws SQLException {
        checkColumn(columnIndex);
        Object v = cell(columnIndex);
        wasNull = v == null;
        return v;
    }

    private static SQLException cannotConvert(Object v, String to) {
        return KvErrors.create(SqlState.DATA_EXCEPTION, "cannot convert "
                + (v instanceof ValueSlice ? "byte[]" : v.getClass().getSimpleName()) + " value to " + to);
    }

    private Number number(int columnIndex, String to) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw KvErrors.create(SqlState.DATA_EXCEPTION, "cannot convert '" + s + "' to " + to, e);
            }
        }
        throw cannotConvert(v, to);
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        return v instanceof byte[] b ? HEX.formatHex(b) : v instanceof ValueSlice slice ? slice.hex() : v.toString();
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof String s) {
            return s.trim().equalsIgnoreCase("true") || s.trim().equals("1");
        }
        throw cannotConvert(v, "BOOLEAN");
    }

    @Override public byte getByte(int columnIndex) throws SQLException { return number(columnIndex, "TINYINT").byteValue(); }
    @Override public short getShort(int columnIndex) throws SQLException { return number(columnIndex, "SMALLINT").shortValue(); }
    @Override public int getInt(int columnIndex) throws SQLException { return number(columnIndex, "INTEGER").intValue(); }
    @Override public long getLong(int columnIndex) throws SQLException { return number(columnIndex, "BIGINT").longValue(); }
    @Override public float getFloat(int columnIndex) throws SQLException { return number(columnIndex, "REAL").floatValue(); }
    @Override public double getDouble(int columnIndex) throws SQLException { return number(columnIndex, "DOUBLE").doubleValue(); }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        Number n = number(columnIndex, "DECIMAL");
        return n instanceof BigDecimal d ? d : n instanceof Double || n instanceof Float
                ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        if (v instanceof ValueSlice slice) {
            return slice.copy();
        }
        throw cannotConvert(v, "VARBINARY"); // as Calcite: no getBytes on VARCHAR
    }

    /** The cell as a {@code type}, or null; anything else fails as Calcite's conversion to {@code sqlType} does. */
    private <T> T typed(int columnIndex, Class<T> type, String sqlType) throws SQLException {
        Object v = value(columnIndex);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        throw cannotConvert(v, sqlType);
    }

    @Override public Date getDate(int columnIndex) throws SQLException { return typed(columnIndex, Date.class, "DATE"); }
    @Override public Time getTime(int columnIndex) throws SQLException { return typed(columnIndex, Time.class, "TIME"); }
    @Override public Timestamp getTimestamp(int columnIndex) throws SQLException { return typed(columnIndex, Timestamp.class, "TIMESTAMP"); }
    @Override public Date getDate(int columnIndex, Calendar cal) throws SQLException { return getDate(columnIndex); }
    @Override public Time getTime(int columnIndex, Calendar cal) throws SQLException { return getTime(columnIndex); }
    @Override public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException { return getTimestamp(columnIndex); }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v instanceof byte[] b ? b.clone() : v instanceof ValueSlice slice ? slice.copy() : v;
    }

    /** A stream over the stored bytes in place when the cell lends them ({@link ValueSlice}), else as the base. */
    @Override
    public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v instanceof ValueSlice slice ? slice.stream() : super.getBinaryStream(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "type is null");
        }
        Object v = value(columnIndex);
        if (v == null) {
            return null;
        }
        Object r;
        if (type == String.class) {
            r = getString(columnIndex);
        } else if (type == byte[].class) {
            r = getBytes(columnIndex);
        } else if (type == Integer.class) {
            r = getInt(columnIndex);
        } else if (type == Long.class) {
            r = getLong(columnIndex);
        } else if (type == Short.class) {
            r = getShort(columnIndex);
        } else if (type == Double.class) {
            r = getDouble(columnIndex);
        } else if (type == Boolean.class) {
            r = getBoolean(columnIndex);
        } else if (type == BigDecimal.class) {
            r = getBigDecimal(columnIndex);
        } else if (type.isInstance(v)) {
            r = getObject(columnIndex);
        } else {
            throw cannotConvert(v, type.getName());
        }
        return type.cast(r);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return metaData;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        List<KvResultSetMetaData.Column> cols = metaData.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).label().equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        throw KvErrors.create(SqlState.UNDEFINED_COLUMN, "no column labelled '" + columnLabel + "'");
    }
}
