package io.kvstore.engine.snapshot;

import io.kvstore.engine.codec.Codec;
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

    /** Writes the snapshot with plain blocks and returns its final path. */
    public static Path write(FileLayer fs, Path dir, long lsn, Iterator<byte[]> records) throws IOException {
        return write(fs, dir, lsn, records, null);
    }

    /**
     * Writes the snapshot and returns its final path; with a {@code blockCodec}, each block is compressed with it
     * (and stored plain when that saves less than an eighth).
     */
    public static Path write(FileLayer fs, Path dir, long lsn, Iterator<byte[]> records, Codec blockCodec)
            throws IOException {
        Path file = dir.resolve(StoreFiles.snapshot(lsn));
        Path tmp = dir.resolve(StoreFiles.temp(file.getFileName().toString()));
        try {
            try (FileChannel ch = fs.open(tmp, true, false)) {
                ch.truncate(0);
                BlockOutput out = new BlockOutput(ch, lsn, SnapshotFormat.VERSION, blockCodec != null ? 1 : 0,
                        blockCodec);
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
        private final boolean compressedBlocks;
        /** null: blocks stored plain (codec id 0 when {@link #compressedBlocks}). */
        private final Codec codec;
        private byte[] packed = new byte[0];
        private long pos;
        private long count;
        /** The block being filled: an 8-byte prefix, then {@code len - 8} content bytes. */
        private byte[] block = new byte[SnapshotFormat.BLOCK_PREFIX + SnapshotFormat.BLOCK_TARGET + 16];
        private int len = SnapshotFormat.BLOCK_PREFIX;

        BlockOutput(FileChannel ch, long lsn) throws IOException {
            this(ch, lsn, SnapshotFormat.VERSION, 0, null);
        }

        /**
         * Output whose header says {@code version} and {@code flags} (a salvaged older file keeps its version,
         * flags and blocks); with flag {@link SnapshotFormat#FLAG_COMPRESSED_BLOCKS}, blocks are compressed with
         * {@code codec} (null: each written with codec id 0).
         */
        BlockOutput(FileChannel ch, long lsn, int version, int flags, Codec codec) throws IOException {
            this.ch = ch;
            this.lsn = lsn;
            this.compressedBlocks = (flags & SnapshotFormat.FLAG_COMPRESSED_BLOCKS) != 0;
            this.codec = compressedBlocks ? codec : null;
            byte[] header = SnapshotFormat.header(lsn, version, flags);
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
            if (compressedBlocks) {
                writeCompressed(content);
            } else {
                LittleEndian.putU32(block, 0, content);
                LittleEndian.putU32(block, 4, SnapshotFormat.crc(block, SnapshotFormat.BLOCK_PREFIX, content));
                FileIo.writeFully(ch, pos, block, 0, len);
                pos += len;
            }
            len = SnapshotFormat.BLOCK_PREFIX;
            if (block.length > 4 * SnapshotFormat.BLOCK_TARGET) {
                block = new byte[SnapshotFormat.BLOCK_PREFIX + SnapshotFormat.BLOCK_TARGET + 16];
            }
        }

        /** Writes {@code content} bytes of {@link #block} as one compressed-format block (codec id, raw length). */
        private void writeCompressed(int content) throws IOException {
            int head = SnapshotFormat.BLOCK_PREFIX + 1 + Varints.size(content);
            int bound = head + (codec == null ? content : Math.max(content, codec.maxCompressedLength(content)));
            if (packed.length < bound) {
                packed = new byte[bound];
            }
            int id = 0;
            int n = content;
            if (codec != null) {
                n = codec.compress(block, SnapshotFormat.BLOCK_PREFIX, content, packed, head);
                id = codec.id();
                if (n > content - (content >>> 3)) { // saves less than an eighth: store plain
                    n = content;
                    id = 0;
                }
            }
            if (id == 0) {
                System.arraycopy(block, SnapshotFormat.BLOCK_PREFIX, packed, head, content);
            }
            packed[SnapshotFormat.BLOCK_PREFIX] = (byte) id;
            Varints.write(packed, SnapshotFormat.BLOCK_PREFIX + 1, content);
            int stored = head - SnapshotFormat.BLOCK_PREFIX + n;
            LittleEndian.putU32(packed, 0, stored);
            LittleEndian.putU32(packed, 4, SnapshotFormat.crc(packed, SnapshotFormat.BLOCK_PREFIX, stored));
            FileIo.writeFully(ch, pos, packed, 0, SnapshotFormat.BLOCK_PREFIX + stored);
            pos += SnapshotFormat.BLOCK_PREFIX + stored;
            if (packed.length > 4 * SnapshotFormat.BLOCK_TARGET) {
                packed = new byte[0];
            }
        }
    }
}
