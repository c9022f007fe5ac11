package io.kvstore.bench.engine;

/**
 * The four operations the engine benchmarks need, over one of the compared maps. Implementations are thin: each
 * method is one call into the system under test, so that what JMH measures is that system.
 *
 * <p>Thread-safety: as safe as the wrapped map; all four wrapped maps are safe for concurrent use.
 */
interface EngineMap extends AutoCloseable {
    /** The value, or null when absent. */
    byte[] get(byte[] key);

    /**
     * The stored bytes of the value without a copy, or null when absent: the array that holds the value (for
     * kvstore its stored record, of which the value is the tail).
     */
    Object getView(byte[] key);

    /** Inserts or replaces. */
    void put(byte[] key, byte[] value);

    /** Removes; returns whether something was removed. */
    boolean delete(byte[] key);

    /**
     * Loads rows {@code 0..count-1} of {@link io.kvstore.bench.Data} as fast as the system allows (not measured);
     * by default one {@link #put} per row.
     */
    default void load(int count) {
        for (int i = 0; i < count; i++) {
            put(io.kvstore.bench.Data.key(i), io.kvstore.bench.Data.value(i));
        }
    }

    /** Heap bytes the map itself reports holding, or -1 when it has no such estimate. */
    long reportedMemory();

    /** Releases files and threads; never throws. */
    @Override
    void close();
}
