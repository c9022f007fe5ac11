package io.kvstore.engine.codec;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdDictTrainer;
import com.github.luben.zstd.ZstdException;

/**
 * One trained zstd dictionary (zstd-jni), with which single small values compress several times better than
 * alone (the redundancy between values is in the dictionary). Frames are written without magic number, checksum,
 * content size or dictionary id (the value encoding carries the length and the dictionary id,
 * {@link ValueCompression}), which saves 10 bytes a value.
 *
 * <p>Only created after {@link ZstdNative#require} succeeded. Thread-safe: each thread gets its own compression
 * and decompression contexts (zstd-jni's static one-call methods are 5-10x slower on small inputs); the digested
 * dictionaries are shared.
 */
public final class ZstdDictionary {
    /** zstd level: 3 (the default) measured 0.258 of 400-byte JSON values at 2.4 us to compress. */
    static final int LEVEL = 3;

    private final int id;
    private final byte[] bytes;
    private final ZstdDictCompress compressDict;
    private final ZstdDictDecompress decompressDict;
    private final ThreadLocal<ZstdCompressCtx> compressor;
    private final ThreadLocal<ZstdDecompressCtx> decompressor;

    /** A dictionary of {@code bytes} known by {@code id} (see {@link Dictionaries#idOf}). */
    ZstdDictionary(int id, byte[] bytes) {
        this.id = id;
        this.bytes = bytes.clone();
        this.compressDict = new ZstdDictCompress(this.bytes, LEVEL);
        this.decompressDict = new ZstdDictDecompress(this.bytes);
        this.compressor = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(LEVEL).setMagicless(true)
                .setChecksum(false).setContentSize(false).setDictID(false).loadDict(compressDict));
        this.decompressor = ThreadLocal.withInitial(() -> new ZstdDecompressCtx().setMagicless(true)
                .loadDict(decompressDict));
    }

    /**
     * Trains a dictionary of at most {@code maxBytes} from the first {@code count} of {@code samples} (sample
     * values).
     *
     * @throws IllegalArgumentException training failed (too few or too uniform samples)
     */
    static byte[] train(byte[][] samples, int count, int maxBytes) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += samples[i].length;
        }
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 8, total + 1024), maxBytes);
        for (int i = 0; i < count; i++) {
            trainer.addSample(samples[i]);
        }
        try {
            return trainer.trainSamples();
        } catch (ZstdException | IllegalStateException e) {
            throw new IllegalArgumentException("dictionary training failed: " + e.getMessage(), e);
        }
    }

    public int id() {
        return id;
    }

    /** The dictionary's bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** zstd's {@code ZSTD_COMPRESSBOUND}, computed here: a JNI call per value for it would cost more. */
    static int maxCompressedLength(int length) {
        return length + (length >>> 8) + (length < (128 << 10) ? ((128 << 10) - length) >>> 11 : 0);
    }

    /** Compresses {@code src[0, srcLen)} into {@code dst} from {@code dstOff}; returns the compressed length. */
    int compress(byte[] src, int srcLen, byte[] dst, int dstOff) {
        return compressor.get().compressByteArray(dst, dstOff, dst.length - dstOff, src, 0, srcLen);
    }

    /**
     * Decompresses exactly {@code rawLen} bytes.
     *
     * @throws IllegalArgumentException malformed data
     */
    void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int rawLen) {
        int n;
        try {
            n = decompressor.get().decompressByteArray(dst, 0, rawLen, src, srcOff, srcLen);
        } catch (ZstdException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed zstd-dict data (dictionary " + Dictionaries.hex(id)
                    + "): " + e.getMessage(), e);
        }
        if (n != rawLen) {
            throw new IllegalArgumentException("zstd-dict data decoded to " + n + " bytes, expected " + rawLen);
        }
    }

    @Override
    public String toString() {
        return "zstd dictionary " + Dictionaries.hex(id) + " (" + bytes.length + " B)";
    }
}
