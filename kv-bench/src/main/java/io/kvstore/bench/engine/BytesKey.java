package io.kvstore.bench.engine;

import java.util.Arrays;

/**
 * A byte array as a hash-map key (content equality). Wraps the caller's array without copying: the
 * ConcurrentHashMap baseline is the in-memory ceiling, so it does no defensive work a real store must do.
 *
 * <p>Thread-safety: immutable as long as the wrapped array is not modified.
 */
final class BytesKey {
    private final byte[] bytes;
    private final int hash;

    BytesKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytesKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
