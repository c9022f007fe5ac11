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

    KvScanSpec(KvTable table, List<KvKeySource> keys) {
        this.table = table;
        this.keys = keys == null ? null : List.copyOf(keys);
    }

    /** Rows {@code Object[]{key, value}} for one execution; nothing is read until enumerated. */
    public Enumerable<Object[]> enumerable(DataContext root) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new KvEnumerator(table, keys, root);
            }
        };
    }

    @Override
    public String toString() {
        return keys == null ? "scan" : "lookup" + keys;
    }
}
