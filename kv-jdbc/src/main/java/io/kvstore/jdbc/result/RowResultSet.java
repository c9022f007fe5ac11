package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * The driver's one result set: rows from a {@link RowSource} (engine executors, Calcite, metadata), columns from a
 * {@link KvResultSetMetaData}, every getter converting as {@link Conversions} says. So a statement reads the same
 * whichever path ran it.
 *
 * <p><b>Limits.</b> {@link #next()} stops after the statement's max rows (0: no limit), fails with
 * {@link SqlState#QUERY_CANCELED} after {@code Statement.cancel()} and with {@link SqlState#TIMEOUT} past the query
 * timeout (the clock is read every {@value #CLOCK_CHECK_INTERVAL} rows). With a max field size, character and
 * binary cells are cut to that many characters or bytes.
 *
 * <p>Forward-only and read-only; {@link #isLast()} and {@link #isBeforeFirst()} ask the source whether a row follows.
 *
 * <p>Thread-safety: one thread at a time; {@link #close()} from any thread.
 */
public final class RowResultSet extends BaseResultSet {
    static final int CLOCK_CHECK_INTERVAL = 256;

    private final KvResultSetMetaData metaData;
    private final RowSource rows;
    private final boolean fresh;
    /** Most rows to return; 0 for no limit. */
    private final long maxRows;
    /** Wall-clock deadline in ms; Long.MAX_VALUE for none. */
    private final long deadline;
    /** Largest character or binary cell; 0 for no limit. */
    private final int maxFieldSize;
    /** Rows moved onto so far: the current row's number while {@link #onRow}. */
    private long row;
    private boolean onRow;
    private boolean done;
    private boolean wasNull;

    /**
     * @param owner the statement, or null (metadata results)
     * @param maxRows most rows to return, 0 for all
     * @param deadline wall-clock ms after which {@link #next()} fails, or Long.MAX_VALUE
     * @param maxFieldSize largest character or binary cell, 0 for no limit
     */
    public RowResultSet(ResultOwner owner, KvResultSetMetaData metaData, RowSource rows, long maxRows, long deadline,
                        int maxFieldSize) {
        super(owner);
        this.metaData = metaData;
        this.rows = rows;
        this.fresh = rows.freshArrays() && maxFieldSize == 0;
        this.maxRows = maxRows;
        this.deadline = deadline;
        this.maxFieldSize = maxFieldSize;
    }

    /** A result over rows in memory, without limits (metadata answers). */
    public static RowResultSet of(ResultOwner owner, KvResultSetMetaData metaData, List<Object[]> rows) {
        return new RowResultSet(owner, metaData, RowSource.of(rows), 0, Long.MAX_VALUE, 0);
    }

    @Override
    protected void doClose() throws SQLException {
        done = true;
        onRow = false;
        rows.close();
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        onRow = false;
        if (done) {
            return false;
        }
        checkAbort();
        if (maxRows > 0 && row >= maxRows) {
            finish();
            return false;
        }
        boolean more;
        try {
            more = rows.next();
        } catch (SQLException e) {
            finish();
            ResultOwner owner = owner();
            if (owner != null) {
                owner.failed(e);
            }
            throw e;
        }
        if (!more) {
            finish();
            return false;
        }
        row++;
        onRow = true;
        return true;
    }

    private void finish() throws SQLException {
        done = true;
        rows.close();
    }

    private void checkAbort() throws SQLException {
        ResultOwner owner = owner();
        if (owner != null && owner.cancelRequested()) {
            finish();
            throw KvErrors.create(SqlState.QUERY_CANCELED, "statement canceled");
        }
        if (deadline != Long.MAX_VALUE && row % CLOCK_CHECK_INTERVAL == 0 && System.currentTimeMillis() > deadline) {
            finish();
            throw KvErrors.create(SqlState.TIMEOUT, "query timeout exceeded");
        }
    }

    static SQLException noCurrentRow() {
        return KvErrors.create(SqlState.FUNCTION_SEQUENCE, "no current row (call next() first)");
    }

    /** The current row's cell, checked, cut to the max field size; records wasNull. */
    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > metaData.getColumnCount()) {
            checkColumn(columnIndex);
        }
        if (!onRow) {
            throw noCurrentRow();
        }
        Object v = rows.get(columnIndex - 1);
        wasNull = v == null;
        if (maxFieldSize > 0) {
            if (v instanceof String s && s.length() > maxFieldSize) {
                v = s.substring(0, maxFieldSize);
            } else if (v instanceof byte[] b && b.length > maxFieldSize) {
                v = Arrays.copyOf(b, maxFieldSize);
            }
        }
        return v;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return Conversions.string(value(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return Conversions.bool(value(columnIndex));
    }

    @Override public byte getByte(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "TINYINT").byteValue(); }
    @Override public short getShort(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "SMALLINT").shortValue(); }
    @Override public int getInt(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "INTEGER").intValue(); }
    @Override public long getLong(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "BIGINT").longValue(); }
    @Override public float getFloat(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "REAL").floatValue(); }
    @Override public double getDouble(int columnIndex) throws SQLException { return Conversions.number(value(columnIndex), "DOUBLE").doubleValue(); }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return Conversions.decimal(value(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return Conversions.bytes(value(columnIndex), fresh);
    }

    @Override public Date getDate(int columnIndex) throws SQLException { return Conversions.temporal(value(columnIndex), Date.class, "DATE"); }
    @Override public Time getTime(int columnIndex) throws SQLException { return Conversions.temporal(value(columnIndex), Time.class, "TIME"); }
    @Override public Timestamp getTimestamp(int columnIndex) throws SQLException { return Conversions.temporal(value(columnIndex), Timestamp.class, "TIMESTAMP"); }
    @Override public Date getDate(int columnIndex, Calendar cal) throws SQLException { return getDate(columnIndex); }
    @Override public Time getTime(int columnIndex, Calendar cal) throws SQLException { return getTime(columnIndex); }
    @Override public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException { return getTimestamp(columnIndex); }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v instanceof byte[] b && !fresh ? b.clone() : v;
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
        Object r = Conversions.object(v, type, fresh);
        @SuppressWarnings("unchecked")
        T t = type.isPrimitive() ? (T) r : type.cast(r);
        return t;
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

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return onRow ? (int) Math.min(Integer.MAX_VALUE, row) : 0;
    }

    private boolean more() throws SQLException {
        if (done || (maxRows > 0 && row >= maxRows)) {
            return false;
        }
        return rows.hasNext();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && !done && more();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return done && row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return onRow && row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return onRow && !more();
    }
}
