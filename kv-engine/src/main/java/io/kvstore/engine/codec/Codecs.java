package io.kvstore.engine.codec;

import java.util.Locale;

/**
 * The registry of codecs by persisted id and by option name. The ids are part of the file formats (entry records,
 * WAL ops, snapshot blocks) and never change meaning. Thread-safe.
 */
public final class Codecs {
    /** Id of "stored plain" (no codec). */
    public static final int NONE = 0;
    /** Id of LZ4 (raw block). */
    public static final int LZ4 = 1;
    /** Id of zstd (one frame). */
    public static final int ZSTD = 2;
    /**
     * Id of zstd with a trained dictionary (a magicless frame after the dictionary's id): values only, never
     * blocks; decoded by {@link ValueCompression#decode} through {@link Dictionaries}, so {@link #byId} does not
     * know it.
     */
    public static final int ZSTD_DICT = 3;

    private static final Codec LZ4_CODEC = AirliftCodec.lz4();
    private static final Codec ZSTD_CODEC = AirliftCodec.zstd();

    private Codecs() {
    }

    /**
     * The codec with persisted id {@code id}.
     *
     * @throws IllegalArgumentException an unknown id (a file from a newer version, or damage)
     */
    public static Codec byId(int id) {
        return switch (id) {
            case LZ4 -> LZ4_CODEC;
            case ZSTD -> ZSTD_CODEC;
            default -> throw new IllegalArgumentException("unknown codec id " + id);
        };
    }

    /**
     * The codec named {@code name} (case-insensitive), or null for {@code none}.
     *
     * @throws IllegalArgumentException an unknown name
     */
    public static Codec byName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none", "" -> null;
            case "lz4" -> LZ4_CODEC;
            case "zstd" -> ZSTD_CODEC;
            default -> throw new IllegalArgumentException("unknown compression '" + name
                    + "': expected none, lz4, zstd or zstd-dict");
        };
    }
}
