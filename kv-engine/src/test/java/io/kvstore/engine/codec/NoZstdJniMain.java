package io.kvstore.engine.codec;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run by {@link ZstdNativeTest} in a child JVM whose class path lacks zstd-jni: an lz4 store works, and
 * {@code zstd-dict}, or a store that holds a dictionary, is refused with a message. Prints what happened.
 */
public final class NoZstdJniMain {
    private NoZstdJniMain() {
    }

    public static void main(String[] args) {
        byte[] v = "lorem ipsum dolor sit amet ".repeat(10).getBytes(StandardCharsets.US_ASCII);
        try (KvStore s = KvStore.inMemory(KvOptions.builder().compression("lz4").build())) {
            s.put(new byte[] {1}, v);
            System.out.println("lz4 ok: " + Arrays.equals(v, s.get(new byte[] {1})) + " ratio "
                    + s.stats().compressionRatio());
        }
        try {
            KvOptions.builder().compression("zstd-dict");
            System.out.println("zstd-dict accepted");
        } catch (IllegalArgumentException e) {
            System.out.println("zstd-dict refused: " + e.getMessage());
        }
        try (KvStore s = KvStore.open(Path.of(args[0]), KvOptions.builder().compression("lz4").build())) {
            System.out.println("store with a dictionary opened");
        } catch (IllegalArgumentException e) {
            System.out.println("store with a dictionary refused: " + e.getMessage());
        }
    }
}
