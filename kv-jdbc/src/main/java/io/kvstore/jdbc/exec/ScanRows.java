package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvKeys;
import io.kvstore.engine.KvCursor;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.result.RowSource;
import java.sql.SQLException;

/**
 * Rows of a scan whose columns are all plain {@code key} or {@code value} references: cells are read from the
 * cursor's current entry only when a getter asks (a key decoded, a value copied once), so a scan costs no row
 * objects. Offset and fetch are applied here. Not thread-safe.
 */
final class ScanRows implements RowSource {
    private final KvCursor cursor;
    /** For each result column, 0 for key and 1 for value. */
    private final int[] columns;
    private final ExecContext ctx;
    private long offset;
    /** Rows still to return; -1 for no bound. */
    private long remaining;

    ScanRows(KvCursor cursor, int[] columns, ExecContext ctx, long offset, long fetch) {
        this.cursor = cursor;
        this.columns = columns;
        this.ctx = ctx;
        this.offset = offset;
        this.remaining = fetch;
    }

    @Override
    public boolean next() throws SQLException {
        try {
            while (offset > 0) {
                ctx.checkAbort(offset);
                if (!cursor.next()) {
                    offset = 0;
                    remaining = 0;
                    return false;
                }
                offset--;
            }
            if (remaining == 0) {
                return false;
            }
            if (!cursor.next()) {
                remaining = 0;
                return false;
            }
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        if (remaining > 0) {
            remaining--;
        }
        return true;
    }

    @Override
    public boolean hasNext() throws SQLException {
        if (remaining == 0) {
            return false;
        }
        try {
            if (offset > 0) {
                // skip the offset now so that the answer is about the rows this source returns
                while (offset > 0) {
                    if (!cursor.next()) {
                        offset = 0;
                        remaining = 0;
                        return false;
                    }
                    offset--;
                }
            }
            return cursor.hasNext();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
    }

    @Override
    public Object get(int column) {
        return columns[column] == 0 ? KvKeys.toSql(cursor) : cursor.value();
    }

    @Override
    public boolean freshArrays() {
        return true;
    }
}
