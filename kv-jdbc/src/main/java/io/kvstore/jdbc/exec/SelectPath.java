package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.SQLException;

/**
 * What the fast-path SELECTs ({@link PointSelect}, {@link FullScan}) share: their result columns, each the key or
 * the value of {@code kv}, and that they return rows, never an update count. Immutable and thread-safe.
 */
abstract class SelectPath implements FastPath {
    private final KvResultSetMetaData metaData;
    /** For each result column, 0 for key and 1 for value. */
    private final int[] columns;

    SelectPath(KvResultSetMetaData metaData, int[] columns) {
        this.metaData = metaData;
        this.columns = columns.clone();
    }

    /** For each result column, 0 for key and 1 for value (a copy). */
    final int[] columns() {
        return columns.clone();
    }

    /** Whether result column {@code i} (0-based) is the key. */
    final boolean isKeyColumn(int i) {
        return columns[i] == 0;
    }

    final int columnCount() {
        return columns.length;
    }

    @Override
    public final KvResultSetMetaData metaData() {
        return metaData;
    }

    @Override
    public final boolean isQuery() {
        return true;
    }

    @Override
    public final long executeUpdate(KvSession session, Object[] params) throws SQLException {
        throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "a SELECT does not return an update count");
    }
}
