package io.kvstore.bench.compress;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The deterministic data sets of the compression benchmark: JSON-like order documents of about 400 bytes (field
 * names repeat from value to value; ids, e-mail addresses, timestamps, SKUs and prices vary; the free-text note
 * draws from a small vocabulary, as log lines and status texts do), random 100-byte values, and their keys. Value
 * {@code i} depends only on {@code i}, so every system and every run gets the same bytes. Stateless.
 */
public final class JsonValues {
    private static final String[] NAMES = {"Alice", "Bob", "Carol", "Dmitri", "Eve", "Fatima", "Gustavo", "Hiro",
        "Ingrid", "Jamal", "Keiko", "Lars", "Mbali", "Nadia", "Oskar", "Priya"};
    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Toronto", "Nairobi", "Lima", "Oslo",
        "Austin", "Pune", "Lyon", "Quito", "Hanoi"};
    private static final String[] STATUS = {"pending", "paid", "shipped", "delivered", "cancelled", "refunded"};
    private static final String[] CHANNELS = {"web", "app", "store", "phone"};
    private static final String[] WORDS = {"customer", "asked", "for", "gift", "wrapping", "leave", "parcel", "at",
        "the", "door", "express", "delivery", "fragile", "handle", "with", "care", "call", "before", "arrival",
        "second", "floor", "no", "invoice", "needed", "reuse", "box"};

    private JsonValues() {
    }

    /** The key of entry {@code i}: {@code order:} and eight digits (14 bytes). */
    public static byte[] key(long i) {
        byte[] k = {'o', 'r', 'd', 'e', 'r', ':', '0', '0', '0', '0', '0', '0', '0', '0'};
        for (int p = k.length - 1; p >= 6 && i > 0; p--, i /= 10) {
            k[p] = (byte) ('0' + i % 10);
        }
        return k;
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** JSON document {@code i}, about 300 to 520 bytes (400 on average). */
    public static byte[] json(long i) {
        Random r = new Random(i * 0x9E3779B97F4A7C15L + 17);
        StringBuilder b = new StringBuilder(480);
        String name = NAMES[r.nextInt(NAMES.length)];
        b.append("{\"id\":").append(i)
                .append(",\"customer\":{\"name\":\"").append(name).append(' ').append((char) ('A' + r.nextInt(26)))
                .append(".\",\"email\":\"").append(name.toLowerCase()).append(r.nextInt(100_000))
                .append("@example.com\",\"city\":\"").append(CITIES[r.nextInt(CITIES.length)])
                .append("\",\"vip\":").append(r.nextInt(10) == 0).append("},")
                .append("\"created\":\"2026-");
        two(b, 1 + r.nextInt(12)).append('-');
        two(b, 1 + r.nextInt(28)).append('T');
        two(b, r.nextInt(24)).append(':');
        two(b, r.nextInt(60)).append(':');
        two(b, r.nextInt(60)).append('Z');
        b.append("\",\"status\":\"").append(STATUS[r.nextInt(STATUS.length)]).append("\",\"items\":[");
        int items = 1 + r.nextInt(3);
        for (int k = 0; k < items; k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append("{\"sku\":\"SKU-").append(10_000 + r.nextInt(90_000)).append("\",\"qty\":")
                    .append(1 + r.nextInt(5)).append(",\"price\":").append(r.nextInt(20_000) / 100.0).append('}');
        }
        b.append("],\"currency\":\"EUR\",\"channel\":\"").append(CHANNELS[r.nextInt(CHANNELS.length)])
                .append("\",\"note\":\"");
        int words = 12 + r.nextInt(14);
        for (int k = 0; k < words; k++) {
            b.append(k == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        b.append("\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Random value {@code i} of {@code length} bytes (incompressible). */
    public static byte[] random(long i, int length) {
        byte[] v = new byte[length];
        new Random(i * 0xBF58476D1CE4E5B9L + 3).nextBytes(v);
        return v;
    }
}
