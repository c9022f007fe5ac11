package io.kvstore.engine.wal;

import io.kvstore.engine.io.LittleEndian;

/**
 * Constants and the segment header of the WAL format, version 3 (docs/format/wal.md). All integers are
 * little-endian. Version 2 adds expiry times to PUT ops and the EXPIRE op kind ({@link WalBatch}), version 3
 * compressed values (the batch flag {@code ENCODING}); segments of versions 1 and 2 are still read, and never
 * written.
 *
 * <pre>
 * segment header (16 bytes): magic "KVWL" | version u16 = 3 | flags u16 = 0 | first LSN u64
 * frame: length u32 (bytes after the CRC) | CRC32C u32 over the next length bytes | type u8 | LSN u64 | payload
 * </pre>
 */
final class WalFormat {
    static final byte[] MAGIC = {'K', 'V', 'W', 'L'};
    static final int VERSION = 3;
    /** Oldest segment version recovery reads. */
    static final int OLDEST_READABLE_VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final int VERSION_OFFSET = 4;
    static final int FLAGS_OFFSET = 6;
    static final int FIRST_LSN_OFFSET = 8;

    /** length u32 + CRC u32. */
    static final int FRAME_PREFIX = 8;
    /** type u8 + LSN u64: the smallest value of the length field. */
    static final int MIN_FRAME_LENGTH = 9;
    /** Smallest whole frame (empty payload). */
    static final int MIN_FRAME_SIZE = FRAME_PREFIX + MIN_FRAME_LENGTH;
    /** A frame must fit in one Java array. */
    static final int MAX_FRAME_LENGTH = Integer.MAX_VALUE - 8 - FRAME_PREFIX - MIN_FRAME_LENGTH;
    static final int MAX_PAYLOAD = MAX_FRAME_LENGTH - MIN_FRAME_LENGTH;

    static final byte TYPE_BATCH = 1;

    private WalFormat() {
    }

    /** Whether a decoded batch uses only what version 1 had (no expiry flag, no EXPIRE op). */
    static boolean fitsVersion1(WalBatch batch, byte[] payload) {
        if ((payload[0] & WalBatch.FLAG_EXPIRY) != 0) {
            return false;
        }
        for (WalOp op : batch.ops()) {
            if (op.kind() == WalOp.EXPIRE) {
                return false;
            }
        }
        return true;
    }

    static byte[] header(long firstLsn) {
        byte[] h = new byte[HEADER_SIZE];
        System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
        LittleEndian.putU16(h, VERSION_OFFSET, VERSION);
        LittleEndian.putU16(h, FLAGS_OFFSET, 0);
        LittleEndian.putU64(h, FIRST_LSN_OFFSET, firstLsn);
        return h;
    }
}
