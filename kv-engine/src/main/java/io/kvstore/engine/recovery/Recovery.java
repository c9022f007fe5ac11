package io.kvstore.engine.recovery;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.codec.Dictionaries;
import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.commit.CommitPipeline;
import io.kvstore.engine.dictionary.DictionaryFile;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.snapshot.SnapshotReader;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.table.OrderedIndex;
import io.kvstore.engine.wal.WalBatch;
import io.kvstore.engine.wal.WalOp;
import io.kvstore.engine.wal.WalRecovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a table from a store directory: its zstd dictionaries ({@link DictionaryFile}), the newest valid
 * snapshot, then every WAL record after the snapshot's LSN, in order. A value compressed with a dictionary the
 * store does not have (its file missing, or damaged and left out by salvage) is corruption, reported with the
 * dictionary file's name; with salvage, such entries are left out. Single-threaded; runs before the store serves
 * anything.
 */
public final class Recovery {
    private Recovery() {
    }

    /** The snapshot's records and their key hashes, in file order. */
    private static final class SnapshotBatch {
        byte[][] recs = new byte[1024][];
        long[] hashes = new long[1024];
        int size;
        long heapBytes;
        long savedBytes;

        /** Sizes the arrays for {@code count} records (a hint: they still grow if more come). */
        void reserve(long count) {
            int n = (int) Math.min(count, 1 << 24); // beyond that, grown as records come
            if (n > recs.length) {
                recs = java.util.Arrays.copyOf(recs, n);
                hashes = java.util.Arrays.copyOf(hashes, n);
            }
        }

        void add(byte[] rec) {
            if (size == recs.length) {
                recs = java.util.Arrays.copyOf(recs, size * 2);
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
            }
            recs[size] = rec;
            hashes[size] = EntryRecord.keyHash(rec);
            heapBytes += EntryRecord.heapSize(rec);
            savedBytes += EntryRecord.savedBytes(rec);
            size++;
        }
    }

    /**
     * What was recovered.
     *
     * @param snapshotLsn LSN of the snapshot loaded (0 if none)
     * @param lastLsn LSN of the last record applied
     * @param wal the WAL scan's findings
     */
    public record Result(long snapshotLsn, long lastLsn, WalRecovery.Result wal, long expiringEntries,
                         DictionaryFile.Loaded dictionaries) {
    }

    /**
     * Loads {@code dir} into {@code table} and {@code index} (published when this returns).
     *
     * @throws io.kvstore.engine.KvCorruptionException damaged files, unless {@code salvage}
     */
    public static Result run(FileLayer fs, Path dir, HashTable table, OrderedIndex index, boolean readOnly,
                             boolean salvage) throws IOException {
        return run(fs, dir, table, index, readOnly, salvage, 0);
    }

    /**
     * {@link #run(FileLayer, Path, HashTable, OrderedIndex, boolean, boolean)}, leaving out every entry whose expiry
     * time is at or before {@code nowMillis} (0: keep all): an expired entry never comes back at open, from the
     * snapshot, the log or a salvaged file, whether or not its removal was logged.
     */
    public static Result run(FileLayer fs, Path dir, HashTable table, OrderedIndex index, boolean readOnly,
                             boolean salvage, long nowMillis) throws IOException {
        // Snapshots are written in key order, so the index is built by appends (any order still loads). That order
        // is random for the hash table: its records are put in afterwards, segment by segment (putAll), with the
        // hashes computed while each record was fresh in cache.
        DictionaryFile.Loaded dictionaries = DictionaryFile.loadAll(fs, dir, salvage, readOnly);
        DictionaryCheck dicts = new DictionaryCheck(dir, dictionaries, salvage);
        SnapshotBatch loaded = new SnapshotBatch();
        long[] expiring = {0}; // entries with an expiry time, counted while each record is fresh in cache
        long snapshotLsn = SnapshotReader.load(fs, dir, salvage, readOnly, count -> {
            table.reserve(count);
            loaded.reserve(count);
        }, rec -> {
            if (!EntryRecord.isExpired(rec, nowMillis) && dicts.keep(rec)) {
                index.put(rec);
                loaded.add(rec);
                if (EntryRecord.hasExpiry(rec)) {
                    expiring[0]++;
                }
            }
        });
        table.putAll(loaded.recs, loaded.hashes, loaded.size, loaded.heapBytes, loaded.savedBytes);
        loaded.recs = null;
        loaded.hashes = null;
        WalRecovery.Result wal = WalRecovery.recover(fs, dir, snapshotLsn, readOnly, salvage,
                batch -> expiring[0] += CommitPipeline.applyRecovered(table, index, dicts.keep(batch), nowMillis));
        index.publish();
        return new Result(snapshotLsn, Math.max(snapshotLsn, wal.lastLsn()), wal, expiring[0], dictionaries);
    }

    /** Whether the store has the dictionary each compressed value names; see the class comment. */
    static final class DictionaryCheck {
        private final Path dir;
        private final DictionaryFile.Loaded loaded;
        private final boolean salvage;
        /** The id last found registered: records of one store almost always name the same one. */
        private long lastFound = EntryRecord.NO_DICTIONARY;

        DictionaryCheck(Path dir, DictionaryFile.Loaded loaded, boolean salvage) {
            this.dir = dir;
            this.loaded = loaded;
            this.salvage = salvage;
        }

        /** Whether to keep {@code rec}: true unless it needs a missing dictionary under salvage. */
        boolean keep(byte[] rec) {
            return !EntryRecord.isCompressed(rec) || present(EntryRecord.dictionaryId(rec));
        }

        /**
         * {@code batch}, with each PUT that needs a missing dictionary (under salvage) turned into a DELETE: its
         * value is lost, and the key must not show the value it had before.
         */
        WalBatch keep(WalBatch batch) {
            List<WalOp> kept = null;
            List<WalOp> ops = batch.ops();
            for (int i = 0; i < ops.size(); i++) {
                WalOp op = ops.get(i);
                boolean ok = !op.compressed() || !ValueCompression.usesDictionary(op.value(), 0)
                        || present(ValueCompression.dictionaryId(op.value(), 0, op.value().length) & 0xFFFFFFFFL);
                if (!ok && kept == null) {
                    kept = new ArrayList<>(ops.subList(0, i));
                }
                if (kept != null) {
                    kept.add(ok ? op : WalOp.delete(op.key()));
                }
            }
            return kept == null ? batch : new WalBatch(batch.lsn(), List.copyOf(kept));
        }

        private boolean present(long id) {
            if (id == EntryRecord.NO_DICTIONARY || id == lastFound) {
                return true;
            }
            if (loaded.contains((int) id)) {
                lastFound = id;
                return true;
            }
            if (salvage) {
                return false;
            }
            throw new KvCorruptionException(dir.resolve(StoreFiles.dictionary((int) id)), 0,
                    "values are compressed with zstd dictionary " + Dictionaries.hex((int) id)
                            + ", but the store has no such dictionary file (deleted, or damaged and set aside)");
        }
    }
}
