package io.kvstore.engine;

/**
 * Reads a stored value where it lies, without a copy: {@link KvStore#get(byte[], KvValueReader)} and
 * {@link KvTransaction#get(byte[], KvValueReader)} call it with the bytes the store holds.
 *
 * <p><b>Contract for implementations.</b> The value is {@code length} bytes of {@code bytes} starting at
 * {@code offset}; the rest of the array holds other data (the key and metadata) and must be ignored. The store
 * never changes these bytes after they were committed (a later write of the key stores a new array), so a
 * reader may keep them, for example wrapped as a read-only buffer for a network write; but it must never write
 * into the array, which is shared with every other reader. A value stored compressed is handed over as a freshly
 * decompressed copy instead (the reader cannot tell the difference). Called on the calling thread, at most once per
 * read, and not at all when the key is absent. Exceptions it throws propagate to the caller unchanged.
 *
 * @param <R> what the read produces
 */
@FunctionalInterface
public interface KvValueReader<R> {
    /** Reads the value: {@code length} bytes of {@code bytes} from {@code offset}. */
    R read(byte[] bytes, int offset, int length);
}
