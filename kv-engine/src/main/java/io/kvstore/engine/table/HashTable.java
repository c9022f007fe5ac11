package io.kvstore.engine.table;

import java.util.Iterator;
import java.util.random.RandomGenerator;

/**
 * The store's index: a concurrent hash table from key bytes to {@link EntryRecord} arrays.
 *
 * <p><b>Concurrency.</b> One writer at a time, any number of readers. Mutating methods ({@link #put},
 * {@link #remove}, {@link #clear}) must be called by one thread at a time (the store's commit leader
 * serialises them); the table does not check this. Readers ({@link #get}, {@link #records()}, the statistics)
 * never block and never see a partly written record: they see each key either before or after a write.
 *
 * <p>STUB: being implemented (segmented open addressing, per-segment resize, compact memory).
 */
public final class HashTable {

    /** A table without access tracking (no eviction support). */
    public HashTable() {
        this(false);
    }

    /**
     * @param trackAccess keep an approximate last-access clock per slot so that {@link #evictionCandidate}
     *     can pick a least-recently-used entry; costs 4 bytes per slot
     */
    public HashTable(boolean trackAccess) {
        throw new UnsupportedOperationException("stub");
    }

    /** The record for {@code key}, or null. Lock-free. */
    public byte[] get(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    /** Inserts {@code record}, replacing the record with the same key. Writer only. Returns the replaced record or null. */
    public byte[] put(byte[] record) {
        throw new UnsupportedOperationException("stub");
    }

    /** Removes the record for {@code key}. Writer only. Returns it, or null if absent. */
    public byte[] remove(byte[] key) {
        throw new UnsupportedOperationException("stub");
    }

    /** Removes everything. Writer only. */
    public void clear() {
        throw new UnsupportedOperationException("stub");
    }

    /** Number of live entries. */
    public long size() {
        throw new UnsupportedOperationException("stub");
    }

    /** Estimated heap bytes: records ({@link EntryRecord#heapSize}) plus index arrays. */
    public long memoryUsed() {
        throw new UnsupportedOperationException("stub");
    }

    /** Total slots across the index. */
    public long bucketCount() {
        throw new UnsupportedOperationException("stub");
    }

    /** {@code size() / bucketCount()}. */
    public double loadFactor() {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * A weakly consistent iterator over the live records: safe to use while the writer works, never throws
     * {@link java.util.ConcurrentModificationException}, returns every record present for the whole iteration
     * exactly once and others at most once. Lock-free.
     */
    public Iterator<byte[]> records() {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Approximate LRU: samples {@code samples} live records and returns the least recently accessed, or null
     * when empty. Requires access tracking. Writer only.
     */
    public byte[] evictionCandidate(int samples, RandomGenerator random) {
        throw new UnsupportedOperationException("stub");
    }
}
