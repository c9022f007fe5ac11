package io.kvstore.engine.snapshot;

import io.kvstore.engine.io.FileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Loads the newest snapshot at open.
 *
 * STUB: being implemented.
 */
public final class SnapshotReader {
    private SnapshotReader() {
    }

    /**
     * Loads the newest complete snapshot in {@code dir}, passing each entry record to {@code consumer}, and
     * returns its LSN, or 0 if there is none. Leftover temp files are ignored (and deleted unless readOnly).
     *
     * @throws io.kvstore.engine.KvCorruptionException if the newest snapshot is damaged, naming file and offset;
     *     with {@code salvage}, the records before the damage are loaded, the file is renamed aside and its LSN is
     *     still returned
     */
    public static long load(FileLayer fs, Path dir, boolean salvage, boolean readOnly, Consumer<byte[]> consumer)
            throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** Deletes snapshot files older than the one for {@code lsn}, and syncs the directory. */
    public static void deleteOlderThan(FileLayer fs, Path dir, long lsn) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
