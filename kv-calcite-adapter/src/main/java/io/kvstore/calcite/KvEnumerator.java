package io.kvstore.calcite;

import io.kvstore.engine.KeyRange;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvTransaction;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams rows {@code Object[]{String key, ByteString value}} of {@link KvTable}: either the entries of a key
 * lookup (each distinct key at most once, in the order given) or all entries (weakly consistent, bounded memory:
 * one entry at a time). Reads go through the session's transaction when there is one, else to the store.
 *
 * <p>Cancellation: before each entry it runs a {@link KvAbortCheck} (cancel flag and query timeout; Calcite
 * itself does not enforce the timeout), which throws {@link KvQueryAbortedException}.
 *
 * <p>Not thread-safe: one enumerator per execution, used by one thread.
 */
final class KvEnumerator implements Enumerator<Object[]> {
    private final KvTable table;
    private final List<KvKeySource> keys;
    private final DataContext root;
    private final KvAbortCheck abort;
    /** An ordered read (then {@link #keys} is null), or null. */
    private final KvKeyRange range;
    private final boolean descending;
    private final KvRowCount offset;
    private final KvRowCount fetch;
    /** Rows still to return in an ordered read with a limit; -1 for no limit. */
    private long left = -1;

    private KvCursor scan;
    private int keyIndex;
    private Set<ByteBuffer> seenKeys;
    private Object[] current;

    /**
     * @param keys the lookup keys, or null for a full scan
     * @param root the execution's data context (parameters, cancel flag, timeout); may be null outside SQL
     */
    KvEnumerator(KvTable table, List<KvKeySource> keys, DataContext root) {
        this.table = table;
        this.keys = keys;
        this.root = root;
        this.abort = new KvAbortCheck(root);
        this.range = null;
        this.descending = false;
        this.offset = null;
        this.fetch = null;
    }

    /**
     * An ordered read: the entries of {@code range} in key order, after skipping {@code offset} (null: none), at
     * most {@code fetch} (null: all).
     */
    KvEnumerator(KvTable table, KvKeyRange range, boolean descending, KvRowCount offset, KvRowCount fetch,
                 DataContext root) {
        this.table = table;
        this.keys = null;
        this.root = root;
        this.abort = new KvAbortCheck(root);
        this.range = range;
        this.descending = descending;
        this.offset = offset;
        this.fetch = fetch;
    }

    @Override
    public Object[] current() {
        if (current == null) {
            throw new NoSuchElementException();
        }
        return current;
    }

    @Override
    public boolean moveNext() {
        return keys == null ? nextScanned() : nextLookedUp();
    }

    private boolean nextLookedUp() {
        KvTransaction tx = table.session().transaction();
        while (keyIndex < keys.size()) {
            checkAborted();
            byte[] key = keys.get(keyIndex++).resolve(root);
            if (key == null || !firstTime(key)) {
                continue;
            }
            table.entriesRead().increment();
            byte[] value = tx != null ? tx.get(key) : table.session().store().get(key);
            if (value != null) {
                current = row(key, value);
                return true;
            }
        }
        current = null;
        return false;
    }

    private boolean firstTime(byte[] key) {
        if (keys.size() == 1) {
            return true;
        }
        if (seenKeys == null) {
            seenKeys = new HashSet<>();
        }
        return seenKeys.add(ByteBuffer.wrap(key));
    }

    private boolean nextScanned() {
        if (scan == null) {
            if (!open()) {
                current = null;
                return false;
            }
        }
        checkAborted();
        if (left == 0 || !scan.next()) {
            current = null;
            return false;
        }
        if (left > 0) {
            left--;
        }
        table.entriesRead().increment();
        current = new Object[] {KvKeys.toSql(scan), new ByteString(scan.value())};
        return true;
    }

    /** Opens the cursor (positioned before the first row); false when the read returns nothing at all. */
    private boolean open() {
        KvTransaction tx = table.session().transaction();
        if (range == null) {
            scan = tx != null ? tx.cursor() : table.session().store().cursor();
            return true;
        }
        KeyRange r = range.resolve(root);
        long skip = offset == null ? 0 : offset.resolve(root, true);
        left = fetch == null ? -1 : fetch.resolve(root, false);
        if (r == null || left == 0) {
            return false;
        }
        scan = tx != null ? tx.cursor(r, descending) : table.session().store().cursor(r, descending);
        for (long i = 0; i < skip; i++) {
            if ((i & 1023) == 0) {
                checkAborted();
            }
            if (!scan.next()) {
                break;
            }
        }
        return true;
    }

    private void checkAborted() {
        abort.check();
    }

    static Object[] row(byte[] key, byte[] value) {
        return new Object[] {KvKeys.toSql(key), new ByteString(value)};
    }

    @Override
    public void reset() {
        scan = null;
        left = -1;
        keyIndex = 0;
        seenKeys = null;
        current = null;
    }

    @Override
    public void close() {
        scan = null;
        current = null;
    }
}
