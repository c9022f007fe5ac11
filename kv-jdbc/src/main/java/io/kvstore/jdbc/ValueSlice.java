package io.kvstore.jdbc;

import io.kvstore.engine.KvValueReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A VARBINARY cell that lends the store's own bytes ({@link io.kvstore.engine.KvStore#get(byte[], KvValueReader)})
 * instead of holding a copy: {@code length} bytes of {@code bytes} from {@code offset}. The store never changes
 * them, and nothing here writes into them; {@link RowResultSet} copies them only where JDBC hands out an array
 * the caller owns ({@code getBytes}, {@code getObject}), and reads them in place for {@code getString} (hex) and
 * {@code getBinaryStream}. Immutable.
 */
final class ValueSlice {
    private static final HexFormat HEX = HexFormat.of();

    /** Reads a stored value into a slice (no copy). */
    static final KvValueReader<ValueSlice> READER = ValueSlice::new;

    private final byte[] bytes;
    private final int offset;
    private final int length;

    private ValueSlice(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** A new array with the bytes, for the caller to own. */
    byte[] copy() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Lower-case hex, as {@code getString} gives for VARBINARY. */
    String hex() {
        return HEX.formatHex(bytes, offset, offset + length);
    }

    /** A stream over the bytes in place. */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, offset, length);
    }

    int length() {
        return length;
    }
}
