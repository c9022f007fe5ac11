package io.kvstore.server.keyspace;

/**
 * One buffered write: {@code value} null means delete. Arrays are never modified once the write exists.
 *
 * @param key the key
 * @param value the new value, or null to delete
 * @param seq the server's sequence number for this write (increasing in the order commands ran)
 */
public record Write(byte[] key, byte[] value, long seq) {
}
