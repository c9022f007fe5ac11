package io.kvstore.calcite;

import io.kvstore.engine.KvTransaction;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.core.TableModify;

/**
 * One planned {@code UPDATE kv_meta SET expires_at = <timestamp or NULL> [WHERE ...]}, executed from generated
 * code (public for that reason only; not an API). Input rows: the five {@code kv_meta} columns, then the new
 * {@code expires_at}. Each row's entry gets the new expiry ({@link KvTransaction#expireAt}; a time already passed
 * deletes the entry, as in Redis) or loses its expiry (NULL: {@link KvTransaction#persist}). All rows are written
 * in the session's transaction, or in auto-commit mode in one statement transaction committed before the count
 * returns (all or nothing). The count is the number of rows updated. Immutable.
 */
public final class KvMetaWriteSpec {
    private final KvMetaTable table;

    private KvMetaWriteSpec(KvMetaTable table) {
        this.table = table;
    }

    static KvMetaWriteSpec of(KvMetaTable table, TableModify.Operation operation, List<String> updateColumns) {
        if (operation != TableModify.Operation.UPDATE || updateColumns == null || updateColumns.size() != 1
                || !updateColumns.get(0).equalsIgnoreCase(KvMetaTable.COLUMNS.get(KvMetaTable.EXPIRES_AT))) {
            throw refused(operation);
        }
        return new KvMetaWriteSpec(table);
    }

    /** The error for a write kv_meta does not take. */
    static UnsupportedOperationException refused(TableModify.Operation operation) {
        return new UnsupportedOperationException("table kv_meta accepts only UPDATE kv_meta SET expires_at = ..."
                + " (got " + operation + "); write values through table kv");
    }

    public Enumerable<Long> execute(DataContext root, Enumerable<Object[]> rows) {
        return Linq4j.singletonEnumerable(run(root, rows));
    }

    public Enumerable<Object[]> executeAsArray(DataContext root, Enumerable<Object[]> rows) {
        return Linq4j.singletonEnumerable(new Object[] {run(root, rows)});
    }

    long run(DataContext root, Enumerable<Object[]> rows) {
        KvSession session = table.session();
        KvTransaction joined = session.transaction();
        KvTransaction tx = joined != null ? joined : session.store().begin();
        boolean ok = false;
        try {
            long count = 0;
            KvAbortCheck abort = new KvAbortCheck(root);
            try (Enumerator<Object[]> e = rows.enumerator()) {
                while (e.moveNext()) {
                    abort.check();
                    Object[] r = e.current();
                    byte[] key = KvKeySource.keyBytes(r[0]);
                    Object v = r[KvMetaTable.COLUMNS.size()];
                    if (v == null) {
                        if (tx.expiresAt(key) != -2) {
                            tx.persist(key);
                            count++;
                        }
                    } else {
                        long at = KvMetaScanSpec.toEpoch(((Number) v).longValue(), root);
                        if (tx.expireAt(key, Math.max(1, at))) {
                            count++;
                        }
                    }
                }
            }
            abort.check();
            if (joined == null) {
                tx.commit();
            }
            ok = true;
            return count;
        } finally {
            if (!ok && joined == null) {
                tx.rollback();
            }
        }
    }

    @Override
    public String toString() {
        return "UPDATE kv_meta SET expires_at";
    }
}
