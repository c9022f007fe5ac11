package io.kvstore.jdbc.result;

import java.sql.SQLException;
import java.util.List;

/**
 * A result set over rows held in memory: metadata answers and point-statement results of the fast path. Cells
 * are converted as {@link RowResultSet} says.
 *
 * <p>Thread-safety: one thread at a time; {@link #close()} from any thread.
 */
public final class KvListResultSet extends RowResultSet {
    private final List<Object[]> rows;
    /** -1 before the first row, rows.size() after the last. */
    private int row = -1;

    public KvListResultSet(ResultOwner statement, KvResultSetMetaData metaData, List<Object[]> rows) {
        super(statement, metaData);
        this.rows = rows;
    }

    @Override
    protected void doClose() {
        // nothing held but memory
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < rows.size()) {
            row++;
        }
        return row < rows.size();
    }

    @Override
    protected Object cell(int columnIndex) throws SQLException {
        if (row < 0 || row >= rows.size()) {
            throw noCurrentRow();
        }
        return rows.get(row)[columnIndex - 1];
    }

    @Override public int getRow() throws SQLException { checkOpen(); return row >= 0 && row < rows.size() ? row + 1 : 0; }
    @Override public boolean isBeforeFirst() throws SQLException { checkOpen(); return row < 0 && !rows.isEmpty(); }
    @Override public boolean isAfterLast() throws SQLException { checkOpen(); return row >= rows.size() && !rows.isEmpty(); }
    @Override public boolean isFirst() throws SQLException { checkOpen(); return row == 0 && !rows.isEmpty(); }
    @Override public boolean isLast() throws SQLException { checkOpen(); return row == rows.size() - 1 && row >= 0; }
}
