package io.kvstore.engine.io;

/**
 * Unsigned LEB128 variable-length integers, as used by every kvstore file format: 7 bits per byte, least
 * significant group first, high bit set on every byte but the last. A {@code long} takes 1 to 10 bytes.
 * Stateless and thread-safe.
 */
public final class Varints {
    private Varints() {
    }

    /** Number of bytes {@link #write} uses for {@code v} (treated as unsigned). */
    public static int size(long v) {
        // one byte per started group of 7 significant bits; v | 1 makes 0 take one byte (no loop, no branch)
        return (63 - Long.numberOfLeadingZeros(v | 1)) / 7 + 1;
    }

    /** Writes {@code v} at {@code pos} and returns the position after it. */
    public static int write(byte[] buf, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return pos;
    }

    /**
     * Reads a varint at {@code pos}. The value is returned; the position after it is {@code pos + size(value)}
     * only for canonical encodings, so callers that need the end use {@link #end(byte[], int)}.
     *
     * @throws IllegalArgumentException if the varint runs past {@code limit} or is longer than 10 bytes
     */
    public static long read(byte[] buf, int pos, int limit) {
        long result = 0;
        int shift = 0;
        while (true) {
            if (pos >= limit || shift > 63) {
                throw new IllegalArgumentException("malformed varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
            shift += 7;
        }
    }

    /** Position just after the varint that starts at {@code pos} (no bounds checking beyond the array). */
    public static int end(byte[] buf, int pos) {
        while (buf[pos] < 0) {
            pos++;
        }
        return pos + 1;
    }

    /** ZigZag-encodes a signed value so that small magnitudes make small varints. */
    public static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** Inverse of {@link #zigzag(long)}. */
    public static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
