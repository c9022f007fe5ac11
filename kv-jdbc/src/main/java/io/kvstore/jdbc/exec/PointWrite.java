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
 * {@code UPDATE kv SET value = ? WHERE key = ?|'literal'} and {@code DELETE FROM kv WHERE key = ?|'literal'} as
 * engine calls ({@link PointStatementRouter}). Like the adapter, it works in the session's transaction, or in
 * auto-commit mode in a transaction of its own that it commits before returning (so the outcome, including a
 * {@code 40001} under a concurrent change of the same key and the absence of any error for a key that is not
 * there, is the Calcite path's). The count is 1 if the key was there, else 0; a NULL key matches nothing; a NULL
 * new value for a present key fails with 23502. Immutable and thread-safe.
 */
final class PointWrite implements FastPath {
    private final boolean delete;
    /** The literal key, or null when the key is a parameter (the last one). */
    private final String literalKey;

    private PointWrite(boolean delete, String literalKey) {
        this.delete = delete;
        this.literalKey = literalKey;
    }

    static PointWrite update(String literalKey) {
        return new PointWrite(false, literalKey);
    }

    static PointWrite delete(String literalKey) {
        return new PointWrite(true, literalKey);
    }

    @Override
    public int parameterCount() {
        return (delete ? 0 : 1) + (literalKey == null ? 1 : 0);
    }

    @Override
    public int parameterType(int index) {
        return !delete && index == 1 ? Types.VARBINARY : Types.VARCHAR;
    }

    @Override
    public boolean isQuery() {
        return false;
    }

    @Override
    public KvResultSetMetaData metaData() {
        return null;
    }

    @Override
    public RowResultSet executeQuery(KvSession session, Object[] params, ResultOwner owner) throws SQLException {
        throw KvErrors.create(SqlState.FUNCTION_SEQUENCE, "an " + (delete ? "DELETE" : "UPDATE")
                + " does not return a result set");
    }

    @Override
    public long executeUpdate(KvSession session, Object[] params) throws SQLException {
        String key = literalKey != null ? literalKey : (String) params[params.length - 1];
        byte[] value = delete ? null : (byte[]) params[0];
        if (key == null) {
            return 0;
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        try {
            KvTransaction joined = session.transaction();
            KvTransaction tx = joined != null ? joined : session.store().begin();
            boolean ok = false;
            try {
                boolean hit = apply(tx, k, value);
                if (joined == null) {
                    tx.commit();
                }
                ok = true;
                return hit ? 1 : 0;
            } finally {
                if (!ok && joined == null) {
                    tx.rollback();
                }
            }
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
    }

    private boolean apply(KvTransaction tx, byte[] key, byte[] value) throws SQLException {
        if (delete) {
            return tx.delete(key);
        }
        if (value == null) {
            if (tx.exists(key)) {
                throw KvErrors.create(SqlState.NOT_NULL_VIOLATION, "NULL value: column kv.value is NOT NULL");
            }
            return false;
        }
        return tx.replace(key, value);
    }

    @Override
    public String toString() {
        return (delete ? "PointDelete[" : "PointUpdate[") + (literalKey == null ? "?" : "'" + literalKey + "'") + "]";
    }
}
