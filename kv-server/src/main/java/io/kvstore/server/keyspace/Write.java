package io.kvstore.server.keyspace;

/**
 * One buffered write: {@code value} null means delete. Arrays are never modified once the write exists.
 *
 * @param key the key
 * @param value the new value, or null to delete
 * @param seq the server's sequence number for this write (increasing in the order commands ran)
 * @param expires the new entry's absolute expiry time (ms since the epoch by the store's clock), 0 for none
 */
public record Write(byte[] key, byte[] value, long seq, long expires) {
    /** A write without an expiry. */
    public Write(byte[] key, byte[] value, long seq) {
        this(key, value, seq, 0);
    }

    /** The key of every {@link #barrier read barrier} (compared by identity). */
    private static final byte[] BARRIER_KEY = new byte[0];

    /**
     * A read barrier: no write, only a place in a group, so that a read's reply waits until a group sent after it
     * is confirmed (replicated mode: the leader is still the leader; see {@link Keyspace#setLinearizableReads}).
     * Backends skip barriers.
     */
    public static Write barrier(long seq) {
        return new Write(BARRIER_KEY, null, seq, 0);
    }

    /** Whether this is a {@link #barrier read barrier}. */
    public boolean isBarrier() {
        return key == BARRIER_KEY;
    }

    /** The value as of {@code nowMillis}: null if deleted or expired. */
    public byte[] valueAt(long nowMillis) {
        return expires != 0 && expires <= nowMillis ? null : value;
    }
}
