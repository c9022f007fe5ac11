package io.kvstore.engine.codec;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The process-wide registry of zstd dictionaries by id, which {@link ValueCompression#decode} consults: a value
 * compressed with a dictionary names it by id (docs/format/dictionary.md), and decoding, like every other record
 * operation, is static. A dictionary's id is the CRC32C of its bytes, so two stores that hold the same dictionary
 * share one entry, and a different dictionary that happens to have the same id is refused ({@link #register}).
 * Dictionaries stay registered for the life of the JVM (16 KiB each, plus zstd's digested form: a few hundred KiB
 * per distinct dictionary ever opened). Thread-safe.
 */
public final class Dictionaries {
    private static final ConcurrentHashMap<Integer, ZstdDictionary> BY_ID = new ConcurrentHashMap<>();
    /** The dictionary found last: a store's values almost all name the same one (no boxing, no map probe). */
    private static volatile ZstdDictionary last;

    private Dictionaries() {
    }

    /** The id of a dictionary of {@code bytes}: the CRC32C of them. */
    public static int idOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    /**
     * Registers the dictionary {@code bytes} (loading zstd-jni first) and returns it; registering the same bytes
     * again returns the one registered.
     *
     * @throws IllegalArgumentException zstd-jni cannot load here, or another dictionary with the same id is
     *     registered (a CRC32C collision: the message says so)
     */
    public static ZstdDictionary register(byte[] bytes) {
        ZstdNative.require("a store compressed with a zstd dictionary");
        int id = idOf(bytes);
        ZstdDictionary d = BY_ID.computeIfAbsent(id, k -> new ZstdDictionary(k, bytes));
        if (d.size() != bytes.length || !Arrays.equals(d.bytes(), bytes)) {
            throw new IllegalArgumentException("two different zstd dictionaries with id " + hex(id)
                    + " in one JVM; open the stores in separate processes");
        }
        return d;
    }

    /**
     * The dictionary with id {@code id}.
     *
     * @throws IllegalArgumentException none registered: the store's dictionary file is missing
     */
    public static ZstdDictionary get(int id) {
        ZstdDictionary d = last;
        if (d != null && d.id() == id) {
            return d;
        }
        d = BY_ID.get(id);
        if (d == null) {
            throw new IllegalArgumentException("value compressed with zstd dictionary " + hex(id)
                    + ", which is not loaded (its file dict-" + hex(id) + ".zdict is missing from the store)");
        }
        last = d;
        return d;
    }

    /** Whether a dictionary with id {@code id} is registered. */
    public static boolean contains(int id) {
        return BY_ID.containsKey(id);
    }

    /** {@code id} as 8 lowercase hex digits, as in the dictionary's file name. */
    public static String hex(int id) {
        String s = Integer.toHexString(id);
        return "0".repeat(8 - s.length()) + s;
    }
}
