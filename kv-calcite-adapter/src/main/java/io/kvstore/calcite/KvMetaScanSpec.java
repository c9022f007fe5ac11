package io.kvstore.calcite;

import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvEntry;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * What one {@link KvMetaScan} reads, handed to generated code (public for that reason only; not an API): rows
 * {@code [key, version, created_at, updated_at, expires_at]} of the live entries, or of the lookup keys only.
 * Reads join the session's transaction when there is one. Immutable; each {@link #enumerable} is an independent,
 * lazy read.
 */
public final class KvMetaScanSpec {
    private final KvMetaTable table;
    private final List<KvKeySource> keys;

    KvMetaScanSpec(KvMetaTable table, List<KvKeySource> keys) {
        this.table = table;
        this.keys = keys;
    }

    /** The rows for one execution ({@code root} may be null outside a statement: UTC then). */
    public Enumerable<Object[]> enumerable(DataContext root) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return keys == null ? scan(root) : lookup(root);
            }
        };
    }

    /** Epoch milliseconds as a Calcite TIMESTAMP value in the connection's zone (that of CURRENT_TIMESTAMP). */
    static long toLocal(long epochMillis, DataContext root) {
        return epochMillis + zone(root).getOffset(epochMillis);
    }

    /** The inverse of {@link #toLocal}. */
    static long toEpoch(long localMillis, DataContext root) {
        TimeZone z = zone(root);
        long guess = localMillis - z.getOffset(localMillis);
        return localMillis - z.getOffset(guess);
    }

    private static TimeZone zone(DataContext root) {
        TimeZone z = root == null ? null : DataContext.Variable.TIME_ZONE.get(root);
        return z == null ? TimeZone.getTimeZone("UTC") : z;
    }

    private Object[] row(String key, long version, long created, long updated, long expires, DataContext root) {
        return new Object[] {key, version, toLocal(created, root), toLocal(updated, root),
                expires == 0 ? null : toLocal(expires, root)};
    }

    private Enumerator<Object[]> lookup(DataContext root) {
        KvSession session = table.session();
        KvTransaction tx = session.transaction();
        KvStore store = session.store();
        return new Enumerator<>() {
            private int i;
            private Object[] current;
            private Set<ByteBuffer> seen;

            @Override
            public Object[] current() {
                return current;
            }

            @Override
            public boolean moveNext() {
                while (i < keys.size()) {
                    byte[] key = keys.get(i++).resolve(root);
                    if (key == null) {
                        continue;
                    }
                    if (keys.size() > 1) { // each distinct key at most once, as on kv
                        if (seen == null) {
                            seen = new HashSet<>();
                        }
                        if (!seen.add(ByteBuffer.wrap(key))) {
                            continue;
                        }
                    }
                    KvEntry e = tx != null ? tx.getEntry(key) : store.getEntry(key);
                    if (e != null) {
                        current = row(KvKeys.toSql(key), e.version(), e.createdMillis(),
                                e.updatedMillis(), e.expiresMillis(), root);
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void reset() {
                i = 0;
                seen = null;
            }

            @Override
            public void close() {
            }
        };
    }

    private Enumerator<Object[]> scan(DataContext root) {
        KvSession session = table.session();
        KvTransaction tx = session.transaction();
        KvCursor c = tx != null ? tx.cursor() : session.store().cursor();
        KvAbortCheck abort = root == null ? null : new KvAbortCheck(root);
        return new Enumerator<>() {
            private Object[] current;

            @Override
            public Object[] current() {
                return current;
            }

            @Override
            public boolean moveNext() {
                if (abort != null) {
                    abort.check();
                }
                if (!c.next()) {
                    return false;
                }
                current = row(KvKeys.toSql(c), c.version(), c.createdMillis(), c.updatedMillis(),
                        c.expiresMillis(), root);
                return true;
            }

            @Override
            public void reset() {
                throw new UnsupportedOperationException("reset");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String toString() {
        return keys == null ? "scan" : "lookup" + keys;
    }
}
