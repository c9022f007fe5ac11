package io.kvstore.engine.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Fast, allocation-free operations on key bytes for {@link HashTable} and {@link EntryRecord}.
 *
 * <p>{@link #hash}: the 64-bit key hash. It reads the key eight bytes at a time (little-endian, unaligned), mixes
 * each word with a multiply-rotate-multiply round and finishes with the MurmurHash3 64-bit finaliser, so that
 * both the high bits (segment) and the low bits (slot) are well mixed. The value is an in-memory detail: it is
 * never persisted and may change between versions. The seed is fixed, so the hash is deterministic (this is not a
 * keyed hash; it does not defend against deliberately colliding keys).
 *
 * <p>{@link #recordKeyEquals}: compares an entry record's key in place; {@link #keyOffset}: where a record's key
 * starts, found with two word reads instead of a byte loop per header varint. Stateless and thread-safe.
 *
 * <p>(Measured and rejected: reading the record's first 32 bytes as four words at fixed offsets and shifting the
 * key out of them, to request every cache line at once. It was no faster at 1M entries and slower when cached.)
 */
final class KeyBytes {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long SEED = 0x2545F4914F6CDD1DL;
    private static final long K0 = 0x9E3779B97F4A7C15L;
    private static final long K1 = 0x87C37B91114253D5L;
    private static final long K2 = 0x4CF5AD432745937FL;

    private KeyBytes() {
    }

    /** Hash of {@code a[off, off + len)}. */
    static long hash(byte[] a, int off, int len) {
        long h = SEED ^ (len * K0);
        int end = off + len;
        if (len >= 8) {
            int p = off;
            int lastBlock = end - 8;
            while (p < lastBlock) {
                h = round(h, (long) LONG_LE.get(a, p));
                p += 8;
            }
            // The final (possibly overlapping) 8 bytes; the length is mixed in above, so overlap is harmless.
            h = round(h, (long) LONG_LE.get(a, lastBlock));
        } else if (len >= 4) {
            long lo = (int) INT_LE.get(a, off) & 0xFFFF_FFFFL;
            long hi = (int) INT_LE.get(a, end - 4) & 0xFFFF_FFFFL;
            h = round(h, lo | (hi << 32));
        } else if (len > 0) {
            long w = (a[off] & 0xFFL) | ((a[off + (len >>> 1)] & 0xFFL) << 8) | ((a[end - 1] & 0xFFL) << 16);
            h = round(h, w);
        }
        return fmix(h);
    }

    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Whether {@code a[off, off + len)} holds only bytes 0..127, eight at a time. */
    static boolean isAscii(byte[] a, int off, int len) {
        int end = off + len;
        int p = off;
        long or = 0;
        for (; p + 8 <= end; p += 8) {
            or |= (long) LONG_LE.get(a, p);
        }
        for (; p < end; p++) {
            or |= a[p];
        }
        return (or & HIGH_BITS) == 0;
    }

    /**
     * Whether the key of the entry record {@code rec} equals {@code key[off, off + len)}: checks the one-byte key
     * length, finds the key with {@link #keyOffset} (two word reads) and compares the bytes in place.
     */
    static boolean recordKeyEquals(byte[] rec, byte[] key, int off, int len) {
        int b0 = rec[0]; // keyLength << 2 | compressed << 1 | hasExpiry when the key is shorter than 32 bytes
        if (b0 >= 0 ? (b0 >>> 2) != len : EntryRecord.keyLength(rec) != len) {
            return false;
        }
        int p = keyOffset(rec);
        return p <= rec.length - len && Arrays.equals(rec, p, p + len, key, off, off + len);
    }

    /**
     * The position after the fourth varint of a record whose first 16 bytes are {@code w0, w1}, or -1 when the
     * fourth varint does not end within them.
     */
    private static int headerEnd(long w0, long w1) {
        // A varint ends at a byte with the high bit clear; find the fourth such byte.
        long stops = ~w0 & HIGH_BITS;
        int n = Long.bitCount(stops);
        if (n >= 4) {
            stops &= stops - 1;
            stops &= stops - 1;
            stops &= stops - 1;
            return (Long.numberOfTrailingZeros(stops) >>> 3) + 1;
        }
        long stops1 = ~w1 & HIGH_BITS;
        if (n == 2) { // the usual case: key length and version end in w0, the timestamps in w1
            stops1 &= stops1 - 1;
        } else {
            for (; n < 3; n++) {
                stops1 &= stops1 - 1;
            }
        }
        return stops1 == 0 ? -1 : 9 + (Long.numberOfTrailingZeros(stops1) >>> 3);
    }

    /**
     * Offset of the first key byte of a well-formed entry record: the position after its fourth varint. Same
     * result as {@link EntryRecord#keyOffset}, usually without a loop.
     */
    static int keyOffset(byte[] rec) {
        if (rec.length >= 16) {
            int p = headerEnd((long) LONG_LE.get(rec, 0), (long) LONG_LE.get(rec, 8));
            if (p > 0) {
                return p;
            }
        }
        return EntryRecord.decodeKeyOffset(rec);
    }

    private static long round(long h, long w) {
        h ^= Long.rotateLeft(w * K1, 31) * K2;
        return Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
