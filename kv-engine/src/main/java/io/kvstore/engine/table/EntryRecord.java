package io.kvstore.engine.table;

import io.kvstore.engine.io.Varints;
import java.util.Arrays;

/**
 * The in-memory and on-disk encoding of one entry: a single {@code byte[]} holding the key, the value and
 * their metadata. The table stores these arrays as they are and snapshots write them unchanged, so this
 * layout is part of the snapshot format (docs/format/snapshot.md, "Entry record", version 1):
 *
 * <pre>
 *   keyLength      unsigned LEB128
 *   version        unsigned LEB128   (LSN of the write that produced the entry, &gt;= 1)
 *   createdMillis  unsigned LEB128   (ms since the epoch)
 *   updatedDelta   unsigned LEB128 of zigzag(updatedMillis - createdMillis)
 *   key            keyLength bytes
 *   value          the rest of the array
 * </pre>
 *
 * Records are immutable once published: a write replaces the whole array. Stateless and thread-safe.
 */
public final class EntryRecord {
    private EntryRecord() {
    }

    public static byte[] encode(byte[] key, byte[] value, long version, long createdMillis, long updatedMillis) {
        long delta = Varints.zigzag(updatedMillis - createdMillis);
        int header = Varints.size(key.length) + Varints.size(version) + Varints.size(createdMillis)
                + Varints.size(delta);
        byte[] rec = new byte[header + key.length + value.length];
        int p = Varints.write(rec, 0, key.length);
        p = Varints.write(rec, p, version);
        p = Varints.write(rec, p, createdMillis);
        p = Varints.write(rec, p, delta);
        System.arraycopy(key, 0, rec, p, key.length);
        System.arraycopy(value, 0, rec, p + key.length, value.length);
        return rec;
    }

    public static int keyLength(byte[] rec) {
        return (int) Varints.read(rec, 0, rec.length);
    }

    /** Offset of the first key byte (usually found with two word reads: {@link KeyBytes#keyOffset}). */
    public static int keyOffset(byte[] rec) {
        return KeyBytes.keyOffset(rec);
    }

    /** {@link #keyOffset} by decoding the four header varints one byte at a time. */
    static int decodeKeyOffset(byte[] rec) {
        int p = Varints.end(rec, 0);
        p = Varints.end(rec, p);
        p = Varints.end(rec, p);
        return Varints.end(rec, p);
    }

    public static int valueOffset(byte[] rec) {
        return keyOffset(rec) + keyLength(rec);
    }

    public static int valueLength(byte[] rec) {
        return rec.length - valueOffset(rec);
    }

    public static boolean keyEquals(byte[] rec, byte[] key) {
        return keyEquals(rec, key, 0, key.length);
    }

    /**
     * Whether the record's key equals {@code key[off, off + len)}. Allocation-free and fast for the usual case
     * (a key of 4..16 bytes): it reads the record's first 32 bytes as four words instead of decoding the header
     * byte by byte.
     */
    public static boolean keyEquals(byte[] rec, byte[] key, int off, int len) {
        return KeyBytes.recordKeyEquals(rec, key, off, len);
    }

    /**
     * A 64-bit hash of the record's key, equal to {@link #hashKey hashKey(key(rec))}. An in-memory value only:
     * never persisted, and may change between versions.
     */
    public static long keyHash(byte[] rec) {
        return KeyBytes.hash(rec, KeyBytes.keyOffset(rec), keyLength(rec));
    }

    /** The hash {@link #keyHash} gives a record whose key is {@code key}. */
    public static long hashKey(byte[] key) {
        return KeyBytes.hash(key, 0, key.length);
    }

    /** Whether {@code a[off, off + len)} holds only ASCII bytes (0..127). */
    public static boolean isAscii(byte[] a, int off, int len) {
        return KeyBytes.isAscii(a, off, len);
    }

    public static byte[] key(byte[] rec) {
        int off = keyOffset(rec);
        return Arrays.copyOfRange(rec, off, off + keyLength(rec));
    }

    public static byte[] value(byte[] rec) {
        return Arrays.copyOfRange(rec, valueOffset(rec), rec.length);
    }

    public static long version(byte[] rec) {
        return Varints.read(rec, Varints.end(rec, 0), rec.length);
    }

    public static long createdMillis(byte[] rec) {
        int p = Varints.end(rec, Varints.end(rec, 0));
        return Varints.read(rec, p, rec.length);
    }

    public static long updatedMillis(byte[] rec) {
        int p = Varints.end(rec, Varints.end(rec, 0));
        long created = Varints.read(rec, p, rec.length);
        p = Varints.end(rec, p);
        return created + Varints.unzigzag(Varints.read(rec, p, rec.length));
    }

    /** Checks that {@code rec} is a well-formed record; returns false instead of throwing. */
    public static boolean isWellFormed(byte[] rec) {
        try {
            int p = 0;
            long keyLen = Varints.read(rec, p, rec.length);
            for (int i = 0; i < 4; i++) {
                p = Varints.end(rec, p);
                if (p > rec.length) {
                    return false;
                }
                if (i < 3) {
                    Varints.read(rec, p, rec.length);
                }
            }
            return keyLen >= 0 && p + keyLen <= rec.length && version(rec) >= 1;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Heap bytes this record occupies on a 64-bit JVM with compressed oops: a 16-byte array header plus the
     * contents, rounded up to 8.
     */
    public static long heapSize(byte[] rec) {
        return (16L + rec.length + 7) & ~7L;
    }
}
