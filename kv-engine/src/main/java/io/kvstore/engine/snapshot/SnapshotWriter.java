package io.kvstore.engine.snapshot;

import io.kvstore.engine.io.FileIo;
import io.kvstore.engine.io.FileLayer;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.StoreFiles;
import io.kvstore.engine.io.Varints;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Writes a snapshot file (docs/format/snapshot.md): the table's {@link io.kvstore.engine.table.EntryRecord}s in
 * checksummed blocks and a footer naming the LSN it starts from. Durable when it returns: written to a temp
 * file, forced, atomically renamed to {@code snapshot-<lsn>.snap}, directory forced.
 *
 * <p>Thread-safety: stateless; concurrent calls must use different LSNs. The records are written as they are,
 * not validated. If anything fails the temp file is deleted (best effort) and the exception propagates; an
 * existing snapshot of the same name is untouched until the final rename.
 */
public final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the snapshot and returns its final path. */
    public static Path write(FileLayer fs, Path dir, long lsn, Iterator<byte[]> records) throws IOException {
        Path file = dir.resolve(StoreFiles.snapshot(lsn));
        Path tmp = dir.resolve(StoreFiles.temp(file.getFileName().toString()));
        try {
            try (FileChannel ch = fs.open(tmp, true, false)) {
                ch.truncate(0);
                BlockOutput out = new BlockOutput(ch, lsn);
                while (records.hasNext()) {
                    out.add(records.next());
                }
                out.finish();
                ch.force(true);
            }
            fs.atomicMove(tmp, file);
            fs.syncDirectory(dir);
            return file;
        } catch (IOException | RuntimeException | Error e) {
            try {
                fs.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Writes a header, then blocks of length-prefixed records, then the footer. Also used by salvage, which
     * copies verified blocks verbatim with {@link #copyBlocks}.
     */
    static final class BlockOutput {
        private final FileChannel ch;
        private final long lsn;
        private long pos;
        private long count;
        /** The block being filled: an 8-byte prefix, then {@code len - 8} content bytes. */
        private byte[] block = new byte[SnapshotFormat.BLOCK_PREFIX + SnapshotFormat.BLOCK_TARGET + 16];
        private int len = SnapshotFormat.BLOCK_PREFIX;

        BlockOutput(FileChannel ch, long lsn) throws IOException {
            this(ch, lsn, SnapshotFormat.VERSION);
        }

        /** Output whose header says {@code version} (a salvaged older file keeps its version and its blocks). */
        BlockOutput(FileChannel ch, long lsn, int version) throws IOException {
            this.ch = ch;
            this.lsn = lsn;
            byte[] header = SnapshotFormat.header(lsn, version);
            FileIo.writeFully(ch, 0, header, 0, header.length);
            pos = header.length;
        }

        void add(byte[] record) throws IOException {
            int need = Varints.size(record.length) + record.length;
            int content = len - SnapshotFormat.BLOCK_PREFIX;
            if (content > 0 && (long) content + need > SnapshotFormat.BLOCK_TARGET) {
                flush();
            }
            if ((long) len + need > SnapshotFormat.MAX_BLOCK_CONTENT) {
                throw new IllegalArgumentException("record of " + record.length + " bytes is too large");
            }
            if (len + need > block.length) {
                byte[] grown = new byte[len + need];
                System.arraycopy(block, 0, grown, 0, len);
                block = grown;
            }
            len = Varints.write(block, len, record.length);
            System.arraycopy(record, 0, block, len, record.length);
            len += record.length;
            count++;
        }

        /**
         * Appends bytes {@code [from, to)} of {@code src}, which are whole blocks already verified, holding
         * {@code records} records.
         */
        void copyBlocks(FileChannel src, long from, long to, long records) throws IOException {
            flush();
            byte[] chunk = new byte[(int) Math.min(SnapshotFormat.BLOCK_TARGET, Math.max(to - from, 1))];
            for (long p = from; p < to; ) {
                int n = (int) Math.min(chunk.length, to - p);
                FileIo.readFully(src, p, chunk, 0, n);
                FileIo.writeFully(ch, pos, chunk, 0, n);
                pos += n;
                p += n;
            }
            count += records;
        }

        void finish() throws IOException {
            flush();
            byte[] footer = SnapshotFormat.footer(count, lsn);
            FileIo.writeFully(ch, pos, footer, 0, footer.length);
            pos += footer.length;
        }

        private void flush() throws IOException {
            int content = len - SnapshotFormat.BLOCK_PREFIX;
            if (content == 0) {
                return;
            }
            LittleEndian.putU32(block, 0, content);
            LittleEndian.putU32(block, 4, SnapshotFormat.crc(block, SnapshotFormat.BLOCK_PREFIX, content));
            FileIo.writeFully(ch, pos, block, 0, len);
            pos += len;
            len = SnapshotFormat.BLOCK_PREFIX;
            if (block.length > 4 * SnapshotFormat.BLOCK_TARGET) {
                block = new byte[SnapshotFormat.BLOCK_PREFIX + SnapshotFormat.BLOCK_TARGET + 16];
            }
        }
    }
}
