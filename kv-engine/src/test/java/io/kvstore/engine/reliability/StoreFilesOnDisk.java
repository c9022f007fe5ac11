package io.kvstore.engine.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Independent readers of the on-disk formats (docs/format/wal.md, snapshot.md), written from the
 * specification and not from the engine's code, so that tests can compute where each frame or block lies and
 * which damage the engine must report where.
 */
final class StoreFilesOnDisk {
    static final int WAL_HEADER = 16;
    static final int SNAPSHOT_HEADER = 16;
    static final int SNAPSHOT_FOOTER = 32;

    private StoreFilesOnDisk() {
    }

    /** One WAL frame: its offset in the segment, total size (17 + payload) and LSN. */
    record Frame(long offset, int size, long lsn) {
        long end() {
            return offset + size;
        }
    }

    /** A WAL segment file: its first LSN (from the header) and frames. */
    record Segment(Path file, long size, long firstLsn, List<Frame> frames) {
        long lastLsn() {
            return frames.isEmpty() ? firstLsn - 1 : frames.get(frames.size() - 1).lsn();
        }

        /** The frame containing byte {@code offset}, or null if it is in the header. */
        Frame frameAt(long offset) {
            for (Frame f : frames) {
                if (offset >= f.offset() && offset < f.end()) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A snapshot data block: its offset, total size (8 + content) and the records' keys (UTF-8) in order. */
    record Block(long offset, int size, List<byte[]> records) {
        long end() {
            return offset + size;
        }
    }

    record Snapshot(Path file, long size, long lsn, List<Block> blocks) {
        Block blockAt(long offset) {
            for (Block b : blocks) {
                if (offset >= b.offset() && offset < b.end()) {
                    return b;
                }
            }
            return null;
        }
    }

    static List<Path> files(Path dir, String prefix, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every WAL segment of {@code dir} in LSN order; the files must be intact. */
    static List<Segment> walSegments(Path dir) throws IOException {
        List<Segment> out = new ArrayList<>();
        for (Path p : files(dir, "wal-", ".log")) {
            out.add(parseSegment(p));
        }
        return out;
    }

    static Segment parseSegment(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < WAL_HEADER || b.getInt(0) != 0x4c57564b) {
            throw new IllegalStateException("not an intact WAL segment: " + p);
        }
        long first = b.getLong(8);
        List<Frame> frames = new ArrayList<>();
        int pos = WAL_HEADER;
        while (pos + 17 <= b.limit()) {
            int length = b.getInt(pos);
            long lsn = b.getLong(pos + 9);
            frames.add(new Frame(pos, 8 + length, lsn));
            pos += 8 + length;
        }
        if (pos != b.limit()) {
            throw new IllegalStateException("WAL segment " + p + " does not end on a frame boundary");
        }
        return new Segment(p, b.limit(), first, frames);
    }

    /** Parses an intact snapshot file. */
    static Snapshot parseSnapshot(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < SNAPSHOT_HEADER + SNAPSHOT_FOOTER || b.getInt(0) != 0x4e53564b) {
            throw new IllegalStateException("not an intact snapshot: " + p);
        }
        long lsn = b.getLong(8);
        boolean compressedBlocks = (b.getShort(6) & 1) != 0; // version 3 header flag
        int footer = b.limit() - SNAPSHOT_FOOTER;
        List<Block> blocks = new ArrayList<>();
        int pos = SNAPSHOT_HEADER;
        while (pos < footer) {
            int length = b.getInt(pos);
            List<byte[]> records = new ArrayList<>();
            ByteBuffer content = b;
            int r = pos + 8;
            int end = pos + 8 + length;
            if (compressedBlocks) { // codec id, raw length, then the records compressed (codec 0: plain)
                int id = b.get(r) & 0xff;
                long[] raw = varint(b, r + 1);
                byte[] plain = new byte[(int) raw[0]];
                if (id == 0) {
                    b.get((int) raw[1], plain);
                } else {
                    io.kvstore.engine.codec.Codecs.byId(id).decompress(b.array(), (int) raw[1], end - (int) raw[1],
                            plain, 0, plain.length);
                }
                content = ByteBuffer.wrap(plain);
                r = 0;
                end = plain.length;
            }
            while (r < end) {
                long[] lenAndEnd = varint(content, r);
                byte[] rec = new byte[(int) lenAndEnd[0]];
                content.get((int) lenAndEnd[1], rec);
                records.add(rec);
                r = (int) lenAndEnd[1] + rec.length;
            }
            blocks.add(new Block(pos, 8 + length, records));
            pos += 8 + length;
        }
        return new Snapshot(p, b.limit(), lsn, blocks);
    }

    /** Returns {value, offset after it}. */
    static long[] varint(ByteBuffer b, int pos) {
        long v = 0;
        int shift = 0;
        for (;;) {
            int x = b.get(pos++) & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return new long[] {v, pos};
            }
            shift += 7;
        }
    }

    /** The key of an entry record (docs/format/snapshot.md, "Entry record"). */
    static String recordKey(byte[] rec) {
        ByteBuffer b = ByteBuffer.wrap(rec);
        long[] keyLen = varint(b, 0);
        int p = (int) keyLen[1];
        for (int i = 0; i < 3; i++) {
            p = (int) varint(b, p)[1];
        }
        // snapshot format 3: the first field is keyLength << 2 | compressed << 1 | hasExpiry
        return new String(rec, p, (int) (keyLen[0] >>> 2), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The plain value of an entry record: everything after the key, less the 8-byte expiry if the record has one,
     * decompressed if the record's compressed flag is set.
     */
    static byte[] recordValue(byte[] rec) {
        ByteBuffer b = ByteBuffer.wrap(rec);
        long[] keyLen = varint(b, 0);
        int p = (int) keyLen[1];
        for (int i = 0; i < 3; i++) {
            p = (int) varint(b, p)[1];
        }
        int end = (keyLen[0] & 1) != 0 ? rec.length - 8 : rec.length;
        int start = p + (int) (keyLen[0] >>> 2);
        return (keyLen[0] & 2) != 0 ? io.kvstore.engine.codec.ValueCompression.decode(rec, start, end - start)
                : java.util.Arrays.copyOfRange(rec, start, end);
    }

    /** Copies every regular file of {@code from} into a new directory {@code to}. */
    static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    static void deleteDir(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
