package io.kvstore.engine.reliability;

/**
 * Every sweep of {@link WalCorruptionTest} over a store written with {@code compression=zstd-dict}: values compressed
 * with a dictionary trained from the first 4 KiB of them (its file {@code dict-*.zdict} in the store), in
 * the table and the log, so damage to dictionary-compressed bytes must be reported with file and offset as well.
 */
class WalCorruptionDictionaryTest extends WalCorruptionTest {
    @Override
    String compression() {
        return "zstd-dict";
    }
}
