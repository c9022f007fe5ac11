package io.kvstore.jdbc;

import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * {@code SELECT cols FROM kv WHERE key = ?|'literal'} as one engine read ({@link PointStatementRouter}). Reads
 * through the session's transaction when there is one (so the read is validated at commit, as the adapter's
 * would be), else straight from the store. A NULL key matches nothing. Immutable and thread-safe.
 */
final class PointSelect extends SelectPath {
    /** The literal key, or null when the key is parameter 1. */
    private final String literalKey;

    PointSelect(KvResultSetMetaData metaData, int[] columns, String literalKey) {
        super(metaData, columns);
        this.literalKey = literalKey;
    }

    @Override
    public int parameterCount() {
        return literalKey == null ? 1 : 0;
    }

    @Override
    public int parameterType(int index) {
        return Types.VARCHAR;
    }

    @Override
    public RowResultSet executeQuery(KvSession session, Object[] params, KvStatement owner) throws SQLException {
        String key = literalKey != null ? literalKey : (String) params[0];
        if (key == null) {
            return new KvListResultSet(owner, metaData(), List.of());
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ValueSlice value; // the stored bytes, lent: copied only by the getters that hand out an array
        try {
            KvTransaction tx = session.transaction();
            value = tx != null ? tx.get(k, ValueSlice.READER) : session.store().get(k, ValueSlice.READER);
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        if (value == null) {
            return new KvListResultSet(owner, metaData(), List.of());
        }
        Object[] row = new Object[columnCount()];
        for (int i = 0; i < row.length; i++) {
            row[i] = isKeyColumn(i) ? key : value;
        }
        return new KvListResultSet(owner, metaData(), List.<Object[]>of(row));
    }

    @Override
    public String toString() {
        return "PointSelect[" + (literalKey == null ? "?" : "'" + literalKey + "'") + "]";
    }
}
