package io.kvstore.engine.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.function.Supplier;

/**
 * LZ4 and zstd through aircompressor, which is pure Java (no native library), so the engine and the JDBC driver
 * load in any JRE on any OS. aircompressor's compressor and decompressor objects keep scratch state and are not
 * thread-safe: each thread gets its own pair. Thread-safe.
 */
final class AirliftCodec implements Codec {
    private final int id;
    private final String name;
    private final ThreadLocal<Compressor> compressor;
    private final ThreadLocal<Decompressor> decompressor;

    private AirliftCodec(int id, String name, Supplier<Compressor> c, Supplier<Decompressor> d) {
        this.id = id;
        this.name = name;
        this.compressor = ThreadLocal.withInitial(c);
        this.decompressor = ThreadLocal.withInitial(d);
    }

    static AirliftCodec lz4() {
        return new AirliftCodec(Codecs.LZ4, "lz4", Lz4Compressor::new, Lz4Decompressor::new);
    }

    static AirliftCodec zstd() {
        return new AirliftCodec(Codecs.ZSTD, "zstd", ZstdCompressor::new, ZstdDecompressor::new);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int maxCompressedLength(int length) {
        return compressor.get().maxCompressedLength(length);
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff) {
        Compressor c = compressor.get();
        return c.compress(src, srcOff, srcLen, dst, dstOff, c.maxCompressedLength(srcLen));
    }

    @Override
    public void decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int rawLen) {
        int n;
        try {
            n = decompressor.get().decompress(src, srcOff, srcLen, dst, dstOff, rawLen);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed " + name + " data: " + e.getMessage(), e);
        }
        if (n != rawLen) {
            throw new IllegalArgumentException(name + " data decoded to " + n + " bytes, expected " + rawLen);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
