package io.kvstore.calcite;

import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;

/**
 * SQL functions for storing and reading text in the VARBINARY column without hex: {@code TEXT(value)} decodes
 * UTF-8 bytes to VARCHAR (malformed sequences become U+FFFD), {@code BYTES('text')} encodes VARCHAR to its UTF-8
 * bytes; {@code KEY_BYTES(key)} gives a key's exact bytes (also for keys that are not UTF-8, see {@link KvKeys}).
 * All return NULL for NULL. Stateless and thread-safe.
 */
public final class KvFunctions {
    private KvFunctions() {
    }

    /** {@code TEXT(varbinary) -> varchar}: the UTF-8 decoding of the bytes. */
    public static String text(ByteString bytes) {
        return bytes == null ? null : new String(bytes.getBytes(), StandardCharsets.UTF_8);
    }

    /**
     * {@code KEY_BYTES(varchar) -> varbinary}: the exact bytes of the key that reads as this text ({@link KvKeys});
     * for a key that is valid UTF-8 the same as {@code BYTES(key)}, for any other key its real bytes where
     * {@code BYTES} would encode the escape characters.
     *
     * @throws KvKeyException no key reads as the text
     */
    public static ByteString keyBytes(String key) {
        return key == null ? null : new ByteString(KvKeys.fromSql(key));
    }

    /** {@code BYTES(varchar) -> varbinary}: the UTF-8 encoding of the text. */
    public static ByteString bytes(String text) {
        return text == null ? null : new ByteString(text.getBytes(StandardCharsets.UTF_8));
    }
}
