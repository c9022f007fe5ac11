package io.kvstore.engine.commit;

import java.util.Arrays;

/**
 * A byte-array key with value equality, for small per-transaction and per-commit-group maps (never for the
 * store's index, which is {@link io.kvstore.engine.table.HashTable}). Immutable as long as nobody mutates the
 * wrapped array; callers pass arrays they own.
 */
public final class ByteKey {
    private final byte[] bytes;
    private final int hash;

    public ByteKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
