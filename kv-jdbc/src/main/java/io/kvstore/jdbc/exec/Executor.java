package io.kvstore.jdbc.exec;

import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowSource;
import java.sql.SQLException;

/**
 * A statement the driver runs on the engine itself, built by {@link PlanRecognizer} from the plan Calcite made for
 * it. It reads and writes through the execution's {@code KvSession} exactly as the adapter does (through the
 * session's transaction when there is one, else straight on the store), so that its rows, counts and errors are
 * Calcite's.
 *
 * <p>Implementations are immutable and thread-safe; each execution is independent. Failures are SQLExceptions with
 * the states the Calcite path gives (engine exceptions go through {@code KvErrors.translate}).
 */
public interface Executor {

    /** The {@link java.sql.Types} type of each {@code ?} parameter, in order (a copy). */
    int[] parameterTypes();

    /** The columns of the rows a query returns; null for a write. */
    KvResultSetMetaData metaData();

    /** Whether the statement returns rows (else an update count). */
    default boolean isQuery() {
        return metaData() != null;
    }

    /**
     * Runs a query.
     *
     * @param params parameter values, already converted to the parameter types (String, byte[], numbers) or null
     */
    RowSource query(ExecContext ctx, Object[] params) throws SQLException;

    /** Runs a write and returns its count. */
    long update(ExecContext ctx, Object[] params) throws SQLException;
}
