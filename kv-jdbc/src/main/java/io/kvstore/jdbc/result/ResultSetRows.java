package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@link RowSource} over another JDBC result set (Calcite's): each row is read into an array of
 * {@code getObject} values, one row ahead when {@link #hasNext()} asks. Any failure of the delegate (engine
 * errors, conflicts, cancel, timeout, even a {@code java.lang.Error} from generated code) comes out through
 * {@link KvErrors#translate}. Not thread-safe.
 */
public final class ResultSetRows implements RowSource {
    private final ResultSet delegate;
    private final int columns;
    private Object[] current;
    private Object[] ahead;
    private boolean aheadRead;

    public ResultSetRows(ResultSet delegate, int columns) {
        this.delegate = delegate;
        this.columns = columns;
    }

    private Object[] read() throws SQLException {
        try {
            if (!delegate.next()) {
                return null;
            }
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = delegate.getObject(i + 1);
            }
            return row;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw KvErrors.translate(t);
        }
    }

    @Override
    public boolean next() throws SQLException {
        if (aheadRead) {
            current = ahead;
            ahead = null;
            aheadRead = false;
        } else {
            current = read();
        }
        return current != null;
    }

    @Override
    public boolean hasNext() throws SQLException {
        if (!aheadRead) {
            ahead = read();
            aheadRead = true;
        }
        return ahead != null;
    }

    @Override
    public Object get(int column) {
        return current[column];
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw KvErrors.translate(t);
        }
    }
}
