package io.kvstore.engine.table;

import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.io.LittleEndian;
import io.kvstore.engine.io.Varints;
import java.util.Arrays;

/**
 * The in-memory and on-disk encoding of one entry: a single {@code byte[]} holding the key, the value and
 * their metadata. The table stores these arrays as they are and snapshots write them unchanged, so this
 * layout is part of the snapshot format (docs/format/snapshot.md, "Entry record", version 3):
 *
 * <pre>
 *   keyMeta        unsigned LEB128 of keyLength &lt;&lt; 2 | compressed &lt;&lt; 1 | hasExpiry
 *   version        unsigned LEB128   (LSN of the write that produced the entry, &gt;= 1)
 *   createdMillis  unsigned LEB128   (ms since the epoch)
 *   updatedDelta   unsigned LEB128 of zigzag(updatedMillis - createdMillis)
 *   key            keyLength bytes
 *   value          the rest of the array, less the expiry: the plain value, or when compressed its encoded
 *                  form (codec id, plain length, compressed bytes: {@link ValueCompression})
 *   expiresMillis  u64 little-endian, only when hasExpiry: absolute expiry time (ms since the epoch, &gt; 0)
 * </pre>
 *
 * An entry without an expiry costs nothing for it (the flags take two bits of the first byte; keys of 32 to 63
 * bytes need a second length byte); one with an expiry costs 8 bytes. Whether a record has an expiry, or a
 * compressed value, is one load of its first byte. {@link #value} and {@link #valueLength} always give the plain
 * value; {@link #valueOffset}..{@link #valueEnd} are the stored bytes. Version-1 records (snapshot format 1:
 * {@code keyLength} without flag bits, no expiry) are converted by {@link #fromVersion1}, version-2 records
 * ({@code keyLength << 1 | hasExpiry}) by {@link #fromVersion2}.
 *
 * Records are immutable once published: a write replaces the whole array. Stateless and thread-safe.
 */
public final class EntryRecord {
    private EntryRecord() {
    }

    /** Size of the expiry trailer of a record that has one. */
    public static final int EXPIRY_BYTES = 8;

    /** A record without an expiry. */
    public static byte[] encode(byte[] key, byte[] value, long version, long createdMillis, long updatedMillis) {
        return encode(key, value, version, createdMillis, updatedMillis, 0);
    }

    /**
     * A record; {@code expiresMillis} is its absolute expiry time, or 0 for none.
     *
     * @throws IllegalArgumentException a negative expiry
     */
    public static byte[] encode(byte[] key, byte[] value, long version, long createdMillis, long updatedMillis,
                                long expiresMillis) {
        return encodeStored(key, value, false, version, createdMillis, updatedMillis, expiresMillis);
    }

    /**
     * A record whose value is {@code value} compressed by {@code compression} when that policy compresses it
     * (see {@link ValueCompression#compressOrNull}), plain otherwise.
     */
    public static byte[] encode(byte[] key, byte[] value, ValueCompression compression, long version,
                                long createdMillis, long updatedMillis, long expiresMillis) {
        byte[] packed = compression.compressOrNull(value);
        return packed == null
                ? encodeStored(key, value, false, version, createdMillis, updatedMillis, expiresMillis)
                : encodeStored(key, packed, true, version, createdMillis, updatedMillis, expiresMillis);
    }

    /**
     * A record holding {@code stored} as it is: a plain value, or when {@code compressed} an encoded one.
     *
     * @throws IllegalArgumentException a negative expiry
     */
    public static byte[] encodeStored(byte[] key, byte[] stored, boolean compressed, long version,
                                      long createdMillis, long updatedMillis, long expiresMillis) {
        byte[] value = stored;
        if (expiresMillis < 0) {
            throw new IllegalArgumentException("negative expiry time " + expiresMillis);
        }
        boolean expiring = expiresMillis != 0;
        long keyMeta = ((long) key.length << 2) | (compressed ? 2 : 0) | (expiring ? 1 : 0);
        long delta = Varints.zigzag(updatedMillis - createdMillis);
        int header = Varints.size(keyMeta) + Varints.size(version) + Varints.size(createdMillis)
                + Varints.size(delta);
        byte[] rec = new byte[header + key.length + value.length + (expiring ? EXPIRY_BYTES : 0)];
        int p = Varints.write(rec, 0, keyMeta);
        p = Varints.write(rec, p, version);
        p = Varints.write(rec, p, createdMillis);
        p = Varints.write(rec, p, delta);
        System.arraycopy(key, 0, rec, p, key.length);
        System.arraycopy(value, 0, rec, p + key.length, value.length);
        if (expiring) {
            LittleEndian.putU64(rec, rec.length - EXPIRY_BYTES, expiresMillis);
        }
        return rec;
    }

    /** {@code rec} with another expiry (0: none), everything else unchanged except version and update time. */
    public static byte[] withExpiry(byte[] rec, long version, long updatedMillis, long expiresMillis) {
        return encodeStored(key(rec), storedValue(rec), isCompressed(rec), version, createdMillis(rec),
                updatedMillis, expiresMillis);
    }

    /**
     * Converts a record of snapshot format version 2 ({@code keyMeta = keyLength << 1 | hasExpiry}, values
     * always plain) to the current layout. The array is reused when the key is shorter than 32 bytes.
     *
     * @throws IllegalArgumentException a malformed record
     */
    public static byte[] fromVersion2(byte[] v2) {
        int b0 = v2[0];
        if (b0 >= 0 && b0 < 64) { // keyLength < 32: the new keyMeta fits the same single byte
            v2[0] = (byte) ((b0 >>> 1) << 2 | (b0 & 1));
            return v2;
        }
        long keyMeta = Varints.read(v2, 0, v2.length);
        int p = Varints.end(v2, 0);
        long keyLen = keyMeta >>> 1;
        boolean expiring = (keyMeta & 1) != 0;
        long newMeta = (keyLen << 2) | (expiring ? 1 : 0);
        if (keyLen > v2.length) {
            throw new IllegalArgumentException("malformed version-2 record");
        }
        byte[] out = new byte[v2.length - p + Varints.size(newMeta)];
        int q = Varints.write(out, 0, newMeta);
        System.arraycopy(v2, p, out, q, v2.length - p);
        return out;
    }

    /**
     * Converts a record of snapshot format version 1 (no expiry flag) to the current layout.
     *
     * @throws IllegalArgumentException a malformed record
     */
    public static byte[] fromVersion1(byte[] v1) {
        int keyLen = (int) Varints.read(v1, 0, v1.length);
        int p = Varints.end(v1, 0);
        long version = Varints.read(v1, p, v1.length);
        p = Varints.end(v1, p);
        long created = Varints.read(v1, p, v1.length);
        p = Varints.end(v1, p);
        long delta = Varints.unzigzag(Varints.read(v1, p, v1.length));
        p = Varints.end(v1, p);
        if (keyLen < 0 || p + keyLen > v1.length) {
            throw new IllegalArgumentException("malformed version-1 record");
        }
        byte[] key = Arrays.copyOfRange(v1, p, p + keyLen);
        byte[] value = Arrays.copyOfRange(v1, p + keyLen, v1.length);
        return encode(key, value, version, created, created + delta, 0);
    }

    public static int keyLength(byte[] rec) {
        int b0 = rec[0];
        return b0 >= 0 ? b0 >>> 2 : (int) (Varints.read(rec, 0, rec.length) >>> 2);
    }

    /** Whether the record holds its value compressed (one load). */
    public static boolean isCompressed(byte[] rec) {
        return (rec[0] & 2) != 0;
    }

    /** Whether the record carries an expiry time (one load). */
    public static boolean hasExpiry(byte[] rec) {
        return (rec[0] & 1) != 0;
    }

    /** The record's absolute expiry time in ms since the epoch, or 0 if it has none. */
    public static long expiresMillis(byte[] rec) {
        return (rec[0] & 1) == 0 ? 0 : LittleEndian.getU64(rec, rec.length - EXPIRY_BYTES);
    }

    /** Whether the record has an expiry time and it is at or before {@code nowMillis}. */
    public static boolean isExpired(byte[] rec, long nowMillis) {
        return (rec[0] & 1) != 0 && LittleEndian.getU64(rec, rec.length - EXPIRY_BYTES) <= nowMillis;
    }

    /** End (exclusive) of the value bytes. */
    public static int valueEnd(byte[] rec) {
        return (rec[0] & 1) == 0 ? rec.length : rec.length - EXPIRY_BYTES;
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

    /** Length of the plain value (for a compressed value, the length it decodes to). */
    public static int valueLength(byte[] rec) {
        int off = valueOffset(rec);
        int end = valueEnd(rec);
        return isCompressed(rec) ? ValueCompression.rawLength(rec, off, end - off) : end - off;
    }

    /** For a compressed record, plain value length minus stored value length; 0 for a plain one. */
    public static long savedBytes(byte[] rec) {
        if ((rec[0] & 2) == 0) {
            return 0;
        }
        int off = valueOffset(rec);
        int stored = valueEnd(rec) - off;
        return ValueCompression.rawLength(rec, off, stored) - stored;
    }

    /**
     * The id of the dictionary the record's value was compressed with (docs/format/dictionary.md), or
     * {@link #NO_DICTIONARY} if it is plain or compressed without one.
     */
    public static long dictionaryId(byte[] rec) {
        if ((rec[0] & 2) == 0) {
            return NO_DICTIONARY;
        }
        int off = valueOffset(rec);
        return ValueCompression.usesDictionary(rec, off)
                ? ValueCompression.dictionaryId(rec, off, valueEnd(rec) - off) & 0xFFFFFFFFL : NO_DICTIONARY;
    }

    /** What {@link #dictionaryId} returns for a record whose value uses no dictionary. */
    public static final long NO_DICTIONARY = -1;

    /** Bytes the value takes in the record (its encoded size when compressed). */
    public static int storedValueLength(byte[] rec) {
        return valueEnd(rec) - valueOffset(rec);
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

    /** The plain value (decompressed when the record holds it compressed), in a new array. */
    public static byte[] value(byte[] rec) {
        int off = valueOffset(rec);
        int end = valueEnd(rec);
        return isCompressed(rec) ? ValueCompression.decode(rec, off, end - off) : Arrays.copyOfRange(rec, off, end);
    }

    /**
     * The plain value of a record whose value starts at {@code off} (the caller knows the key length), in a new
     * array.
     */
    public static byte[] value(byte[] rec, int off) {
        int end = valueEnd(rec);
        return isCompressed(rec) ? ValueCompression.decode(rec, off, end - off) : Arrays.copyOfRange(rec, off, end);
    }

    /** The value bytes as stored (encoded when {@link #isCompressed}), in a new array. */
    public static byte[] storedValue(byte[] rec) {
        return Arrays.copyOfRange(rec, valueOffset(rec), valueEnd(rec));
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
            long keyMeta = Varints.read(rec, p, rec.length);
            long keyLen = keyMeta >>> 2;
            int trailer = (keyMeta & 1) != 0 ? EXPIRY_BYTES : 0;
            for (int i = 0; i < 4; i++) {
                p = Varints.end(rec, p);
                if (p > rec.length) {
                    return false;
                }
                if (i < 3) {
                    Varints.read(rec, p, rec.length);
                }
            }
            if (!(keyLen >= 0 && p + keyLen + trailer <= rec.length && version(rec) >= 1
                    && (trailer == 0 || expiresMillis(rec) > 0))) {
                return false;
            }
            if ((keyMeta & 2) != 0) { // compressed: a known codec id and a plain length must follow
                int v = p + (int) keyLen;
                int end = rec.length - trailer;
                if (end - v < 2 || !ValueCompression.isValueCodec(rec[v]) || ValueCompression.rawLength(rec, v,
                        end - v) < 0) {
                    return false;
                }
                return !ValueCompression.usesDictionary(rec, v) || Varints.end(rec, v + 1) + 4 <= end;
            }
            return true;
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
