package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.ResultOwner;
import io.kvstore.jdbc.result.RowResultSet;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;

/**
 * {@code INSERT INTO kv [(key, value)] VALUES (?|'literal', ?)} as one engine insert ({@link PointStatementRouter}).
 * In a transaction the insert is buffered in it; otherwise it is one atomic write, durable under the store's
 * sync policy when {@code executeUpdate} returns. A present key fails with 23505, a NULL key or value with 23502,
 * as on the Calcite path. Immutable and thread-safe.
 */
final class PointInsert implements FastPath {
    /** The literal key, or null when the key is a parameter. */
    private final String literalKey;
    /** Whether the key is written before the value in the VALUES list. */
    private final boolean keyFirst;

    PointInsert(String literalKey, boolean keyFirst) {
        this.literalKey = literalKey;
        this.keyFirst = keyFirst;
    }

    @Override
    public int parameterCount() {
        return literalKey == null ? 2 : 1;
    }

    @Override
    public int parameterType(int index) {
        if (literalKey != null) {
            return Types.VARBINARY;
        }
        return (index == 1) == keyFirst ? Types.VARCHAR : Types.VARBINARY;
    }

    @Override
    public KvResultSetMetaData metaData() {
        return null;
    }

    @Override
    public boolean isQuery() {
        return false;
    }

    @Override
    public RowResultSet executeQuery(KvSession session, Object[] params, ResultOwner owner) throws SQLException {
        throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "an INSERT does not return a result set");
    }

    @Override
    public long executeUpdate(KvSession session, Object[] params) throws SQLException {
        String key;
        byte[] value;
        if (literalKey != null) {
            key = literalKey;
            value = (byte[]) params[0];
        } else {
            key = (String) params[keyFirst ? 0 : 1];
            value = (byte[]) params[keyFirst ? 1 : 0];
        }
        if (key == null) {
            throw KvErrors.create(SqlState.NOT_NULL_VIOLATION, "NULL key: column kv.key is NOT NULL");
        }
        if (value == null) {
            throw KvErrors.create(SqlState.NOT_NULL_VIOLATION, "NULL value: column kv.value is NOT NULL");
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try {
            KvTransaction tx = session.transaction();
            if (tx != null) {
                // k is ours; value is the driver's own copy (Parameters.materialize), never changed after set time
                tx.insertOwned(k, value);
            } else {
                session.store().insert(k, value);
            }
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        return 1;
    }

    @Override
    public String toString() {
        return "PointInsert[" + (literalKey == null ? "?" : "'" + literalKey + "'") + "]";
    }
}
