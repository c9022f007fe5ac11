package io.kvstore.engine.wal;

/**
 * One change inside a {@link WalBatch}. A log records results, never instructions: a PUT carries the whole
 * new value and its absolute timestamps, so replaying a batch twice gives the same state.
 *
 * @param kind {@link #PUT}, {@link #DELETE} or {@link #EVICT}
 * @param key key bytes
 * @param value new value for PUT, null otherwise
 * @param createdMillis for PUT, the entry's creation time
 * @param updatedMillis for PUT, the write's time
 */
public record WalOp(byte kind, byte[] key, byte[] value, long createdMillis, long updatedMillis) {
    public static final byte PUT = 1;
    public static final byte DELETE = 2;
    /** A delete made by the memory policy; replays exactly as DELETE. */
    public static final byte EVICT = 3;

    public static WalOp put(byte[] key, byte[] value, long createdMillis, long updatedMillis) {
        return new WalOp(PUT, key, value, createdMillis, updatedMillis);
    }

    public static WalOp delete(byte[] key) {
        return new WalOp(DELETE, key, null, 0, 0);
    }

    public static WalOp evict(byte[] key) {
        return new WalOp(EVICT, key, null, 0, 0);
    }
}
