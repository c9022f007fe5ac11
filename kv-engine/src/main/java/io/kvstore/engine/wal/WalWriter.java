package io.kvstore.engine.wal;

import io.kvstore.engine.io.FileLayer;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends framed records to the segmented write-ahead log (docs/format/wal.md).
 *
 * <p>Thread-safety: not thread-safe; the store's commit leader is its only user. Durability: {@link #append}
 * only buffers; {@link #write()} hands the buffer to the OS in one write; only {@link #sync()} makes it
 * durable. Any IOException leaves the writer unusable (the store enters its failed state).
 *
 * STUB: being implemented.
 */
public final class WalWriter implements Closeable {

    /**
     * Starts a new segment {@code wal-<nextLsn>.log} in {@code dir} (replacing an existing file of that name,
     * which can only be an empty leftover) and makes its creation durable.
     */
    public static WalWriter open(FileLayer fs, Path dir, long nextLsn, long segmentBytes) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** Frames a BATCH record with this LSN and payload into the buffer. LSNs must increase by one per record. */
    public void append(long lsn, byte[] payload) {
        throw new UnsupportedOperationException("stub");
    }

    /** Writes everything buffered to the current segment, rolling to a new segment first if it is full. */
    public void write() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** Forces the current segment's data to stable storage (fdatasync). */
    public void sync() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Closes the current segment (after forcing it) and starts a new one whose first LSN is {@code nextLsn}.
     * Used by snapshots so that older segments can later be deleted whole.
     */
    public void rollSegment(long nextLsn) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    /** Total bytes in segments of this directory, as tracked since open (existing segments included). */
    public long totalBytes() {
        throw new UnsupportedOperationException("stub");
    }

    /** Deletes every segment all of whose records have LSN &lt;= {@code lsn}, then syncs the directory. */
    public void deleteSegmentsUpTo(long lsn) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
