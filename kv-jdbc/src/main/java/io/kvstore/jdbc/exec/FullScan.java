package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.KvScanResultSet;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.RowResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code SELECT cols FROM kv} (no WHERE clause) as a streaming walk of the engine's entries
 * ({@link PointStatementRouter}): the rows Calcite's plan for the same text would return, in the same order (both
 * walk the table's records), without a per-row trip through Calcite's enumerable pipeline. Reads through the
 * session's transaction when there is one (so the scan counts as reading the whole table, as on the Calcite
 * path), else straight from the store (weakly consistent, as there). Honours the statement's max rows, query
 * timeout and cancel between rows. Immutable and thread-safe.
 */
final class FullScan extends SelectPath {

    FullScan(KvResultSetMetaData metaData, int[] columns) {
        super(metaData, columns);
    }

    @Override
    public int parameterCount() {
        return 0;
    }

    @Override
    public int parameterType(int index) {
        return Types.OTHER; // there are no parameters
    }

    @Override
    public RowResultSet executeQuery(KvSession session, Object[] params, ResultOwner owner) throws SQLException {
        long maxRows = owner == null ? 0 : owner.getLargeMaxRows();
        int timeoutSeconds = owner == null ? 0 : owner.getQueryTimeout();
        long deadline = timeoutSeconds > 0 ? System.currentTimeMillis() + timeoutSeconds * 1000L : Long.MAX_VALUE;
        KvCursor cursor;
        try {
            KvTransaction tx = session.transaction();
            cursor = tx != null ? tx.cursor() : session.store().cursor();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        return new KvScanResultSet(owner, metaData(), columns(), cursor, maxRows, deadline);
    }

    @Override
    public String toString() {
        return "FullScan";
    }
}
