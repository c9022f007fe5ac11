package io.kvstore.jdbc.result;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows behind a {@link RowResultSet}: a forward cursor over cells that are plain Java values ({@code String},
 * {@code byte[]}, boxed numbers, {@code Boolean}, {@code java.sql} date/time values, or null). Sources are rows in
 * memory ({@link #of}), an engine cursor or key lookup (package {@code exec}), or a Calcite result.
 *
 * <p>Failures are SQLExceptions with this driver's states. Not thread-safe: one result set uses a source.
 */
public interface RowSource {

    /** Moves to the next row; false when there is none (then the source stays after its last row). */
    boolean next() throws SQLException;

    /** Whether a row follows the current one (before the first {@link #next()}: whether there is any row). */
    boolean hasNext() throws SQLException;

    /** Cell {@code column} (0-based) of the current row; only called while on a row. */
    Object get(int column) throws SQLException;

    /**
     * Whether every {@link #get} of a {@code byte[]} cell returns a new array the caller may keep (then the
     * result set hands it out without another copy).
     */
    default boolean freshArrays() {
        return false;
    }

    /** Releases what the source holds; called once. */
    default void close() throws SQLException {
    }

    /** Rows held in memory (the arrays are not copied; cells are never modified). */
    static RowSource of(List<Object[]> rows) {
        return new RowSource() {
            /** -1 before the first row, rows.size() after the last. */
            private int row = -1;

            @Override
            public boolean next() {
                if (row < rows.size()) {
                    row++;
                }
                return row < rows.size();
            }

            @Override
            public boolean hasNext() {
                return row + 1 < rows.size();
            }

            @Override
            public Object get(int column) {
                return rows.get(row)[column];
            }
        };
    }
}
