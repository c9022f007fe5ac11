package io.kvstore.engine.wal;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.io.FileIo;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads the WAL back at open: validates every frame, hands each batch after a given LSN to a consumer in LSN
 * order, truncates a torn or zero-filled tail, and reports real corruption. The rules are specified in
 * docs/format/wal.md, "Reading the log back".
 *
 * <p>Thread-safety: stateless entry point; one call must not run concurrently with a writer on the same
 * directory. Durability: when it returns (not read-only), any truncation, deletion or salvage move is durable
 * and the last segment has been forced. Batches are handed to the consumer while reading, so when it throws the
 * consumer may already have seen a prefix of the log.
 */
public final class WalRecovery {
    /*
     * Torn tail versus corruption. The writer forces a segment before creating its successor, so only the last
     * segment can legitimately end in garbage. There, a frame that fails its structural or CRC checks is a torn
     * tail if no valid frame follows it: a write cut short, or zeros or stale pages left by a power loss. A frame
     * whose CRC matches but whose type or LSN is wrong cannot come from a torn write and is always corruption.
     * The forward scan bounds candidate LSNs by the bytes available (each record takes at least
     * MIN_FRAME_SIZE bytes), which rejects garbage before any CRC is computed, and skips runs of zeros in one
     * step: the last segment normally ends in the writer's preallocated zeros (up to a MiB) after a crash.
     */

    private final FileLayer fs;
    private final Path dir;
    private final long afterLsn;
    private final boolean readOnly;
    private final boolean salvage;
    private final Consumer<WalBatch> consumer;
    private final CRC32C crc = new CRC32C();

    private long lastLsn;
    private long truncatedBytes;
    private boolean salvaged;

    private WalRecovery(FileLayer fs, Path dir, long afterLsn, boolean readOnly, boolean salvage,
                        Consumer<WalBatch> consumer) {
        this.fs = fs;
        this.dir = dir;
        this.afterLsn = afterLsn;
        this.readOnly = readOnly;
        this.salvage = salvage;
        this.consumer = consumer;
        this.lastLsn = afterLsn;
    }

    /**
     * What recovery found.
     *
     * @param lastLsn LSN of the last valid record (or {@code afterLsn} if none came after it)
     * @param walBytes bytes in the remaining segment files
     * @param truncatedBytes bytes cut from a torn tail (0 if clean), including a last segment whose creation was
     *     torn; when read-only, the bytes that would have been cut
     * @param salvaged whether salvage moved damaged data aside (when read-only: whether it stopped at damage)
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
        return new WalRecovery(fs, dir, afterLsn, readOnly, salvage, consumer).run();
    }

    /** Where and why the log is damaged. */
    private record Damage(long offset, String detail) {
    }

    /** A frame's fields as read, and why it is not usable ({@code problem == null}: structure and CRC are good). */
    private record Probe(String problem, int length, byte type, long lsn) {
    }

    private Result run() throws IOException {
        List<Long> segments = new ArrayList<>(StoreFiles.walSegments(fs, dir));
        if (segments.isEmpty() && afterLsn > 0) {
            // The writer creates (and syncs) the segment after a snapshot's LSN before it writes the snapshot, and
            // no snapshot removes it: a snapshot without any segment means the log was deleted from outside.
            Path missing = segment(afterLsn + 1);
            if (!salvage) {
                throw new KvCorruptionException(missing, 0, "missing log: the snapshot covers LSNs up to " + afterLsn
                        + " but no log segment follows it (" + missing.getFileName() + " or a later one must exist;"
                        + " were the wal-*.log files deleted?), so every commit after LSN " + afterLsn + " is lost");
            }
            salvaged = true;
            return new Result(lastLsn, 0, 0, true);
        }
        dropTornCreation(segments);
        long expectedFirst = -1;
        for (int i = 0; i < segments.size(); i++) {
            long first = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (!last && segments.get(i + 1) <= afterLsn + 1) {
                continue; // every record in it is <= afterLsn
            }
            Damage damage = null;
            if (expectedFirst < 0 && first > afterLsn + 1) {
                damage = new Damage(0, "LSN gap: the log starts at LSN " + first + " but the snapshot covers only up to "
                        + afterLsn + ", so LSNs " + (afterLsn + 1) + ".." + (first - 1) + " are missing"
                        + " (is the snapshot that covers them missing or incomplete?)");
            } else if (expectedFirst >= 0 && first != expectedFirst) {
                damage = new Damage(0, "LSN gap: segment starts at LSN " + first + " but the previous segment ends at "
                        + (expectedFirst - 1));
            }
            long[] segmentLast = {first - 1};
            if (damage == null) {
                damage = readSegment(first, last, segmentLast);
            }
            if (damage != null) {
                handle(segments, i, damage);
                break;
            }
            expectedFirst = segmentLast[0] + 1;
        }
        long walBytes = 0;
        for (long first : StoreFiles.walSegments(fs, dir)) {
            walBytes += fs.size(segment(first));
        }
        return new Result(lastLsn, walBytes, truncatedBytes, salvaged);
    }

    /** Deletes (or, read-only, ignores) a last segment shorter than its header or holding only zeros. */
    private void dropTornCreation(List<Long> segments) throws IOException {
        if (segments.isEmpty()) {
            return;
        }
        Path file = segment(segments.get(segments.size() - 1));
        long size = fs.size(file);
        boolean torn = size < WalFormat.HEADER_SIZE;
        if (!torn) {
            try (FileChannel ch = fs.open(file, false, true)) {
                torn = new SegmentInput(ch, size).allZero();
            }
        }
        if (torn) {
            segments.remove(segments.size() - 1);
            truncatedBytes += size;
            if (!readOnly) {
                fs.deleteIfExists(file);
                fs.syncDirectory(dir);
            }
        }
    }

    /**
     * Verifies one segment and replays its records after {@code afterLsn}; truncates a torn tail of the last
     * segment. Stores the segment's last LSN in {@code segmentLast[0]} and returns the damage found, or null.
     */
    private Damage readSegment(long first, boolean last, long[] segmentLast) throws IOException {
        Path file = segment(first);
        boolean writable = last && !readOnly;
        try (FileChannel ch = fs.open(file, false, !writable)) {
            SegmentInput in = new SegmentInput(ch, ch.size());
            long size = in.size();
            Damage damage = checkHeader(in, first);
            if (damage != null) {
                return damage;
            }
            long pos = WalFormat.HEADER_SIZE;
            while (pos < size) {
                Probe f = probe(in, pos);
                if (f.problem == null) {
                    if (f.type != WalFormat.TYPE_BATCH) {
                        return new Damage(pos, "unknown record type " + (f.type & 0xFF)
                                + " with a valid checksum (written by a newer version?)");
                    }
                    if (f.lsn != segmentLast[0] + 1) {
                        return new Damage(pos, "record has LSN " + f.lsn + " where " + (segmentLast[0] + 1)
                                + " was expected");
                    }
                    if (f.lsn > afterLsn) {
                        Damage bad = replay(in, pos, f);
                        if (bad != null) {
                            return bad;
                        }
                    }
                    segmentLast[0] = f.lsn;
                    lastLsn = Math.max(lastLsn, f.lsn);
                    pos += WalFormat.FRAME_PREFIX + f.length;
                    continue;
                }
                long valid = findValidFrame(in, pos, segmentLast[0]);
                if (valid >= 0) {
                    return new Damage(pos, f.problem + ", and a valid record follows at offset " + valid);
                }
                if (!last) {
                    return new Damage(pos, f.problem + " in a segment that is not the last one");
                }
                truncatedBytes += size - pos;
                if (writable) {
                    ch.truncate(pos);
                }
                break;
            }
            if (writable) {
                ch.force(true);
            }
            return null;
        }
    }

    private Damage checkHeader(SegmentInput in, long first) throws IOException {
        if (in.size() < WalFormat.HEADER_SIZE) {
            return new Damage(0, "segment of " + in.size() + " bytes is shorter than its "
                    + WalFormat.HEADER_SIZE + "-byte header");
        }
        byte[] h = in.read(0, WalFormat.HEADER_SIZE);
        if (!Arrays.equals(h, 0, WalFormat.MAGIC.length, WalFormat.MAGIC, 0, WalFormat.MAGIC.length)) {
            return new Damage(0, "bad magic: not a kvstore WAL segment");
        }
        int version = LittleEndian.getU16(h, WalFormat.VERSION_OFFSET);
        if (version < WalFormat.OLDEST_READABLE_VERSION || version > WalFormat.VERSION) {
            return new Damage(WalFormat.VERSION_OFFSET, "unsupported WAL format version " + version
                    + " (this version reads versions " + WalFormat.OLDEST_READABLE_VERSION + " to "
                    + WalFormat.VERSION + ")");
        }
        segmentVersion = version;
        int flags = LittleEndian.getU16(h, WalFormat.FLAGS_OFFSET);
        if (flags != 0) {
            return new Damage(WalFormat.FLAGS_OFFSET, "unsupported segment flags 0x" + Integer.toHexString(flags));
        }
        long headerLsn = LittleEndian.getU64(h, WalFormat.FIRST_LSN_OFFSET);
        if (headerLsn != first) {
            return new Damage(WalFormat.FIRST_LSN_OFFSET, "header says first LSN " + headerLsn
                    + " but the file name says " + first);
        }
        return null;
    }

    /** Reads the frame at {@code pos}: its fields, and whether its structure and checksum hold. */
    private Probe probe(SegmentInput in, long pos) throws IOException {
        long left = in.size() - pos;
        if (left < WalFormat.FRAME_PREFIX) {
            return new Probe("incomplete frame header (" + left + " bytes)", 0, (byte) 0, 0);
        }
        long length = LittleEndian.getU32(in.window(), in.at(pos, WalFormat.FRAME_PREFIX));
        if (length < WalFormat.MIN_FRAME_LENGTH || length > WalFormat.MAX_FRAME_LENGTH) {
            return new Probe("bad frame length " + length, 0, (byte) 0, 0);
        }
        if (length > left - WalFormat.FRAME_PREFIX) {
            return new Probe("frame of " + length + " bytes runs past the end of the file", 0, (byte) 0, 0);
        }
        int o = in.at(pos, WalFormat.MIN_FRAME_SIZE);
        byte[] w = in.window();
        long stored = LittleEndian.getU32(w, o + 4);
        byte type = w[o + 8];
        long lsn = LittleEndian.getU64(w, o + 9);
        String problem = crcOf(in, pos, length) == stored ? null : "checksum mismatch";
        return new Probe(problem, (int) length, type, lsn);
    }

    /** Decodes the BATCH at {@code pos} and hands it to the consumer; a malformed payload is damage. */
    /** Format version of the segment being read. */
    private int segmentVersion = WalFormat.VERSION;

    private Damage replay(SegmentInput in, long pos, Probe f) throws IOException {
        byte[] payload = in.read(pos + WalFormat.MIN_FRAME_SIZE, f.length - WalFormat.MIN_FRAME_LENGTH);
        WalBatch batch;
        try {
            batch = WalBatch.decode(f.lsn, payload);
        } catch (IllegalArgumentException e) {
            return new Damage(pos, "record LSN " + f.lsn + " has a valid checksum but a malformed BATCH payload: "
                    + e.getMessage());
        }
        if (segmentVersion < 2 && !WalFormat.fitsVersion1(batch, payload)) {
            return new Damage(pos, "record LSN " + f.lsn + " in a version-1 segment uses version-2 features"
                    + " (expiry times or EXPIRE ops)");
        }
        if (segmentVersion < 3 && (payload[0] & WalBatch.FLAG_ENCODING) != 0) {
            return new Damage(pos, "record LSN " + f.lsn + " in a version-" + segmentVersion
                    + " segment uses a version-3 feature (compressed values)");
        }
        consumer.accept(batch);
        return null;
    }

    /**
     * The offset of the first valid frame at or after {@code from} (see docs/format/wal.md, step 6), or -1.
     */
    private long findValidFrame(SegmentInput in, long from, long lastGood) throws IOException {
        long size = in.size();
        long maxLsn = lastGood + 1 + (size - from) / WalFormat.MIN_FRAME_SIZE;
        for (long q = from; q + WalFormat.MIN_FRAME_SIZE <= size; q++) {
            int o = in.at(q, WalFormat.MIN_FRAME_SIZE);
            byte[] w = in.window();
            long length = LittleEndian.getU32(w, o);
            if (length == 0) {
                // A zero run (the writer's preallocated tail, or zeros left by a power loss). A valid frame's
                // length is >= 9, so one of its 4 length bytes is non-zero: the next candidate is at most 3 bytes
                // before the next non-zero byte. Skipping there keeps a scan over a MiB-long zero tail cheap.
                q = Math.max(q, in.nextNonZero(q + 4) - 4); // q++ follows
                continue;
            }
            if (length < WalFormat.MIN_FRAME_LENGTH || length > size - q - WalFormat.FRAME_PREFIX) {
                continue;
            }
            long lsn = LittleEndian.getU64(w, o + 9);
            if (lsn <= lastGood || lsn > maxLsn) {
                continue;
            }
            long stored = LittleEndian.getU32(w, o + 4);
            if (crcOf(in, q, length) == stored) {
                return q;
            }
        }
        return -1;
    }

    private long crcOf(SegmentInput in, long frame, long length) throws IOException {
        crc.reset();
        in.update(crc, frame + WalFormat.FRAME_PREFIX, length);
        return crc.getValue();
    }

    /** Throws, or with salvage keeps the log up to the damage and moves the rest aside. */
    private void handle(List<Long> segments, int index, Damage damage) throws IOException {
        Path file = segment(segments.get(index));
        if (!salvage) {
            throw new KvCorruptionException(file, damage.offset, damage.detail);
        }
        salvaged = true;
        if (readOnly) {
            return;
        }
        List<String> names = new ArrayList<>(fs.list(dir));
        if (damage.offset >= WalFormat.HEADER_SIZE) {
            String aside = StoreFiles.damaged(file.getFileName().toString(), names);
            names.add(aside);
            Path tmp = dir.resolve(StoreFiles.temp(aside));
            FileIo.copy(fs, file, tmp, fs.size(file));
            fs.atomicMove(tmp, dir.resolve(aside));
            fs.syncDirectory(dir); // the copy is durable before the original is cut
            try (FileChannel ch = fs.open(file, false, false)) {
                ch.truncate(damage.offset);
                ch.force(true);
            }
        } else {
            moveAside(file, names);
        }
        for (int j = index + 1; j < segments.size(); j++) {
            moveAside(segment(segments.get(j)), names);
        }
        fs.syncDirectory(dir);
    }

    private void moveAside(Path file, List<String> names) throws IOException {
        String aside = StoreFiles.damaged(file.getFileName().toString(), names);
        names.add(aside);
        fs.atomicMove(file, dir.resolve(aside));
    }

    private Path segment(long first) {
        return dir.resolve(StoreFiles.walSegment(first));
    }
}
