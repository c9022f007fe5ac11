package io.kvstore.engine.recovery;

import io.kvstore.engine.commit.CommitPipeline;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.snapshot.SnapshotReader;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.table.OrderedIndex;
import io.kvstore.engine.wal.WalRecovery;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Rebuilds a table from a store directory: the newest valid snapshot, then every WAL record after the
 * snapshot's LSN, in order. Single-threaded; runs before the store serves anything.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * What was recovered.
     *
     * @param snapshotLsn LSN of the snapshot loaded (0 if none)
     * @param lastLsn LSN of the last record applied
     * @param wal the WAL scan's findings
     */
    public record Result(long snapshotLsn, long lastLsn, WalRecovery.Result wal) {
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
        // snapshots are written in key order, so the index is built by appends (any order still loads)
        long snapshotLsn = SnapshotReader.load(fs, dir, salvage, readOnly, table::reserve, rec -> {
            if (!EntryRecord.isExpired(rec, nowMillis)) {
                table.put(rec);
                index.put(rec);
            }
        });
        WalRecovery.Result wal = WalRecovery.recover(fs, dir, snapshotLsn, readOnly, salvage,
                batch -> CommitPipeline.applyRecovered(table, index, batch, nowMillis));
        index.publish();
        return new Result(snapshotLsn, Math.max(snapshotLsn, wal.lastLsn()), wal);
    }
}
