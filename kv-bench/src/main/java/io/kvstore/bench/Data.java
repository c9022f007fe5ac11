package io.kvstore.bench;

import java.nio.charset.StandardCharsets;

/**
 * The benchmark's data set: 16-byte keys and 100-byte values, both a pure function of an index so that every
 * system, every thread and every child JVM sees the same rows without sharing them.
 *
 * <p>Keys are ASCII ({@code "k"} followed by a zero-padded 15-digit number, or another one-letter prefix for
 * keys that must not collide with the loaded ones), so the same key is a valid VARCHAR at the JDBC level and a
 * 16-byte array at the engine level. Values are pseudo-random bytes, so no system gains from compressing them.
 *
 * <p>Thread-safety: stateless; every method is safe from any thread.
 */
public final class Data {
    /** Bytes in every key. */
    public static final int KEY_BYTES = 16;
    /** Bytes in every value. */
    public static final int VALUE_BYTES = 100;

    private Data() {
    }

    /** The key of row {@code i} (0 <= i < 10^15) as a 16-character string with prefix {@code 'k'}. */
    public static String keyString(long i) {
        return keyString('k', i);
    }

    /** A 16-character key: {@code prefix} followed by {@code i} zero-padded to 15 digits. */
    public static String keyString(char prefix, long i) {
        if (i < 0 || i >= 1_000_000_000_000_000L) {
            throw new IllegalArgumentException("key index out of range: " + i);
        }
        char[] c = new char[KEY_BYTES];
        c[0] = prefix;
        long v = i;
        for (int p = KEY_BYTES - 1; p >= 1; p--) {
            c[p] = (char) ('0' + (v % 10));
            v /= 10;
        }
        return new String(c);
    }

    /** The key of row {@code i} as 16 ASCII bytes. */
    public static byte[] key(long i) {
        return keyString(i).getBytes(StandardCharsets.US_ASCII);
    }

    /** A 16-byte key with the given one-letter prefix. */
    public static byte[] key(char prefix, long i) {
        return keyString(prefix, i).getBytes(StandardCharsets.US_ASCII);
    }

    /** The 100-byte value of row {@code i}: deterministic, incompressible-looking bytes. */
    public static byte[] value(long i) {
        byte[] v = new byte[VALUE_BYTES];
        long x = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int p = 0; p < VALUE_BYTES; p++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[p] = (byte) x;
        }
        return v;
    }
}
