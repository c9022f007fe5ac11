package io.kvstore.calcite;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Where a key of a lookup comes from: a literal fixed at planning time, or a {@code ?} parameter read from the
 * {@link DataContext} ({@code "?" + index}) at every execution, so that a prepared statement is planned once.
 * Immutable.
 *
 * @param literal the key text, or null for a parameter
 * @param paramIndex the parameter index, or -1 for a literal
 */
record KvKeySource(String literal, int paramIndex) {

    static KvKeySource literal(String key) {
        return new KvKeySource(key, -1);
    }

    static KvKeySource param(int index) {
        return new KvKeySource(null, index);
    }

    /** The key bytes for this execution, or null when the parameter is SQL NULL (which matches nothing). */
    byte[] resolve(DataContext root) {
        if (paramIndex < 0) {
            return KvKeys.fromSql(literal);
        }
        return keyBytes(root.get("?" + paramIndex));
    }

    /** The engine key of a SQL key value: its text mapped by {@link KvKeys}; null stays null. */
    static byte[] keyBytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof ByteString b) {
            return b.getBytes();
        }
        if (value instanceof byte[] b) {
            return b;
        }
        return KvKeys.fromSql(value.toString());
    }

    @Override
    public String toString() {
        return paramIndex < 0 ? "'" + literal.replace("'", "''") + "'" : "?" + paramIndex;
    }
}
