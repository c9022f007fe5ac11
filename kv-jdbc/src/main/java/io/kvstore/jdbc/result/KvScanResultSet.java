package io.kvstore.jdbc.result;

import io.kvstore.engine.KvCursor;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A forward-only result set streaming rows of {@code kv} from a {@link KvCursor} ({@code FullScan}). Nothing is
 * decoded until a getter asks: {@code getString} on {@code key} decodes the key straight from the stored entry
 * and {@code getBytes} on {@code value} copies the value once; other getters convert as {@link RowResultSet}
 * says. Memory is bounded (one entry at a time).
 *
 * <p>Between rows, {@link #next()} stops at the statement's max rows and fails with
 * {@link SqlState#QUERY_CANCELED} after {@link KvStatement#cancel()} or {@link SqlState#TIMEOUT} past the query
 * timeout (the clock is read every {@value #CLOCK_CHECK_INTERVAL} rows). {@link #isLast()} asks the cursor, which
 * has already read the entry after the current one.
 *
 * <p>Thread-safety: one thread at a time; {@link #close()} from any thread.
 */
public final class KvScanResultSet extends RowResultSet {
    static final int CLOCK_CHECK_INTERVAL = 256;

    private final KvCursor cursor;
    /** For each result column, 0 for key and 1 for value. */
    private final int[] columns;
    /** Most rows to return; 0 for no limit. */
    private final long maxRows;
    /** Wall-clock deadline in ms; Long.MAX_VALUE for none. */
    private final long deadline;
    /** Rows moved onto so far: the current row's number while {@link #onRow}. */
    private long row;
    private boolean onRow;
    private boolean done;
    /** The cursor was advanced by {@link #isBeforeFirst()} onto a row that next() has not returned yet. */
    private boolean pending;

    public KvScanResultSet(ResultOwner statement, KvResultSetMetaData metaData, int[] columns, KvCursor cursor,
                    long maxRows, long deadline) {
        super(statement, metaData);
        this.cursor = cursor;
        this.columns = columns;
        this.maxRows = maxRows;
        this.deadline = deadline;
    }

    @Override
    protected void doClose() {
        done = true;
        onRow = false;
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
            done = true;
            return false;
        }
        if (!advance()) {
            done = true;
            return false;
        }
        row++;
        onRow = true;
        return true;
    }

    private boolean advance() throws SQLException {
        if (pending) {
            pending = false;
            return true;
        }
        try {
            return cursor.next();
        } catch (RuntimeException e) {
            done = true;
            throw KvErrors.translate(e);
        }
    }

    private void checkAbort() throws SQLException {
        ResultOwner owner = owner();
        if (owner != null && owner.cancelRequested()) {
            done = true;
            throw KvErrors.create(SqlState.QUERY_CANCELED, "statement canceled");
        }
        if (deadline != Long.MAX_VALUE && row % CLOCK_CHECK_INTERVAL == 0
                && System.currentTimeMillis() > deadline) {
            done = true;
            throw KvErrors.create(SqlState.TIMEOUT, "query timeout exceeded");
        }
    }

    private boolean isKey(int columnIndex) throws SQLException {
        if (columnIndex < 1 || columnIndex > columns.length || isClosed()) {
            checkColumn(columnIndex); // throws the right error
        }
        if (!onRow) {
            throw noCurrentRow();
        }
        return columns[columnIndex - 1] == 0;
    }

    @Override
    protected Object cell(int columnIndex) throws SQLException {
        if (!onRow) {
            throw noCurrentRow();
        }
        return columns[columnIndex - 1] == 0 ? cursor.key(StandardCharsets.UTF_8) : cursor.value();
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        if (!isKey(columnIndex)) {
            return super.getString(columnIndex); // hex, as for any VARBINARY
        }
        noteNull(false);
        return cursor.key(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        if (isKey(columnIndex)) {
            return super.getBytes(columnIndex); // fails: no getBytes on VARCHAR, as on the Calcite path
        }
        noteNull(false);
        return cursor.value();
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return value(columnIndex); // cell() made a fresh copy of the value: no second copy
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return onRow ? (int) Math.min(Integer.MAX_VALUE, row) : 0;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        if (row > 0 || done) {
            return false;
        }
        if (!pending) {
            pending = advance();
            if (!pending) {
                done = true;
            }
        }
        return pending;
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
        if (!onRow) {
            return false;
        }
        try {
            return (maxRows > 0 && row >= maxRows) || !cursor.hasNext();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
    }
}
