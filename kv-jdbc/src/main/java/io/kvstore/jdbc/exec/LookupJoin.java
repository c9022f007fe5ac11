package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvKeys;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import java.sql.SQLException;

/**
 * Runs a {@link Pipeline.Join} step: each input row joined to the {@code kv} row whose key is the text in one of its
 * fields, by one engine {@code get} per input row (never a scan of {@code kv}), as the adapter's
 * {@code KvLookupJoin} runs in Calcite's runtime. Rows come out in input order: INNER gives {@code input ++ {key,
 * value}} for each input row whose key exists; LEFT gives every input row, with {@code {null, null}} when the key is
 * null or missing. Reads through the given transaction, else the session's current one, else the store. Not
 * thread-safe (one execution).
 */
final class LookupJoin {
    private LookupJoin() {
    }

    static Pipeline.Rows join(ExecContext ctx, KvTransaction given, Pipeline.Rows in, Pipeline.Join j)
            throws SQLException {
        KvSession session = ctx.session();
        KvTransaction tx;
        try {
            tx = given != null ? given : session.transaction();
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
        int field = j.inputKey();
        return new Pipeline.Rows() {
            private long seen;

            @Override
            public Object[] next() throws SQLException {
                while (true) {
                    Object[] row = in.next();
                    if (row == null) {
                        return null;
                    }
                    ctx.checkAbort(++seen);
                    Object k = row[field];
                    String key = k == null ? null : k.toString();
                    byte[] value = null;
                    if (key != null) {
                        try {
                            byte[] kb = KvKeys.fromSql(key);
                            value = tx != null ? tx.get(kb) : session.store().get(kb);
                        } catch (RuntimeException e) {
                            throw KvErrors.translate(e);
                        }
                    }
                    if (value == null && j.kind() == Pipeline.JoinKind.INNER) {
                        continue;
                    }
                    Object[] out = new Object[row.length + 2];
                    System.arraycopy(row, 0, out, 0, row.length);
                    if (value != null) {
                        out[row.length] = key;
                        out[row.length + 1] = value;
                    }
                    return out;
                }
            }
        };
    }
}
