package io.kvstore.engine.snapshot;

import io.kvstore.engine.io.FileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Writes a snapshot file (docs/format/snapshot.md): the table's {@link io.kvstore.engine.table.EntryRecord}s in
 * checksummed blocks and a footer naming the LSN it starts from. Durable when it returns: written to a temp
 * file, forced, atomically renamed to {@code snapshot-<lsn>.snap}, directory forced.
 *
 * STUB: being implemented.
 */
public final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the snapshot and returns its final path. */
    public static Path write(FileLayer fs, Path dir, long lsn, Iterator<byte[]> records) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
