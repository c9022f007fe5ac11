package io.kvstore.jdbc.exec;

import io.kvstore.jdbc.result.RowSource;
import java.sql.SQLException;

/** A {@link RowSource} over a {@link Pipeline.Rows}, with one row of look-ahead for {@link #hasNext()}. */
final class PipelineRows implements RowSource {
    private final Pipeline.Rows rows;
    private Object[] current;
    private Object[] ahead;
    private boolean aheadRead;

    PipelineRows(Pipeline.Rows rows) {
        this.rows = rows;
    }

    @Override
    public boolean next() throws SQLException {
        if (aheadRead) {
            current = ahead;
            ahead = null;
            aheadRead = false;
        } else {
            current = rows.next();
        }
        return current != null;
    }

    @Override
    public boolean hasNext() throws SQLException {
        if (!aheadRead) {
            ahead = rows.next();
            aheadRead = true;
        }
        return ahead != null;
    }

    @Override
    public Object get(int column) {
        return current[column];
    }
}
