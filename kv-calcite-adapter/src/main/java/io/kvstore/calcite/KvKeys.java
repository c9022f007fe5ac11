package io.kvstore.calcite;

import io.kvstore.engine.KvCursor;
import java.nio.charset.StandardCharsets;

/**
 * The one mapping between a key's bytes in the engine and the {@code VARCHAR} key SQL sees. Every layer that turns
 * a key into SQL text or SQL text into a key (the adapter, the driver's executors, the shell) goes through here, so
 * that the mapping can be made lossless in one place.
 *
 * <p>Stateless and thread-safe.
 */
public final class KvKeys {

    private KvKeys() {
    }

    /** The SQL text for a stored key. */
    public static String toSql(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The SQL text for the key of a cursor's current entry (without copying the key where possible). */
    public static String toSql(KvCursor cursor) {
        return cursor.key(StandardCharsets.UTF_8);
    }

    /** The stored key bytes for SQL text: the inverse of {@link #toSql(byte[])}. */
    public static byte[] fromSql(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
