package io.kvstore.engine.reliability;

/**
 * Every sweep of {@link SnapshotCorruptionTest} over a store written with {@code compression=zstd-dict}: values compressed
 * with a dictionary trained from the first 4 KiB of them (its file {@code dict-*.zdict} in the store), in
 * the table and the snapshot, so damage to dictionary-compressed bytes must be reported with file and offset as well.
 */
class SnapshotCorruptionDictionaryTest extends SnapshotCorruptionTest {
    @Override
    String compression() {
        return "zstd-dict";
    }

    @Override
    int keys() {
        return 1000; // values a few times smaller: more keys for as many blocks
    }
}
