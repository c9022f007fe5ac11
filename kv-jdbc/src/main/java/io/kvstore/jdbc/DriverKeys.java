package io.kvstore.jdbc;

import io.kvstore.calcite.KvKeyException;
import io.kvstore.calcite.KvKeys;
import java.sql.SQLException;

/**
 * The driver's fast paths' use of {@link KvKeys}, the one key bytes &lt;-&gt; SQL text mapping: the same mapping,
 * with text that no key reads as reported as an SQLException (SQLState 22021) rather than an unchecked exception.
 * Stateless and thread-safe.
 */
final class DriverKeys {
    private DriverKeys() {
    }

    /** The key bytes for SQL text ({@link KvKeys#fromSql}). */
    static byte[] fromSql(String text) throws SQLException {
        try {
            return KvKeys.fromSql(text);
        } catch (KvKeyException e) {
            throw KvErrors.translate(e);
        }
    }
}
