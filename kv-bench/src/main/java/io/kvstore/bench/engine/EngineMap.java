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

    /** Inserts or replaces. */
    void put(byte[] key, byte[] value);

    /** Removes; returns whether something was removed. */
    boolean delete(byte[] key);

    /** Heap bytes the map itself reports holding, or -1 when it has no such estimate. */
    long reportedMemory();

    /** Releases files and threads; never throws. */
    @Override
    void close();
}
