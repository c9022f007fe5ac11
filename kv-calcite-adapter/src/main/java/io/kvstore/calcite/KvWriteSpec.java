package io.kvstore.calcite;

import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvTransaction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.core.TableModify;

/**
 * One planned write statement on {@code kv}, executed from generated code (public for that reason only; not an
 * API).
 *
 * <p><b>Input rows</b> (as Calcite lays them out): INSERT and DELETE {@code [key, value]}; UPDATE
 * {@code [key, value, new1, ...]} with one new value per updated column; MERGE {@code [insertKey, insertValue]}
 * if it has WHEN NOT MATCHED THEN INSERT, then the target columns, then {@code [new1, ...]} if it has WHEN MATCHED
 * THEN UPDATE (target columns NULL when the source row matched nothing). Calcite 1.42 drops the target key from
 * that layout when the join needed a cast column on the source side; then the insert key stands for it, which
 * is right for the documented upsert shape {@code ON kv.key = s.k ... INSERT VALUES (s.k, ...)}.
 *
 * <p><b>Atomicity.</b> Execution has two phases: every row is checked against the current state (the session's
 * transaction, or a statement transaction in auto-commit mode) overlaid with the statement's own earlier rows,
 * and the writes are collected; only when all rows passed are they applied to the transaction. So a statement
 * that fails (duplicate key, NULL, cancel) changes nothing, also inside an explicit transaction. In auto-commit
 * mode the statement transaction is committed before the count is returned (it may throw
 * {@code KvConflictException}). The count is the number of rows inserted, updated or deleted.
 *
 * <p>Memory: the writes of one statement are held until it ends (the engine buffers a transaction's writes
 * anyway). Immutable and thread-safe; each execution is independent.
 */
public final class KvWriteSpec {
    private static final byte[] TOMBSTONE = new byte[0];

    private final KvTable table;
    private final TableModify.Operation operation;
    /** For UPDATE and the MERGE update part: the column (0 key, 1 value) each new value goes to. */
    private final int[] updateTargets;
    private final boolean mergeInserts;
    /** MERGE: how many target columns sit between the insert values and the new values (0, 1 or 2). */
    private final int mergeTargetColumns;

    private KvWriteSpec(KvTable table, TableModify.Operation operation, int[] updateTargets,
                        boolean mergeInserts, int mergeTargetColumns) {
        this.table = table;
        this.operation = operation;
        this.updateTargets = updateTargets;
        this.mergeInserts = mergeInserts;
        this.mergeTargetColumns = mergeTargetColumns;
    }

    static KvWriteSpec of(KvTable table, TableModify.Operation operation, List<String> updateColumns,
                          int inputWidth) {
        int[] targets = new int[updateColumns == null ? 0 : updateColumns.size()];
        for (int i = 0; i < targets.length; i++) {
            int idx = indexOfColumn(updateColumns.get(i));
            if (idx < 0) {
                throw new IllegalArgumentException("unknown column " + updateColumns.get(i));
            }
            targets[i] = idx;
        }
        boolean merge = operation == TableModify.Operation.MERGE;
        boolean mergeInserts = merge && (targets.length == 0 || inputWidth - targets.length >= 3);
        int mergeTargetColumns = merge ? inputWidth - targets.length - (mergeInserts ? 2 : 0) : 0;
        if (merge && (mergeTargetColumns < 0 || mergeTargetColumns > 2
                || (targets.length > 0 && mergeTargetColumns == 0)
                || (!mergeInserts && mergeTargetColumns != 2))) {
            throw new UnsupportedOperationException("unsupported MERGE shape on kv (" + inputWidth
                    + " input columns); use MERGE INTO kv USING ... ON kv.key = s.k WHEN MATCHED THEN UPDATE SET"
                    + " value = ... WHEN NOT MATCHED THEN INSERT VALUES (s.k, ...)");
        }
        return new KvWriteSpec(table, operation, targets, mergeInserts, mergeTargetColumns);
    }

    private static int indexOfColumn(String name) {
        for (int i = 0; i < KvTable.COLUMNS.size(); i++) {
            if (KvTable.COLUMNS.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Runs the statement; the result holds the update count as a {@code Long}. */
    public Enumerable<Long> execute(DataContext root, Enumerable<Object[]> rows) {
        return Linq4j.singletonEnumerable(run(root, rows));
    }

    /** Runs the statement; the result holds {@code Object[]{count}}. */
    public Enumerable<Object[]> executeAsArray(DataContext root, Enumerable<Object[]> rows) {
        return Linq4j.singletonEnumerable(new Object[] {run(root, rows)});
    }

    long run(DataContext root, Enumerable<Object[]> rows) {
        KvSession session = table.session();
        KvTransaction joined = session.transaction();
        KvTransaction tx = joined != null ? joined : session.store().begin();
        boolean ok = false;
        try {
            Statement st = new Statement(tx);
            KvAbortCheck abort = new KvAbortCheck(root);
            try (Enumerator<Object[]> e = rows.enumerator()) {
                while (e.moveNext()) {
                    abort.check();
                    st.row(e.current());
                }
            }
            abort.check();
            st.apply();
            if (joined == null) {
                tx.commit();
            }
            ok = true;
            return st.count;
        } finally {
            if (!ok && joined == null) {
                tx.rollback();
            }
        }
    }

    /** The state of one execution. */
    private final class Statement {
        private final KvTransaction tx;
        /** Writes so far, in order: new value, or TOMBSTONE for a delete. */
        private final Map<ByteBuffer, byte[]> writes = new LinkedHashMap<>();
        long count;

        Statement(KvTransaction tx) {
            this.tx = tx;
        }

        void row(Object[] r) {
            switch (operation) {
                case INSERT -> insert(r[0], r[1]);
                case DELETE -> delete(r[0]);
                case UPDATE -> update(r, 0);
                case MERGE -> merge(r);
                default -> throw new UnsupportedOperationException("operation " + operation);
            }
        }

        private void merge(Object[] r) {
            int targetAt = mergeInserts ? 2 : 0;
            boolean matched = updateTargets.length > 0 && r[targetAt] != null;
            if (matched) {
                Object oldKey = mergeTargetColumns == 2 ? r[targetAt] : r[0];
                Object oldValue = r[targetAt + mergeTargetColumns - 1];
                Object[] u = new Object[2 + updateTargets.length];
                u[0] = oldKey;
                u[1] = oldValue;
                System.arraycopy(r, targetAt + mergeTargetColumns, u, 2, updateTargets.length);
                update(u, 0);
            } else if (mergeInserts && !present(key(r[0]))) {
                insert(r[0], r[1]);
            }
        }

        private void insert(Object k, Object v) {
            byte[] key = key(k);
            byte[] value = value(v);
            if (present(key)) {
                throw new KvDuplicateKeyException("duplicate key '" + text(key) + "' in table kv");
            }
            writes.put(ByteBuffer.wrap(key), value);
            count++;
        }

        private void delete(Object k) {
            byte[] key = key(k);
            if (present(key)) {
                writes.put(ByteBuffer.wrap(key), TOMBSTONE);
                count++;
            }
        }

        /** Row {@code [key, value, new...]} starting at {@code at}. */
        private void update(Object[] r, int at) {
            byte[] oldKey = key(r[at]);
            if (!present(oldKey)) {
                return; // deleted meanwhile by this statement
            }
            Object newKey = r[at];
            Object newValue = r[at + 1];
            for (int i = 0; i < updateTargets.length; i++) {
                if (updateTargets[i] == 0) {
                    newKey = r[at + 2 + i];
                } else {
                    newValue = r[at + 2 + i];
                }
            }
            byte[] key = key(newKey);
            byte[] value = value(newValue);
            if (!java.util.Arrays.equals(key, oldKey)) {
                writes.put(ByteBuffer.wrap(oldKey), TOMBSTONE);
                if (present(key)) {
                    throw new KvDuplicateKeyException("duplicate key '" + text(key) + "' in table kv");
                }
            }
            writes.put(ByteBuffer.wrap(key), value);
            count++;
        }

        private boolean present(byte[] key) {
            byte[] w = writes.get(ByteBuffer.wrap(key));
            if (w != null) {
                return w != TOMBSTONE;
            }
            return tx.exists(key);
        }

        void apply() {
            for (Map.Entry<ByteBuffer, byte[]> w : writes.entrySet()) {
                byte[] key = w.getKey().array();
                if (w.getValue() == TOMBSTONE) {
                    tx.delete(key);
                } else {
                    tx.put(key, w.getValue());
                }
            }
        }
    }

    private static byte[] key(Object k) {
        if (k == null) {
            throw new KvNullValueException("NULL key: column kv.key is NOT NULL");
        }
        return KvKeySource.keyBytes(k);
    }

    private static byte[] value(Object v) {
        if (v == null) {
            throw new KvNullValueException("NULL value: column kv.value is NOT NULL");
        }
        if (v instanceof ByteString b) {
            return b.getBytes();
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] key) {
        return KvKeys.toSql(key);
    }

    @Override
    public String toString() {
        return operation.toString();
    }
}
