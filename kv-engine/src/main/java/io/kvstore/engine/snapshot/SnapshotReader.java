package io.kvstore.engine.snapshot;

import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.codec.Codecs;
import io.kvstore.engine.io.FileIo;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.io.Varints;
import io.kvstore.engine.table.EntryRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Loads the newest snapshot at open (docs/format/snapshot.md, "Loading").
 *
 * <p>Thread-safety: stateless; must not run concurrently with a {@link SnapshotWriter} on the same directory.
 * Records are handed to the consumer block by block, each block only after it has been verified, so when a
 * later block turns out damaged the consumer has already seen the records before it.
 */
public final class SnapshotReader {
    private SnapshotReader() {
    }

    /** Where and why a snapshot is damaged. */
    private record Damage(long offset, String detail) {
    }

    /**
     * Loads the newest complete snapshot in {@code dir}, passing each entry record to {@code consumer}, and
     * returns its LSN, or 0 if there is none. Leftover temp files are ignored (and deleted unless readOnly).
     * A snapshot file without a valid footer is damaged (files are forced before they get their final name):
     * it is reported, or under salvage its intact blocks are loaded.
     *
     * @throws io.kvstore.engine.KvCorruptionException if the newest snapshot is damaged, naming file and offset;
     *     with {@code salvage}, the records before the damage are loaded, the file is renamed aside and its LSN is
     *     still returned. Renamed aside means: copied to {@code snapshot-<lsn>.snap.damaged}, then replaced by a
     *     valid snapshot of the same LSN holding exactly the loaded records (unless readOnly: no file changes),
     *     so that the next open finds a consistent directory.
     */
    public static long load(FileLayer fs, Path dir, boolean salvage, boolean readOnly, Consumer<byte[]> consumer)
            throws IOException {
        return load(fs, dir, salvage, readOnly, count -> { }, consumer);
    }

    /**
     * {@link #load(FileLayer, Path, boolean, boolean, Consumer)}, telling {@code expectedCount} the record count of
     * the snapshot's footer before the first record, when the footer is intact (so that the table can be sized
     * once instead of growing step by step). A hint only: under salvage fewer records may follow.
     */
    public static long load(FileLayer fs, Path dir, boolean salvage, boolean readOnly, LongConsumer expectedCount,
                            Consumer<byte[]> consumer) throws IOException {
        if (!readOnly) {
            StoreFiles.deleteTempFiles(fs, dir);
        }
        List<Long> lsns = StoreFiles.snapshots(fs, dir);
        for (int i = lsns.size() - 1; i >= 0; i--) {
            long lsn = lsns.get(i);
            Path file = dir.resolve(StoreFiles.snapshot(lsn));
            try (FileChannel ch = fs.open(file, false, true)) {
                long size = ch.size();
                // A file under its final name was forced before it was renamed, so a missing footer is damage
                // (truncation or bit rot), not an unfinished write: report it, or salvage its intact blocks.
                long footerCount = footerCount(ch, size);
                boolean complete = footerCount >= 0;
                if (complete) {
                    // a record takes at least 4 bytes: never size a table beyond what the file could hold
                    expectedCount.accept(Math.min(footerCount, size / 4));
                }
                long[] loaded = new long[4]; // {records, end of the verified blocks, format version, header flags}
                Damage damage = verifyAndLoad(ch, size, complete, lsn, consumer, loaded);
                if (damage != null) {
                    if (!salvage) {
                        throw new KvCorruptionException(file, damage.offset, damage.detail);
                    }
                    if (!readOnly) {
                        rewriteSalvaged(fs, dir, file, ch, lsn, loaded[1], loaded[0], (int) loaded[2],
                                (int) loaded[3]);
                    }
                }
                return lsn;
            }
        }
        return 0;
    }

    /** Deletes snapshot files older than the one for {@code lsn}, and syncs the directory. */
    public static void deleteOlderThan(FileLayer fs, Path dir, long lsn) throws IOException {
        boolean deleted = false;
        for (long older : StoreFiles.snapshots(fs, dir)) {
            if (older < lsn) {
                fs.deleteIfExists(dir.resolve(StoreFiles.snapshot(older)));
                deleted = true;
            }
        }
        if (deleted) {
            fs.syncDirectory(dir);
        }
    }

    private static long footerCount(FileChannel ch, long size) throws IOException {
        if (size < SnapshotFormat.HEADER_SIZE + SnapshotFormat.FOOTER_SIZE) {
            return -1;
        }
        byte[] footer = new byte[SnapshotFormat.FOOTER_SIZE];
        FileIo.readFully(ch, size - footer.length, footer, 0, footer.length);
        return SnapshotFormat.isFooter(footer) ? Math.max(0, LittleEndian.getU64(footer, 8)) : -1;
    }

    /**
     * Verifies the snapshot and hands the records of each verified block to the consumer. Stores the number of
     * records handed over in {@code loaded[0]} and the end of the last verified block in {@code loaded[1]};
     * returns the first damage, or null.
     */
    private static Damage verifyAndLoad(FileChannel ch, long size, boolean complete, long lsn,
                                        Consumer<byte[]> consumer, long[] loaded) throws IOException {
        loaded[1] = SnapshotFormat.HEADER_SIZE;
        if (size < SnapshotFormat.HEADER_SIZE) {
            return new Damage(size, "file ends inside its " + SnapshotFormat.HEADER_SIZE + "-byte header");
        }
        int[] version = new int[2]; // {version, flags}
        Damage damage = checkHeader(ch, lsn, version);
        if (damage != null) {
            return damage;
        }
        loaded[2] = version[0];
        loaded[3] = version[1];
        boolean compressedBlocks = (version[1] & SnapshotFormat.FLAG_COMPRESSED_BLOCKS) != 0;
        byte[] raw = new byte[0];
        long footerAt = complete ? size - SnapshotFormat.FOOTER_SIZE : size;
        byte[] prefix = new byte[SnapshotFormat.BLOCK_PREFIX];
        byte[] content = new byte[SnapshotFormat.BLOCK_TARGET + 16];
        long pos = SnapshotFormat.HEADER_SIZE;
        while (pos < footerAt) {
            if (footerAt - pos < SnapshotFormat.BLOCK_PREFIX + 1) {
                return new Damage(pos, "block header does not fit before the footer");
            }
            FileIo.readFully(ch, pos, prefix, 0, prefix.length);
            long length = LittleEndian.getU32(prefix, 0);
            if (length == 0 || length > footerAt - pos - SnapshotFormat.BLOCK_PREFIX) {
                return new Damage(pos, "bad block length " + length);
            }
            if (length > content.length) {
                content = new byte[(int) length];
            }
            FileIo.readFully(ch, pos + SnapshotFormat.BLOCK_PREFIX, content, 0, (int) length);
            if (SnapshotFormat.crc(content, 0, (int) length) != LittleEndian.getU32(prefix, 4)) {
                return new Damage(pos, "block checksum mismatch");
            }
            byte[] recs = content;
            int recsLength = (int) length;
            if (compressedBlocks) {
                try {
                    int id = content[0] & 0xFF;
                    long rawLength = Varints.read(content, 1, (int) length);
                    int data = Varints.end(content, 1);
                    if (rawLength <= 0 || rawLength > SnapshotFormat.MAX_BLOCK_CONTENT || data > length) {
                        return new Damage(pos, "bad raw length " + rawLength + " of a compressed block"
                                + " (block checksum is valid)");
                    }
                    recsLength = (int) rawLength;
                    if (id == 0) {
                        if (length - data != rawLength) {
                            return new Damage(pos, "plain block holds " + (length - data) + " bytes, not "
                                    + rawLength + " (block checksum is valid)");
                        }
                        recs = Arrays.copyOfRange(content, data, (int) length);
                    } else {
                        if (raw.length < recsLength) {
                            raw = new byte[Math.max(recsLength, SnapshotFormat.BLOCK_TARGET + 16)];
                        }
                        Codecs.byId(id).decompress(content, data, (int) length - data, raw, 0, recsLength);
                        recs = raw;
                    }
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    return new Damage(pos, "undecodable compressed block: " + e.getMessage()
                            + " (block checksum is valid)");
                }
            }
            List<byte[]> records = new ArrayList<>();
            String problem = parseBlock(recs, recsLength, records, version[0]);
            if (problem != null) {
                return new Damage(pos, problem + " (block checksum is valid)");
            }
            records.forEach(consumer);
            loaded[0] += records.size();
            pos += SnapshotFormat.BLOCK_PREFIX + length;
            loaded[1] = pos;
        }
        if (!complete) {
            return new Damage(size, "file ends without a valid footer (truncated or damaged footer)");
        }
        byte[] footer = new byte[SnapshotFormat.FOOTER_SIZE];
        FileIo.readFully(ch, footerAt, footer, 0, footer.length);
        long footerLsn = LittleEndian.getU64(footer, SnapshotFormat.FOOTER_LSN_OFFSET);
        if (footerLsn != lsn) {
            return new Damage(footerAt + SnapshotFormat.FOOTER_LSN_OFFSET, "footer says LSN " + footerLsn
                    + " but the file name says " + lsn);
        }
        long count = LittleEndian.getU64(footer, SnapshotFormat.FOOTER_COUNT_OFFSET);
        if (count != loaded[0]) {
            return new Damage(footerAt, "footer counts " + Long.toUnsignedString(count) + " records but the blocks hold "
                    + loaded[0]);
        }
        return null;
    }

    private static Damage checkHeader(FileChannel ch, long lsn, int[] versionOut) throws IOException {
        byte[] h = new byte[SnapshotFormat.HEADER_SIZE];
        FileIo.readFully(ch, 0, h, 0, h.length);
        if (!Arrays.equals(h, 0, SnapshotFormat.MAGIC.length, SnapshotFormat.MAGIC, 0, SnapshotFormat.MAGIC.length)) {
            return new Damage(0, "bad magic: not a kvstore snapshot");
        }
        int version = LittleEndian.getU16(h, SnapshotFormat.VERSION_OFFSET);
        if (version < SnapshotFormat.OLDEST_READABLE_VERSION || version > SnapshotFormat.VERSION) {
            return new Damage(SnapshotFormat.VERSION_OFFSET, "unsupported snapshot format version " + version
                    + " (this version reads versions " + SnapshotFormat.OLDEST_READABLE_VERSION + " to "
                    + SnapshotFormat.VERSION + ")");
        }
        versionOut[0] = version;
        int flags = LittleEndian.getU16(h, SnapshotFormat.FLAGS_OFFSET);
        versionOut[1] = flags;
        if (flags != 0 && (version < 3 || flags != SnapshotFormat.FLAG_COMPRESSED_BLOCKS)) {
            return new Damage(SnapshotFormat.FLAGS_OFFSET, "unsupported snapshot flags 0x" + Integer.toHexString(flags));
        }
        long headerLsn = LittleEndian.getU64(h, SnapshotFormat.LSN_OFFSET);
        if (headerLsn != lsn) {
            return new Damage(SnapshotFormat.LSN_OFFSET, "header says LSN " + headerLsn + " but the file name says " + lsn);
        }
        return null;
    }

    /** Splits a verified block's content into records; returns what is wrong with it, or null. */
    private static String parseBlock(byte[] content, int length, List<byte[]> records, int version) {
        int p = 0;
        while (p < length) {
            long recordLength;
            try {
                recordLength = Varints.read(content, p, length);
            } catch (IllegalArgumentException e) {
                return "malformed record length at block offset " + p;
            }
            p = Varints.end(content, p);
            if (recordLength < 0 || recordLength > length - p) {
                return "record at block offset " + p + " runs past the end of its block";
            }
            byte[] record = Arrays.copyOfRange(content, p, p + (int) recordLength);
            if (version < 3) {
                try {
                    record = version == 1 ? EntryRecord.fromVersion1(record) : EntryRecord.fromVersion2(record);
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                    return "malformed version-" + version + " entry record at block offset " + p;
                }
            }
            if (!EntryRecord.isWellFormed(record)) {
                return "malformed entry record at block offset " + p;
            }
            records.add(record);
            p += (int) recordLength;
        }
        return null;
    }

    /**
     * Copies the damaged snapshot aside, then atomically replaces it with a snapshot of the same LSN holding the
     * verified blocks {@code [HEADER_SIZE, goodEnd)} of it.
     */
    private static void rewriteSalvaged(FileLayer fs, Path dir, Path file, FileChannel damaged, long lsn,
                                        long goodEnd, long records, int version, int flags) throws IOException {
        String name = file.getFileName().toString();
        Path aside = dir.resolve(StoreFiles.damaged(name, fs.list(dir)));
        Path asideTmp = dir.resolve(StoreFiles.temp(aside.getFileName().toString()));
        FileIo.copy(fs, file, asideTmp, damaged.size());
        fs.atomicMove(asideTmp, aside);
        Path tmp = dir.resolve(StoreFiles.temp(name));
        try (FileChannel out = fs.open(tmp, true, false)) {
            out.truncate(0);
            SnapshotWriter.BlockOutput blocks = new SnapshotWriter.BlockOutput(out, lsn,
                    version == 0 ? SnapshotFormat.VERSION : version, flags, null);
            blocks.copyBlocks(damaged, SnapshotFormat.HEADER_SIZE, goodEnd, records);
            blocks.finish();
            out.force(true);
        }
        fs.atomicMove(tmp, file);
        fs.syncDirectory(dir);
    }
}
