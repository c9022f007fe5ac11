package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.RowResultSet;
import java.sql.SQLException;

/**
 * A statement that runs directly on the engine, found by a {@link StatementRouter}. It reads and writes through
 * the {@link KvSession} exactly as the adapter would: through the session's transaction when there is one, else
 * straight on the store (a single write is its own atomic, durable commit).
 *
 * <p>Implementations are immutable and thread-safe; each execution is independent. Failures are SQLExceptions
 * with the same states as on the Calcite path (engine exceptions go through {@link KvErrors#translate}).
 */
public interface FastPath {

    /** Number of {@code ?} parameters. */
    int parameterCount();

    /** The {@link java.sql.Types} type of parameter {@code index} (1-based), as Calcite would infer it. */
    int parameterType(int index);

    /** Whether the statement returns rows (else an update count). */
    boolean isQuery();

    /** The columns of the rows a query returns; null for an update. */
    KvResultSetMetaData metaData();

    /**
     * Runs a query.
     *
     * @param params parameter values, already converted to the parameter types (String, byte[]) or null
     */
    RowResultSet executeQuery(KvSession session, Object[] params, ResultOwner owner) throws SQLException;

    /** Runs an update and returns its count. */
    long executeUpdate(KvSession session, Object[] params) throws SQLException;
}
