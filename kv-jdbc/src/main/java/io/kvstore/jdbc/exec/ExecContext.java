package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.ResultOwner;
import java.sql.SQLException;

/**
 * What one execution needs: the session it reads and writes through, and the statement (for cancel) with its
 * query timeout as a deadline. Immutable.
 *
 * @param session the connection's session (store and current transaction)
 * @param owner the statement, or null
 * @param deadline wall-clock ms after which the execution fails with {@link SqlState#TIMEOUT}, or Long.MAX_VALUE
 */
public record ExecContext(KvSession session, ResultOwner owner, long deadline) {

    /**
     * Called by loops that may pass many rows without returning one (filtered scans): fails after a cancel, and past
     * the deadline (the clock is read every 256 calls).
     */
    void checkAbort(long iteration) throws SQLException {
        if (owner != null && owner.cancelRequested()) {
            throw KvErrors.create(SqlState.QUERY_CANCELED, "statement canceled");
        }
        if (deadline != Long.MAX_VALUE && (iteration & 255) == 0 && System.currentTimeMillis() > deadline) {
            throw KvErrors.create(SqlState.TIMEOUT, "query timeout exceeded");
        }
    }
}
