package io.kvstore.engine.wal;

/**
 * One change inside a {@link WalBatch}. A log records results, never instructions: a PUT carries the whole
 * new value, its absolute timestamps and its absolute expiry time, so replaying a batch twice gives the same
 * state.
 *
 * @param kind {@link #PUT}, {@link #DELETE}, {@link #EVICT} or {@link #EXPIRE}
 * @param key key bytes
 * @param value new value for PUT, null otherwise
 * @param createdMillis for PUT, the entry's creation time
 * @param updatedMillis for PUT, the write's time
 * @param expiresMillis for PUT, the entry's absolute expiry time (ms since the epoch), 0 for none
 * @param compressed for PUT, whether {@code value} is the compressed (encoded) form of the value
 *     ({@link io.kvstore.engine.codec.ValueCompression}) rather than the plain bytes; format version 3
 */
public record WalOp(byte kind, byte[] key, byte[] value, long createdMillis, long updatedMillis, long expiresMillis,
                    boolean compressed) {
    public static final byte PUT = 1;
    public static final byte DELETE = 2;
    /** A delete made by the memory policy; replays exactly as DELETE. */
    public static final byte EVICT = 3;
    /**
     * The removal of an entry whose expiry time had passed (by the background sweep, a read that found it expired,
     * or eviction preferring expired entries); replays exactly as DELETE. Format version 2.
     */
    public static final byte EXPIRE = 4;

    /** An op whose value (if any) is plain. */
    public WalOp(byte kind, byte[] key, byte[] value, long createdMillis, long updatedMillis, long expiresMillis) {
        this(kind, key, value, createdMillis, updatedMillis, expiresMillis, false);
    }

    /** An op without an expiry. */
    public WalOp(byte kind, byte[] key, byte[] value, long createdMillis, long updatedMillis) {
        this(kind, key, value, createdMillis, updatedMillis, 0);
    }

    public static WalOp put(byte[] key, byte[] value, long createdMillis, long updatedMillis) {
        return new WalOp(PUT, key, value, createdMillis, updatedMillis, 0);
    }

    public static WalOp put(byte[] key, byte[] value, long createdMillis, long updatedMillis, long expiresMillis) {
        return new WalOp(PUT, key, value, createdMillis, updatedMillis, expiresMillis);
    }

    public static WalOp delete(byte[] key) {
        return new WalOp(DELETE, key, null, 0, 0);
    }

    public static WalOp evict(byte[] key) {
        return new WalOp(EVICT, key, null, 0, 0);
    }

    public static WalOp expire(byte[] key) {
        return new WalOp(EXPIRE, key, null, 0, 0);
    }
}
