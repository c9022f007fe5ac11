package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A result set of a statement that ran through Calcite: wraps Avatica's result set so that failures while rows
 * stream (engine errors, conflicts, cancel, timeout, even a {@code java.lang.Error} from generated code) come out
 * as SQLExceptions with this driver's states, closing is tracked by the driver, and {@code getBinaryStream},
 * {@code getBlob} work on VARBINARY.
 *
 * <p>Values: {@code getObject} on {@code value} (VARBINARY) returns {@code byte[]}; {@code getString} on it
 * returns lower-case hexadecimal (as Calcite does), e.g. {@code 68656c6c6f} for the bytes of "hello".
 *
 * <p>Rows stream from the store while the cursor moves; in a transaction (auto-commit off) they are read through
 * the transaction, which stays open at least until this result set is closed by commit or rollback.
 *
 * <p>Thread-safety: one thread at a time; {@link #close()} from any thread.
 */
public final class KvResultSet extends BaseResultSet {
    private final ResultSet delegate;

    public KvResultSet(ResultOwner statement, ResultSet delegate) {
        super(statement);
        this.delegate = delegate;
    }

    /** A call into Calcite that may throw anything. */
    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code c}, translating every failure but a VirtualMachineError with {@link KvErrors#translate}. */
    public static <T> T call(SqlCall<T> c) throws SQLException {
        try {
            return c.call();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw KvErrors.translate(t);
        }
    }

    @Override
    protected void doClose() throws SQLException {
        call(() -> {
            delegate.close();
            return null;
        });
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        try {
            return call(delegate::next);
        } catch (SQLException e) {
            if (owner() != null) {
                owner().failed(e);
            }
            throw e;
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return call(delegate::wasNull);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return call(delegate::getMetaData);
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        return call(() -> delegate.findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        checkOpen();
        // Avatica converts to few classes; the common ones go through the typed getters here.
        Object v;
        if (type == byte[].class) {
            v = getBytes(columnIndex);
        } else if (type == String.class) {
            v = getString(columnIndex);
        } else if (type == Long.class) {
            long l = getLong(columnIndex);
            v = wasNull() ? null : l;
        } else if (type == Integer.class) {
            int i = getInt(columnIndex);
            v = wasNull() ? null : i;
        } else if (type == Double.class) {
            double d = getDouble(columnIndex);
            v = wasNull() ? null : d;
        } else if (type == Boolean.class) {
            boolean b = getBoolean(columnIndex);
            v = wasNull() ? null : b;
        } else {
            return call(() -> delegate.getObject(columnIndex, type));
        }
        return type.cast(v);
    }

    @Override public int getRow() throws SQLException { checkOpen(); return call(delegate::getRow); }
    @Override public boolean isBeforeFirst() throws SQLException { checkOpen(); return call(delegate::isBeforeFirst); }
    @Override public boolean isAfterLast() throws SQLException { checkOpen(); return call(delegate::isAfterLast); }
    @Override public boolean isFirst() throws SQLException { checkOpen(); return call(delegate::isFirst); }
    @Override public boolean isLast() throws SQLException { checkOpen(); return call(delegate::isLast); }

    @Override
    public String getString(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getString(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getBoolean(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getByte(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getShort(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getInt(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getLong(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getFloat(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getDouble(columnIndex));
    }

    @Deprecated
    @SuppressWarnings("deprecation")
    @Override
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        checkOpen();
        return call(() -> delegate.getBigDecimal(columnIndex, scale));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getBytes(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getDate(columnIndex));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getTime(columnIndex));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getTimestamp(columnIndex));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getObject(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        checkOpen();
        return call(() -> delegate.getBigDecimal(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        checkOpen();
        return call(() -> delegate.getDate(columnIndex, cal));
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        checkOpen();
        return call(() -> delegate.getTime(columnIndex, cal));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        checkOpen();
        return call(() -> delegate.getTimestamp(columnIndex, cal));
    }
}
