package io.kvstore.calcite;

import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.util.ByteString;

/**
 * SQL functions for storing and reading text in the VARBINARY column without hex: {@code TEXT(value)} decodes
 * UTF-8 bytes to VARCHAR (malformed sequences become U+FFFD), {@code BYTES('text')} encodes VARCHAR to its UTF-8
 * bytes. Both return NULL for NULL. Stateless and thread-safe.
 */
public final class KvFunctions {
    private KvFunctions() {
    }

    /** {@code TEXT(varbinary) -> varchar}: the UTF-8 decoding of the bytes. */
    public static String text(ByteString bytes) {
        return bytes == null ? null : new String(bytes.getBytes(), StandardCharsets.UTF_8);
    }

    /** {@code BYTES(varchar) -> varbinary}: the UTF-8 encoding of the text. */
    public static ByteString bytes(String text) {
        return text == null ? null : new ByteString(text.getBytes(StandardCharsets.UTF_8));
    }
}
