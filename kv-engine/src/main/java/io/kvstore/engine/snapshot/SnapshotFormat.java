package io.kvstore.engine.snapshot;

import io.kvstore.engine.io.LittleEndian;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Constants, header and footer of the snapshot format, version 3 (docs/format/snapshot.md; version 2 changed the
 * entry record's first field to carry an expiry flag, version 3 a compressed-value flag beside it, see
 * {@link io.kvstore.engine.table.EntryRecord}, and added compressed blocks (header flag 0x1); files of versions 1
 * and 2 are still read, their records converted as they load). All integers are little-endian.
 *
 * <pre>
 * header (16 bytes): magic "KVSN" | version u16 = 3 | flags u16 (bit 0: compressed blocks) | LSN u64
 * data block:        length u32 | CRC32C u32 of the content | content = (varint length, EntryRecord)+
 *                    with flag bit 0, content = codec id u8 | raw length varint | the records, compressed
 *                    (codec id 0: stored plain); the CRC covers the content as stored
 * footer (32 bytes): marker u32 = 0xffffffff | CRC32C u32 of the next 24 bytes | record count u64 | LSN u64
 *                    | trailing magic "KVSN_END"
 * </pre>
 */
final class SnapshotFormat {
    static final byte[] MAGIC = {'K', 'V', 'S', 'N'};
    static final byte[] TRAILING_MAGIC = {'K', 'V', 'S', 'N', '_', 'E', 'N', 'D'};
    static final int VERSION = 3;
    /** Header flag: every data block starts with a codec id and raw length (version 3). */
    static final int FLAG_COMPRESSED_BLOCKS = 1;
    /** Oldest version the reader loads. */
    static final int OLDEST_READABLE_VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final int VERSION_OFFSET = 4;
    static final int FLAGS_OFFSET = 6;
    static final int LSN_OFFSET = 8;

    /** length (or marker) u32 + CRC u32. */
    static final int BLOCK_PREFIX = 8;
    /** A block is closed once adding the next record would take its content past this. */
    static final int BLOCK_TARGET = 64 << 10;
    static final int MAX_BLOCK_CONTENT = Integer.MAX_VALUE - 8 - BLOCK_PREFIX;

    static final long FOOTER_MARKER = 0xFFFF_FFFFL;
    static final int FOOTER_SIZE = 32;
    static final int FOOTER_COUNT_OFFSET = 8;
    static final int FOOTER_LSN_OFFSET = 16;
    static final int FOOTER_MAGIC_OFFSET = 24;

    private SnapshotFormat() {
    }

    static byte[] header(long lsn) {
        return header(lsn, VERSION);
    }

    static byte[] header(long lsn, int version) {
        return header(lsn, version, 0);
    }

    static byte[] header(long lsn, int version, int flags) {
        byte[] h = new byte[HEADER_SIZE];
        System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
        LittleEndian.putU16(h, VERSION_OFFSET, version);
        LittleEndian.putU16(h, FLAGS_OFFSET, flags);
        LittleEndian.putU64(h, LSN_OFFSET, lsn);
        return h;
    }

    static byte[] footer(long recordCount, long lsn) {
        byte[] f = new byte[FOOTER_SIZE];
        LittleEndian.putU32(f, 0, FOOTER_MARKER);
        LittleEndian.putU64(f, FOOTER_COUNT_OFFSET, recordCount);
        LittleEndian.putU64(f, FOOTER_LSN_OFFSET, lsn);
        System.arraycopy(TRAILING_MAGIC, 0, f, FOOTER_MAGIC_OFFSET, TRAILING_MAGIC.length);
        LittleEndian.putU32(f, 4, crc(f, BLOCK_PREFIX, FOOTER_SIZE - BLOCK_PREFIX));
        return f;
    }

    /** Whether {@code f} is a footer: marker, trailing magic and checksum all hold. */
    static boolean isFooter(byte[] f) {
        return LittleEndian.getU32(f, 0) == FOOTER_MARKER
                && Arrays.equals(f, FOOTER_MAGIC_OFFSET, FOOTER_SIZE, TRAILING_MAGIC, 0, TRAILING_MAGIC.length)
                && LittleEndian.getU32(f, 4) == crc(f, BLOCK_PREFIX, FOOTER_SIZE - BLOCK_PREFIX);
    }

    static long crc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return crc.getValue();
    }
}
