package io.kvstore.engine;

/**
 * One key-value pair with its metadata, as read at some moment. Immutable; the arrays are copies the caller
 * owns.
 *
 * @param key the key bytes
 * @param value the value bytes (possibly empty, never null)
 * @param version the entry's version: the log sequence number of the write that produced it, strictly
 *     increasing across the whole store; {@code 0} is never a version of a live entry
 * @param createdMillis wall-clock time (ms since the epoch) when the key was first written after being absent
 * @param updatedMillis wall-clock time (ms since the epoch) of the latest write
 * @param expiresMillis absolute expiry time (ms since the epoch by the store's clock), or 0 if the entry never
 *     expires
 */
public record KvEntry(byte[] key, byte[] value, long version, long createdMillis, long updatedMillis,
                      long expiresMillis) {
    /** An entry without an expiry. */
    public KvEntry(byte[] key, byte[] value, long version, long createdMillis, long updatedMillis) {
        this(key, value, version, createdMillis, updatedMillis, 0);
    }
}
