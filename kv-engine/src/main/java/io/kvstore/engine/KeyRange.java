package io.kvstore.engine;

import java.util.Arrays;

/**
 * A range of keys in the store's key order: ascending unsigned byte order ({@link Arrays#compareUnsigned}), the
 * order of {@link KvStore#cursor(KeyRange, boolean)}. Each end is unbounded, inclusive or exclusive. For UTF-8
 * text keys this order is the order of the Unicode code points.
 *
 * <p>Immutable and thread-safe: the bound arrays are copied in and never handed out.
 */
public final class KeyRange {
    private static final KeyRange ALL = new KeyRange(null, false, null, false);

    private final byte[] low;
    private final boolean lowInclusive;
    private final byte[] high;
    private final boolean highInclusive;

    private KeyRange(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
        this.low = low;
        this.lowInclusive = low != null && lowInclusive;
        this.high = high;
        this.highInclusive = high != null && highInclusive;
    }

    /** Every key. */
    public static KeyRange all() {
        return ALL;
    }

    /**
     * Keys between two bounds.
     *
     * @param low the lower bound, or null for none
     * @param lowInclusive whether {@code low} itself is in the range
     * @param high the upper bound, or null for none
     * @param highInclusive whether {@code high} itself is in the range
     */
    public static KeyRange of(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
        return new KeyRange(low == null ? null : low.clone(), lowInclusive, high == null ? null : high.clone(),
                highInclusive);
    }

    /** Keys {@code >= low}. */
    public static KeyRange atLeast(byte[] low) {
        return of(low, true, null, false);
    }

    /** Keys {@code > low}. */
    public static KeyRange greaterThan(byte[] low) {
        return of(low, false, null, false);
    }

    /** Keys {@code <= high}. */
    public static KeyRange atMost(byte[] high) {
        return of(null, false, high, true);
    }

    /** Keys {@code < high}. */
    public static KeyRange lessThan(byte[] high) {
        return of(null, false, high, false);
    }

    /** Keys from {@code low} to {@code high}, both inclusive (SQL's BETWEEN). */
    public static KeyRange closed(byte[] low, byte[] high) {
        return of(low, true, high, true);
    }

    /**
     * Keys that start with {@code prefix}: from the prefix (inclusive) to the next key that does not start with it
     * (exclusive), or unbounded above when the prefix is empty or all {@code 0xFF} bytes.
     */
    public static KeyRange prefix(byte[] prefix) {
        byte[] low = prefix.clone();
        return new KeyRange(low.length == 0 ? null : low, true, prefixEnd(low), false);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null if there is none. */
    static byte[] prefixEnd(byte[] prefix) {
        int n = prefix.length;
        while (n > 0 && prefix[n - 1] == (byte) 0xFF) {
            n--;
        }
        if (n == 0) {
            return null;
        }
        byte[] end = Arrays.copyOf(prefix, n);
        end[n - 1]++;
        return end;
    }

    /** The lower bound (a copy), or null when unbounded below. */
    public byte[] low() {
        return low == null ? null : low.clone();
    }

    public boolean lowInclusive() {
        return lowInclusive;
    }

    /** The upper bound (a copy), or null when unbounded above. */
    public byte[] high() {
        return high == null ? null : high.clone();
    }

    public boolean highInclusive() {
        return highInclusive;
    }

    // shared with the engine without copying
    byte[] lowBound() {
        return low;
    }

    byte[] highBound() {
        return high;
    }

    /** Whether the range certainly holds no key (its bounds cross or touch exclusively). */
    public boolean isEmpty() {
        if (low == null || high == null) {
            return false;
        }
        int c = Arrays.compareUnsigned(low, high);
        return c > 0 || (c == 0 && !(lowInclusive && highInclusive));
    }

    /** Whether {@code key} is in the range. */
    public boolean contains(byte[] key) {
        return contains(key, 0, key.length);
    }

    /** Whether {@code key[off, off + len)} is in the range. */
    public boolean contains(byte[] key, int off, int len) {
        if (low != null) {
            int c = Arrays.compareUnsigned(key, off, off + len, low, 0, low.length);
            if (c < 0 || (c == 0 && !lowInclusive)) {
                return false;
            }
        }
        if (high != null) {
            int c = Arrays.compareUnsigned(key, off, off + len, high, 0, high.length);
            return c < 0 || (c == 0 && highInclusive);
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && lowInclusive == r.lowInclusive && highInclusive == r.highInclusive
                && Arrays.equals(low, r.low) && Arrays.equals(high, r.high);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(low) * 31 + Arrays.hashCode(high) + (lowInclusive ? 2 : 0) + (highInclusive ? 1 : 0);
    }

    @Override
    public String toString() {
        return (low == null ? "(-inf" : (lowInclusive ? "[" : "(") + hex(low)) + ", "
                + (high == null ? "+inf)" : hex(high) + (highInclusive ? "]" : ")"));
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return s.toString();
    }
}
