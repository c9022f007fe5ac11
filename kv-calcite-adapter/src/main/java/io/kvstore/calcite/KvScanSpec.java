package io.kvstore.calcite;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * What one {@link KvTableScan} reads, handed to generated code: the table and either the lookup keys or null
 * for a full scan. Public only because Calcite's generated code calls {@link #enumerable}; not an API.
 * Immutable and thread-safe; every call to {@link #enumerable} starts an independent, lazy read.
 */
public final class KvScanSpec {
    private final KvTable table;
    private final List<KvKeySource> keys;
    /** An ordered read of a key range (then keys is null), or null. */
    private final KvKeyRange range;
    private final boolean descending;
    private final KvRowCount offset;
    private final KvRowCount fetch;

    KvScanSpec(KvTable table, List<KvKeySource> keys) {
        this.table = table;
        this.keys = keys == null ? null : List.copyOf(keys);
        this.range = null;
        this.descending = false;
        this.offset = null;
        this.fetch = null;
    }

    /** An ordered read of {@code range}; {@code offset} and {@code fetch} may be null. */
    KvScanSpec(KvTable table, KvKeyRange range, boolean descending, KvRowCount offset, KvRowCount fetch) {
        this.table = table;
        this.keys = null;
        this.range = range;
        this.descending = descending;
        this.offset = offset;
        this.fetch = fetch;
    }

    /** Rows {@code Object[]{key, value}} for one execution; nothing is read until enumerated. */
    public Enumerable<Object[]> enumerable(DataContext root) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return range == null ? new KvEnumerator(table, keys, root)
                        : new KvEnumerator(table, range, descending, offset, fetch, root);
            }
        };
    }

    @Override
    public String toString() {
        if (range != null) {
            return "range" + range + (descending ? " desc" : "") + (offset == null ? "" : " offset " + offset)
                    + (fetch == null ? "" : " fetch " + fetch);
        }
        return keys == null ? "scan" : "lookup" + keys;
    }
}
