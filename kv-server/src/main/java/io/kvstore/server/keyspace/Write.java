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

    /** The value as of {@code nowMillis}: null if deleted or expired. */
    public byte[] valueAt(long nowMillis) {
        return expires != 0 && expires <= nowMillis ? null : value;
    }
}
