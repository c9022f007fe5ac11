package io.kvstore.engine.wal;

import io.kvstore.engine.io.FileLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the WAL back at open: validates every frame, hands each batch after a given LSN to a consumer in LSN
 * order, truncates a torn or zero-filled tail, and reports real corruption.
 *
 * STUB: being implemented.
 */
public final class WalRecovery {
    private WalRecovery() {
    }

    /**
     * What recovery found.
     *
     * @param lastLsn LSN of the last valid record (or {@code afterLsn} if none came after it)
     * @param walBytes bytes in the remaining segment files
     * @param truncatedBytes bytes cut from a torn tail (0 if clean)
     * @param salvaged whether salvage moved damaged data aside
     */
    public record Result(long lastLsn, long walBytes, long truncatedBytes, boolean salvaged) {
    }

    /**
     * Replays the WAL in {@code dir}.
     *
     * @param afterLsn batches with LSN &lt;= this are skipped (covered by the snapshot)
     * @param readOnly if true nothing is written: a torn tail is ignored rather than truncated
     * @param salvage if true, corruption is handled by keeping everything before it, copying the damaged segment
     *     aside ({@code <name>.damaged}) and cutting the log at the damage, instead of throwing
     * @throws io.kvstore.engine.KvCorruptionException a damaged record followed by valid ones, an LSN gap, or a bad
     *     segment header, naming the file and offset
     */
    public static Result recover(FileLayer fs, Path dir, long afterLsn, boolean readOnly, boolean salvage,
                                 Consumer<WalBatch> consumer) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
