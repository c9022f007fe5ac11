package io.kvstore.engine.wal;

import io.kvstore.engine.io.FileIdentity;
import io.kvstore.engine.io.FileIo;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFileGoneException;
import io.kvstore.engine.io.StoreFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Appends framed records to the segmented write-ahead log (docs/format/wal.md).
 *
 * <p>Thread-safety: {@link #append}, {@link #write}, {@link #sync}, {@link #rollSegment} and {@link #close} are
 * not thread-safe; the store's commit leader is their only user. {@link #totalBytes()} and
 * {@link #deleteSegmentsUpTo(long)} may be called from any thread, concurrently with them (a snapshot deletes
 * segments while commits go on). Durability: {@link #append} only buffers; {@link #write()} hands the buffer
 * to the OS in one write; only {@link #sync()} makes it durable. Any IOException leaves the writer unusable
 * (the store enters its failed state): later calls throw.
 *
 * <p>Ownership: the writer holds an exclusive OS lock on its current segment (so that a second process is refused
 * even if the directory's LOCK file was deleted) and records the segment's file identity, which
 * {@link #verifySegment()} compares with what the segment's name names now.
 *
 * <p>Files: the current segment may be longer than its records: its tail past the last frame is zeros that the
 * writer preallocated (see below). {@link #totalBytes()} counts only the bytes up to the last frame. Every closed
 * segment (after {@link #rollSegment}, a roll in {@link #write()}, or {@link #close()}) is truncated to its last
 * frame and forced, so it ends exactly after its last frame, as docs/format/wal.md requires of non-last segments.
 * A writer that was never closed (a killed process, a power loss, a failure) leaves the zero tail in place;
 * recovery reads it as a torn tail and truncates it.
 */
public final class WalWriter implements Closeable {
    /*
     * Segments. Every segment but the current one is closed and was forced before its successor was created,
     * so only the last segment of the directory can have a torn tail. A new segment's header is forced and the
     * directory synced before any record is written to it. A commit group (everything buffered between two
     * write() calls) is never split: write() rolls first when the group would take a segment that already
     * holds records past segmentBytes.
     *
     * Buffer. append() frames records into one reusable array that grows as needed (and is dropped back to its
     * initial size after a write of an unusually large group); write() writes it with one positional write
     * loop at the end of the segment's records.
     *
     * Preallocation. An fdatasync after an append must also commit the new file size and the newly allocated
     * extents (a journal commit on ext4/XFS); an fdatasync after overwriting blocks that are already allocated
     * and initialised only flushes the data. Measured on the development machine: append + fdatasync about
     * 5.1k/s, overwrite of a forced zero-filled region + fdatasync about 7.7k/s (SQLite's WAL gets the same
     * effect by overwriting its WAL file). So the segment is grown ahead of the records in chunks of real zeros:
     * when a group's records would pass the allocated end, the same write() also writes zeros from the end of
     * the group up to allocatedSize (one chunk further, capped at the segment size), and the group's sync then
     * forces records, zeros and the new size together. That one commit in ~preallocateBytes of log pays the
     * metadata commit (and the zero write); the commits after it overwrite zeros that are already durable.
     * fallocate() would not do: it leaves unwritten extents whose first write is a metadata change again, and
     * Java has no portable call for it anyway. Growing in chunks rather than by a whole segment keeps the first
     * commit of a segment, and the zero tail recovery must scan after a crash, small. Extension is lazy (at the
     * first write that needs it), so an empty segment stays header-only and opening a store on a nearly full
     * disk does not fail for want of a chunk; a chunk that does not fit fails the write like any other write
     * error (the writer cannot tell a short zero write from a short record write, and does not try).
     *
     * Logical and allocated size. currentSize is the end of the last frame written (the logical size: what the
     * format and totalBytes() see); allocatedSize is the file's size, currentSize <= allocatedSize, and bytes in
     * between are zeros. A reader treats them as a torn tail of the last segment (docs/format/wal.md), which is
     * what they are after a crash: zeros, or records written but not forced. Before a segment stops being the
     * last one it is truncated to currentSize and forced (force(true): the size changes), then its successor is
     * created; close() truncates the same way.
     *
     * Failed force. The segment is cut back to durableSize with a truncate (and a force), not by overwriting the
     * unforced records with zeros: a truncate drops the pages past the cut from the page cache at once, so no
     * reader in this boot can see those records whether or not their writeback reached the disk, and it needs no
     * further data write to a device that just failed one (an overwrite would only help if its own writeback
     * succeeded). The preallocated zeros past the cut go too; the writer is failed and writes nothing more.
     */
    private static final int INITIAL_BUFFER = 64 << 10;
    private static final int RETAINED_BUFFER_LIMIT = 4 << 20;
    /** Default preallocation chunk: one metadata-committing sync per MiB of log. */
    static final long DEFAULT_PREALLOCATE_BYTES = 1 << 20;
    /**
     * A group larger than preallocateBytes / this is appended without zeros after it: its fdatasync is dominated
     * by its own data, not by the size change, and zeros would double what a bulk load writes to the disk. The
     * next small group preallocates again.
     */
    private static final long LARGE_GROUP_FRACTION = 8;
    /** Chunks end on a multiple of this (a file system block). */
    private static final long ALLOCATION_ALIGN = 4096;
    /** Zeros written from this shared array, which is never modified. */
    private static final byte[] ZEROS = new byte[256 << 10];

    private final FileLayer fs;
    private final Path dir;
    private final long segmentBytes;
    /** Bytes of zeros to preallocate ahead of the records; 0 disables preallocation. */
    private final long preallocateBytes;
    private final CRC32C crc = new CRC32C();

    private FileChannel channel;
    /** First LSN of the current segment; written under segmentsLock, read by deleteSegmentsUpTo. */
    private volatile long currentFirstLsn;
    /** Logical size of the current segment: header and frames, up to the end of the last frame written. */
    private volatile long currentSize;
    /** Size of the current segment's file: currentSize plus the preallocated zeros after it. */
    private long allocatedSize;
    /** Logical size of the current segment covered by its last successful force. */
    private long durableSize;
    /** Whether the current segment has data written since the last force. */
    private boolean dirty;

    private byte[] buf = new byte[INITIAL_BUFFER];
    private int bufLen;
    /** LSN of the first record in the buffer, valid when bufLen > 0. */
    private long bufFirstLsn;
    /** The LSN the next append must carry. */
    private long nextLsn;
    /** LSN of the last record written to the file (handed to the OS). */
    private long writtenLsn;
    /** LSN of the last record covered by a successful force; read by any thread (close's report). */
    private volatile long durableLsn;
    /** The file the current segment's name named when it was created; checked by {@link #verifySegment()}. */
    private volatile FileIdentity segmentIdentity;

    private final Object segmentsLock = new Object();
    /** Closed segments of the directory: first LSN to size. Guarded by segmentsLock. */
    private final TreeMap<Long, Long> closedSegments = new TreeMap<>();
    /** Sum of closedSegments' sizes. Guarded by segmentsLock. */
    private long closedBytes;

    /** The first IOException; set by any thread that hit one (deleteSegmentsUpTo runs outside the leader). */
    private volatile IOException failure;
    private volatile boolean closed;

    private WalWriter(FileLayer fs, Path dir, long nextLsn, long segmentBytes, long preallocateBytes) {
        this.fs = fs;
        this.dir = dir;
        this.nextLsn = nextLsn;
        this.writtenLsn = nextLsn - 1;
        this.durableLsn = nextLsn - 1;
        this.segmentBytes = segmentBytes;
        this.preallocateBytes = preallocateBytes;
    }

    /**
     * Starts a new segment {@code wal-<nextLsn>.log} in {@code dir} (replacing an existing file of that name,
     * which can only be an empty leftover) and makes its creation durable.
     *
     * @throws IllegalArgumentException {@code nextLsn < 1} or {@code segmentBytes <= 0}
     * @throws IllegalStateException the directory holds a segment starting after {@code nextLsn}, or a non-empty
     *     segment named {@code wal-<nextLsn>.log} (the caller did not recover the log first)
     */
    public static WalWriter open(FileLayer fs, Path dir, long nextLsn, long segmentBytes) throws IOException {
        return open(fs, dir, nextLsn, segmentBytes, DEFAULT_PREALLOCATE_BYTES);
    }

    /**
     * {@link #open(FileLayer, Path, long, long)} with a preallocation chunk of {@code preallocateBytes} (0: none,
     * every write appends). Segment files found in {@code dir} must have been recovered (their zero tails cut).
     *
     * @throws IllegalArgumentException also if {@code preallocateBytes < 0}
     */
    static WalWriter open(FileLayer fs, Path dir, long nextLsn, long segmentBytes, long preallocateBytes)
            throws IOException {
        if (nextLsn < 1 || segmentBytes <= 0 || preallocateBytes < 0) {
            throw new IllegalArgumentException("nextLsn " + nextLsn + ", segmentBytes " + segmentBytes
                    + ", preallocateBytes " + preallocateBytes);
        }
        WalWriter w = new WalWriter(fs, dir, nextLsn, segmentBytes, preallocateBytes);
        long bytes = 0;
        for (long first : StoreFiles.walSegments(fs, dir)) {
            Path p = dir.resolve(StoreFiles.walSegment(first));
            long size = fs.size(p);
            if (first > nextLsn || (first == nextLsn && size > WalFormat.HEADER_SIZE)) {
                throw new IllegalStateException("WAL segment " + p + " (" + size + " bytes) is at or after LSN "
                        + nextLsn + ", the next LSN to write: the log was not recovered before opening the writer");
            }
            if (first < nextLsn) {
                w.closedSegments.put(first, size);
                bytes += size;
            }
        }
        synchronized (w.segmentsLock) {
            w.closedBytes = bytes;
        }
        if (!w.closedSegments.isEmpty()) {
            long last = w.closedSegments.lastKey();
            persistSize(fs, dir.resolve(StoreFiles.walSegment(last)), w.closedSegments.get(last));
        }
        w.startSegment(nextLsn);
        return w;
    }

    /**
     * Makes the size of the segment that is about to get a successor durable before the successor exists. Its last
     * cut (of a preallocated zero tail at close, or recovery's of a torn tail) may have been made without a
     * successful force, in this boot: the file then reads at its cut size, but a power loss could bring the zeros
     * back, and with a successor they would read as damage in a segment that is not the last one. A truncate to
     * the size the file already has is a no-op that a force would not persist, so the cut is made again as new
     * changes (one zero byte past the end, then the truncate) and forced, as {@link #recutQuietly()} does.
     */
    private static void persistSize(FileLayer fs, Path file, long size) throws IOException {
        try (FileChannel ch = fs.open(file, false, false)) {
            FileIo.writeFully(ch, size, ZEROS, 0, 1);
            ch.truncate(size);
            ch.force(true);
        }
    }

    /**
     * Frames a BATCH record with this LSN and payload into the buffer. LSNs must increase by one per record.
     *
     * @throws IllegalArgumentException {@code lsn} is not the next LSN, or the payload is too large for a frame
     * @throws IllegalStateException the writer failed or is closed
     */
    public void append(long lsn, byte[] payload) {
        append(lsn, payload.length, (buf, offset) -> System.arraycopy(payload, 0, buf, offset, payload.length));
    }

    /** Writes a record's payload into the writer's buffer (see {@link #append(long, long, PayloadEncoder)}). */
    @FunctionalInterface
    public interface PayloadEncoder {
        /** Writes exactly the announced number of payload bytes at {@code buf[offset]}. */
        void encode(byte[] buf, int offset);
    }

    /**
     * {@link #append(long, byte[])} for a payload of {@code payloadLength} bytes that {@code encoder} writes
     * straight into the buffer, so that it is never built as an array of its own. Same checks and exceptions.
     */
    public void append(long lsn, long payloadLength, PayloadEncoder encoder) {
        if (failure != null || closed) {
            throw new IllegalStateException("WAL writer is " + (closed ? "closed" : "failed"), failure);
        }
        if (lsn != nextLsn) {
            throw new IllegalArgumentException("LSN " + lsn + " appended where " + nextLsn + " is next");
        }
        if (payloadLength > WalFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes is too large for one record");
        }
        int length = WalFormat.MIN_FRAME_LENGTH + (int) payloadLength;
        int frame = WalFormat.FRAME_PREFIX + length;
        ensureCapacity(frame);
        int start = bufLen;
        LittleEndian.putU32(buf, start, length);
        buf[start + 8] = WalFormat.TYPE_BATCH;
        LittleEndian.putU64(buf, start + 9, lsn);
        encoder.encode(buf, start + WalFormat.MIN_FRAME_SIZE);
        crc.reset();
        crc.update(buf, start + WalFormat.FRAME_PREFIX, length);
        LittleEndian.putU32(buf, start + 4, crc.getValue());
        if (bufLen == 0) {
            bufFirstLsn = lsn;
        }
        bufLen += frame;
        nextLsn++;
    }

    /**
     * Writes everything buffered to the current segment, rolling to a new segment first if it is full. When the
     * records pass the preallocated end of the segment, zeros for the next chunk are written after them too (and
     * become durable with the next {@link #sync()}).
     */
    public void write() throws IOException {
        checkUsable();
        if (bufLen == 0) {
            return;
        }
        try {
            if (currentSize > WalFormat.HEADER_SIZE && currentSize + bufLen > segmentBytes) {
                startSegment(bufFirstLsn);
            }
            long end = currentSize + bufLen;
            FileIo.writeFully(channel, currentSize, buf, 0, bufLen);
            currentSize = end;
            dirty = true;
            writtenLsn = nextLsn - 1;
            if (end > allocatedSize) {
                allocatedSize = end;
                if (bufLen <= preallocateBytes / LARGE_GROUP_FRACTION) {
                    preallocate(end);
                }
            }
            bufLen = 0;
            if (buf.length > RETAINED_BUFFER_LIMIT) {
                buf = new byte[INITIAL_BUFFER];
            }
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Forces the current segment's data to stable storage (fdatasync). Does nothing if nothing was written. */
    public void sync() throws IOException {
        sync(true);
    }

    /**
     * Forces the current segment. If the force fails, the segment is also cut back to the size its last
     * successful force covered (when {@code discardOnFailure}): after a failed fsync Linux may mark the unwritten
     * pages clean, so those records could be read back by a later open in this boot and then vanish at the next
     * power loss, leaving a hole under records acknowledged after the reopen. Cutting them now (they were never
     * acknowledged as durable) keeps the log a prefix of what was forced. Best effort: if the cut fails too, the
     * writer is failed anyway and the disk is in trouble.
     */
    private void sync(boolean discardOnFailure) throws IOException {
        checkUsable();
        if (!dirty) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
            durableSize = currentSize;
            durableLsn = writtenLsn;
        } catch (IOException e) {
            fail(e);
            if (discardOnFailure) {
                discardUnforcedTail();
            }
            throw e;
        }
    }

    private void discardUnforcedTail() {
        try {
            channel.truncate(durableSize); // drops the preallocated zeros too; see "Failed force" above
            allocatedSize = durableSize;
            channel.force(true);
            synchronized (segmentsLock) {
                currentSize = durableSize;
            }
        } catch (IOException | RuntimeException ignored) {
            // the writer is already failed; recovery decides what survived
        }
    }

    /**
     * Closes the current segment (after writing anything buffered and forcing it) and starts a new one whose
     * first LSN is {@code nextLsn}. Used by snapshots so that older segments can later be deleted whole. If the
     * current segment holds no record and already starts at {@code nextLsn}, it stays the current segment.
     *
     * @throws IllegalArgumentException {@code nextLsn} is not the LSN the next append must carry
     */
    public void rollSegment(long nextLsn) throws IOException {
        checkUsable();
        if (nextLsn != this.nextLsn) {
            throw new IllegalArgumentException("roll to LSN " + nextLsn + " where " + this.nextLsn + " is next");
        }
        write();
        if (currentSize == WalFormat.HEADER_SIZE && currentFirstLsn == nextLsn) {
            return;
        }
        try {
            startSegment(nextLsn);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** LSN of the last record a successful force made durable (records before the writer's open count as durable). */
    public long durableLsn() {
        return durableLsn;
    }

    /** First LSN of the current segment. */
    public long currentFirstLsn() {
        return currentFirstLsn;
    }

    /**
     * Checks that the current segment's name still names the file this writer writes to: one {@code stat}.
     *
     * @throws StoreFileGoneException it was deleted or replaced (the writer is not failed by this call)
     */
    public void verifySegment() throws IOException {
        FileIdentity id = segmentIdentity;
        if (id != null) {
            id.verify();
        }
    }

    /**
     * Closes the current segment's file without writing or forcing anything, as a killed process would (what was
     * written survives in the OS, the buffer does not); releases its lock. For crash tests. Idempotent.
     */
    public void abandon() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * Total logical bytes in segments of this directory, as tracked since open (existing segments included):
     * headers and frames, not the preallocated zeros after the current segment's last frame.
     */
    public long totalBytes() {
        synchronized (segmentsLock) {
            return closedBytes + currentSize;
        }
    }

    /**
     * Deletes every segment all of whose records have LSN &lt;= {@code lsn}, then syncs the directory. A segment
     * qualifies iff the next segment's first LSN is &lt;= {@code lsn + 1}; the current segment never does.
     */
    public void deleteSegmentsUpTo(long lsn) throws IOException {
        List<Long> doomed = new ArrayList<>();
        synchronized (segmentsLock) {
            for (Map.Entry<Long, Long> e : closedSegments.entrySet()) {
                Long next = closedSegments.higherKey(e.getKey());
                long nextFirst = next != null ? next : currentFirstLsn;
                if (nextFirst > lsn + 1) {
                    break;
                }
                doomed.add(e.getKey());
            }
        }
        if (doomed.isEmpty()) {
            return;
        }
        try {
            for (long first : doomed) {
                fs.deleteIfExists(dir.resolve(StoreFiles.walSegment(first)));
                synchronized (segmentsLock) {
                    closedBytes -= closedSegments.remove(first);
                }
            }
            fs.syncDirectory(dir);
        } catch (IOException e) {
            // Not a log failure: the segments that could not be removed are whole and wholly covered by the
            // snapshot, so recovery skips them. The caller reports the error; the writer stays usable.
            throw e;
        }
    }

    /**
     * Writes anything buffered, forces it, then truncates the current segment's preallocated zeros and closes
     * it. After a failure it only closes (recovery cuts whatever tail is left). Idempotent.
     *
     * @throws IOException writing or forcing the records failed. A failure to cut the zero tail is not
     *     reported: every record is durable by then, and the tail is exactly what a crash would leave (recovery
     *     truncates it), so it cannot cost data; a store whose log was intact must not fail its close for it.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                write();
                sync(false);
                trimTailQuietly();
            }
        } finally {
            closed = true;
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * Closes the current segment (cut to its logical size and forced, see {@link #finishSegment()}) and creates,
     * initialises and syncs a new one. If closing fails, the writer fails and no successor is created; the
     * segment is cut back to durableSize as after any failed force (see {@link #sync(boolean)}: its unforced
     * records may be gone from the disk while a reopen in this boot would still read them, and a successor built
     * on them would leave an LSN gap at the next power loss, losing records forced after it), or, if all its
     * records were forced and only the cut of the zero tail failed, the cut is re-issued (see
     * {@link #recutQuietly()}).
     */
    private void startSegment(long firstLsn) throws IOException {
        FileChannel previous = channel;
        if (channel != null) {
            boolean onlyTheCut = !dirty;
            try {
                finishSegment();
            } catch (IOException e) {
                fail(e);
                if (onlyTheCut) {
                    recutQuietly();
                } else {
                    discardUnforcedTail();
                }
                throw e;
            }
            synchronized (segmentsLock) {
                closedSegments.put(currentFirstLsn, currentSize);
                closedBytes += currentSize;
                currentSize = 0;
            }
        }
        Path file = dir.resolve(StoreFiles.walSegment(firstLsn));
        FileChannel ch = fs.open(file, true, false);
        FileIdentity identity;
        try {
            // The owner's lock on its current segment: a second process is refused even if LOCK was deleted
            // (see KvStore's open). Taken before the old segment's channel (and with it its lock) is gone.
            if (ch.tryLock() == null) {
                throw new IOException("log segment " + file + " is locked by another process");
            }
            ch.truncate(0);
            byte[] header = WalFormat.header(firstLsn);
            FileIo.writeFully(ch, 0, header, 0, header.length);
            ch.force(true);
            fs.syncDirectory(dir);
            identity = FileIdentity.of(file);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (previous != null) {
            try {
                previous.close();
            } catch (IOException ignored) {
                // its records were forced by finishSegment(); closing only releases the descriptor and lock
            }
        }
        channel = ch;
        segmentIdentity = identity;
        synchronized (segmentsLock) {
            currentFirstLsn = firstLsn;
            currentSize = WalFormat.HEADER_SIZE;
        }
        durableSize = WalFormat.HEADER_SIZE;
        allocatedSize = WalFormat.HEADER_SIZE;
    }

    /**
     * Makes the current segment end exactly after its last frame, durably: truncates the preallocated zeros and
     * forces (with metadata, since the size changes), or only forces unforced records if there are no zeros.
     */
    private void finishSegment() throws IOException {
        if (allocatedSize > currentSize) {
            channel.truncate(currentSize);
            allocatedSize = currentSize;
            channel.force(true);
        } else if (dirty) {
            channel.force(false);
        }
        dirty = false;
        durableSize = currentSize;
        durableLsn = writtenLsn;
    }

    /**
     * After the force of a tail cut failed: the kernel may never persist that cut, and ftruncate to the size the
     * file already has is a no-op, so a later force (recovery's, in this boot) would not persist it either; a
     * successor created then would follow a segment that may get its zero tail back at a power loss. So the cut is
     * made again as new changes (one zero byte written past the end, then the truncate) and forced. Best effort:
     * the writer is failed already.
     */
    private void recutQuietly() {
        try {
            FileIo.writeFully(channel, currentSize, ZEROS, 0, 1);
            channel.truncate(currentSize);
            allocatedSize = currentSize;
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // the disk is in trouble; recovery decides what survived
        }
    }

    /** Best effort (see {@link #close()}): cuts the zero tail of the current segment, which holds only forced records. */
    private void trimTailQuietly() {
        if (allocatedSize > currentSize) {
            try {
                channel.truncate(currentSize);
                allocatedSize = currentSize;
                channel.force(true);
            } catch (IOException e) {
                // harmless: a zero tail after forced records reads as a torn tail, which the next open truncates
            }
        }
    }

    /**
     * Writes zeros from {@code end} (the end of the records just written, which passed the allocated end) to the
     * next chunk boundary: {@code preallocateBytes} past {@code end}, rounded up to {@link #ALLOCATION_ALIGN},
     * but not past the segment size (a group that alone passes it gets no zeros: the segment rolls after it).
     * Not forced here: the group's sync forces records and zeros at once.
     */
    private void preallocate(long end) throws IOException {
        if (preallocateBytes == 0) {
            return;
        }
        long target = Math.min(alignUp(end + preallocateBytes), segmentBytes);
        for (long pos = end; pos < target; ) {
            int n = (int) Math.min(ZEROS.length, target - pos);
            FileIo.writeFully(channel, pos, ZEROS, 0, n);
            pos += n;
            allocatedSize = pos;
        }
    }

    private static long alignUp(long n) {
        return (n + ALLOCATION_ALIGN - 1) / ALLOCATION_ALIGN * ALLOCATION_ALIGN;
    }

    private void ensureCapacity(int extra) {
        long needed = (long) bufLen + extra;
        if (needed > buf.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("commit group too large to buffer: " + needed + " bytes");
            }
            long grown = Math.max(needed, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8));
            byte[] b = new byte[(int) grown];
            System.arraycopy(buf, 0, b, 0, bufLen);
            buf = b;
        }
    }

    private void checkUsable() throws IOException {
        if (closed) {
            throw new IOException("WAL writer is closed");
        }
        if (failure != null) {
            throw new IOException("WAL writer failed earlier and must not be used: " + failure.getMessage(), failure);
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
