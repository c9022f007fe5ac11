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

    /**
     * Whether the key of the entry record {@code rec} equals {@code key[off, off + len)}.
     *
     * <p>The usual case (a key of 4..16 bytes, a header of 8..16 bytes, a record of at least 32 bytes) reads the
     * first 32 bytes of the record as four words at fixed offsets, so all the record's cache lines are requested
     * at once instead of reading the key only after the header has been decoded, and then extracts the key from
     * those words with shifts. Anything else takes a general path.
     */
    static boolean recordKeyEquals(byte[] rec, byte[] key, int off, int len) {
        if (rec.length >= 32 && len >= 4 && len <= 16) {
            long w0 = (long) LONG_LE.get(rec, 0);
            long w1 = (long) LONG_LE.get(rec, 8);
            long w2 = (long) LONG_LE.get(rec, 16);
            long w3 = (long) LONG_LE.get(rec, 24);
            int b0 = (int) w0 & 0xFF;
            if (b0 != len) {
                if (b0 < 0x80) {
                    return false; // a one-byte key length that differs
                }
            } else {
                int p = headerEnd(w0, w1);
                if (p >= 8 && p + len <= 32) {
                    if (len >= 8) {
                        return window(w1, w2, w3, p) == (long) LONG_LE.get(key, off)
                                && window(w1, w2, w3, p + len - 8) == (long) LONG_LE.get(key, off + len - 8);
                    }
                    return (int) window(w1, w2, w3, p) == (int) INT_LE.get(key, off)
                            && (int) window(w1, w2, w3, p + len - 4) == (int) INT_LE.get(key, off + len - 4);
                }
            }
        }
        int keyLen = rec[0] >= 0 ? rec[0] : EntryRecord.keyLength(rec);
        if (keyLen != len) {
            return false;
        }
        int p = keyOffset(rec);
        return p <= rec.length - len && rangeEquals(rec, p, key, off, len);
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
        for (; n < 3; n++) {
            stops1 &= stops1 - 1;
        }
        return stops1 == 0 ? -1 : 8 + (Long.numberOfTrailingZeros(stops1) >>> 3) + 1;
    }

    /** Bytes {@code [o, o + 8)} (little-endian) of a 32-byte window whose bytes 8..31 are {@code x, y, z}; 8 <= o <= 24. */
    private static long window(long x, long y, long z, int o) {
        int sh = (o & 7) << 3;
        long lo = o < 16 ? x : o < 24 ? y : z;
        long hi = o < 16 ? y : z; // unused when sh == 0
        return (lo >>> sh) | ((hi << (63 - sh)) << 1);
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
        return EntryRecord.keyOffset(rec);
    }

    /** Whether {@code a[aOff, aOff + len)} equals {@code b[bOff, bOff + len)}. */
    static boolean rangeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (len >= 8) {
            if (len > 32) {
                return Arrays.equals(a, aOff, aOff + len, b, bOff, bOff + len);
            }
            int last = len - 8;
            for (int i = 0; i < last; i += 8) {
                if ((long) LONG_LE.get(a, aOff + i) != (long) LONG_LE.get(b, bOff + i)) {
                    return false;
                }
            }
            return (long) LONG_LE.get(a, aOff + last) == (long) LONG_LE.get(b, bOff + last);
        }
        if (len >= 4) {
            return (int) INT_LE.get(a, aOff) == (int) INT_LE.get(b, bOff)
                    && (int) INT_LE.get(a, aOff + len - 4) == (int) INT_LE.get(b, bOff + len - 4);
        }
        for (int i = 0; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
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
