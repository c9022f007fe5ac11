package io.kvstore.engine.reliability;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Self-verifying values for reliability tests: the value written by operation {@code seq} on {@code key} is a
 * pure function of both, so a reader can tell the exact write a value came from, and a torn or corrupted value
 * (any byte wrong, any length wrong) is recognised because it is not the canonical value of its own header.
 *
 * <p>Layout: ASCII decimal {@code seq}, {@code ':'}, then 0..{@code maxExtra} bytes of pseudo-random text (words
 * from a small list, seeded by key and seq), so that values of 64 bytes and more compress: with the
 * {@code compression} option on, the reliability tests exercise compressed values. Stateless and thread-safe.
 */
public final class Payloads {
    private static final byte[][] WORDS;

    static {
        String[] words = {"alpha ", "bravo ", "charlie ", "delta ", "echo ", "foxtrot ", "golf ", "hotel ", "india ",
            "juliett ", "kilo ", "lima ", "mike ", "november ", "oscar ", "papa ", "{\"q\":", "7,", "42]", "\u00e9"};
        WORDS = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            WORDS[i] = words[i].getBytes(UTF_8);
        }
    }

    private Payloads() {
    }

    /** The canonical value of write {@code seq} on {@code key}, 2 + digits + up to {@code maxExtra} bytes. */
    public static byte[] value(String key, long seq, int maxExtra) {
        SplittableRandom r = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L ^ seq);
        byte[] head = (seq + ":").getBytes(US_ASCII);
        int extra = maxExtra <= 0 ? 0 : r.nextInt(maxExtra + 1);
        byte[] v = Arrays.copyOf(head, head.length + extra);
        for (int i = head.length; i < v.length; ) {
            byte[] w = WORDS[r.nextInt(WORDS.length)];
            for (int j = 0; j < w.length && i < v.length; j++) {
                v[i++] = w[j];
            }
        }
        return v;
    }

    /**
     * The seq of the write that produced {@code value} for {@code key}, or -1 if {@code value} is not exactly a
     * canonical value (torn, corrupted, or written for another key).
     */
    public static long seqOf(String key, byte[] value, int maxExtra) {
        if (value == null) {
            return -1;
        }
        int colon = -1;
        for (int i = 0; i < Math.min(value.length, 20); i++) {
            if (value[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return -1;
        }
        long seq;
        try {
            seq = Long.parseLong(new String(value, 0, colon, US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
        return Arrays.equals(value, value(key, seq, maxExtra)) ? seq : -1;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    public static String string(byte[] b) {
        return new String(b, UTF_8);
    }
}
