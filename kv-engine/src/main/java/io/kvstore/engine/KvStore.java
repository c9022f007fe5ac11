package io.kvstore.engine;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * An embedded, persistent key-value store: arbitrary byte keys and values in a concurrent hash table, made
 * durable by a write-ahead log and snapshots.
 *
 * <p>Thread-safety: every method is safe to call from any number of threads. Reads never block on writers.
 * Writes are serialised through one commit pipeline (group commit).
 *
 * <p>Durability: when a write method returns, its change is in the log and forced to stable storage under
 * {@link SyncPolicy#ALWAYS} (the default); see {@link SyncPolicy} for the others.
 *
 * STUB: signatures fixed, implementation in progress.
 */
public final class KvStore implements AutoCloseable {

    /** Opens (creating if missing) the store in {@code dir} with default options. */
    public static KvStore open(Path dir) {
        return open(dir, KvOptions.defaults());
    }

    /**
     * Opens (creating if missing) the store in {@code dir}: locks the directory, loads the newest snapshot,
     * replays the log.
     *
     * @throws KvStoreInUseException another process (or open store) holds the directory
     * @throws KvCorruptionException damaged files (unless {@link KvOptions#salvage()})
     * @throws KvIOException the directory cannot be created, read or written
     */
    public static KvStore open(Path dir, KvOptions options) {
        throw new UnsupportedOperationException("stub");
    }

    /** A store with no files at all. */
    public static KvStore inMemory() {
        return inMemory(KvOptions.defaults());
    }

    public static KvStore inMemory(KvOptions options) {
        throw new UnsupportedOperationException("stub");
    }

    /** The value, or null if absent. */
    public byte[] get(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    /** The entry with its version and timestamps, or null if absent. */
    public KvEntry getEntry(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean exists(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    /** Inserts or replaces. */
    public void put(byte[] key, byte[] value) {
        throw new UnsupportedOperationException("stub");
    }

    /** Inserts; throws {@link KvDuplicateKeyException} if the key is present. */
    public void insert(byte[] key, byte[] value) {
        throw new UnsupportedOperationException("stub");
    }

    /** Returns whether the key was present and removed. */
    public boolean delete(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Compare-and-set: writes {@code newValue} (or deletes, if null) only if the key's current version is
     * {@code expectedVersion} (0 meaning absent). Returns whether it wrote.
     */
    public boolean compareAndSet(byte[] key, long expectedVersion, byte[] newValue) {
        throw new UnsupportedOperationException("stub");
    }

    /** Starts an optimistic serializable transaction. */
    public KvTransaction begin() {
        throw new UnsupportedOperationException("stub");
    }

    /** Writes a snapshot now and drops the log segments it covers. Readers and writers continue meanwhile. */
    public void snapshot() {
        throw new UnsupportedOperationException("stub");
    }

    /** Calls {@code action} for each live entry (weakly consistent). */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        throw new UnsupportedOperationException("stub");
    }

    /** Weakly consistent, streaming iterator over the live entries. */
    public Iterator<KvEntry> iterator() {
        throw new UnsupportedOperationException("stub");
    }

    public KvStats stats() {
        throw new UnsupportedOperationException("stub");
    }

    public KvOptions options() {
        throw new UnsupportedOperationException("stub");
    }

    /** The directory, or null for an in-memory store. */
    public Path directory() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isReadOnly() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isClosed() {
        throw new UnsupportedOperationException("stub");
    }

    /** Flushes, forces and closes the log, releases the directory lock. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("stub");
    }
}
