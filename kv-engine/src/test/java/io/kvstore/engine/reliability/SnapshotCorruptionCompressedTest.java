package io.kvstore.engine.reliability;

/**
 * Every sweep of {@link SnapshotCorruptionTest} over a store written with {@code compression=lz4}: values compressed in the
 * table and the log, snapshot blocks compressed, so damage to compressed bytes must be reported with file and offset as well.
 */
class SnapshotCorruptionCompressedTest extends SnapshotCorruptionTest {
    @Override
    String compression() {
        return "lz4";
    }

    @Override
    int keys() {
        return 500; // compressed values: twice the keys for as many blocks
    }
}
