package io.kvstore.engine.codec;

/**
 * A block compression algorithm, named by a one-byte id that is persisted in entry records, WAL ops and snapshot
 * blocks (docs/format/snapshot.md, "Compressed values"). Ids are never reused: 0 is "stored plain", 1 is LZ4
 * (block format, no frame), 2 is zstd (a single zstd frame).
 *
 * <p>Implementations are stateless or keep only per-call scratch, and are thread-safe.
 */
public interface Codec {
    /** The persisted id, 1..127. */
    int id();

    /** The name used in the {@code compression} store option ({@code lz4}, {@code zstd}). */
    String name();

    /** Upper bound of the compressed size of {@code length} input bytes. */
    int maxCompressedLength(int length);

    /**
     * Compresses {@code src[srcOff, srcOff + srcLen)} into {@code dst} from {@code dstOff}; {@code dst} has at
     * least {@link #maxCompressedLength} bytes from there. Returns the compressed length.
     */
    int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff);

    /**
     * Decompresses exactly {@code rawLen} bytes from {@code src[srcOff, srcOff + srcLen)} into {@code dst} from
     * {@code dstOff}.
     *
     * @throws IllegalArgumentException the input is malformed or does not decode to exactly {@code rawLen} bytes
     */
    void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int rawLen);
}
