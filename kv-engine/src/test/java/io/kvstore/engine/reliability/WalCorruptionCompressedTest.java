package io.kvstore.engine.reliability;

/**
 * Every sweep of {@link WalCorruptionTest} over a store written with {@code compression=lz4}: values compressed in the
 * table and the log, so damage to compressed bytes must be reported with file and offset as well.
 */
class WalCorruptionCompressedTest extends WalCorruptionTest {
    @Override
    String compression() {
        return "lz4";
    }
}
