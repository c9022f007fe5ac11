package io.kvstore.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.dictionary.DictionaryFile;
import io.kvstore.engine.io.FileLayer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd-jni is loaded only for {@code zstd-dict}, and its absence is a clear refusal, never a broken engine. */
class ZstdNativeTest {
    @TempDir
    Path dir;

    @Test
    void require_zstdJniOnTheClassPath_loads() {
        ZstdNative.require("test");
        assertTrue(ZstdNative.available());
    }

    @Test
    void childJvm_withoutZstdJni_lz4WorksAndZstdDictIsRefusedSayingWhy() throws Exception {
        byte[] dict = "{\"status\":\"shipped\",\"id\":".getBytes(StandardCharsets.US_ASCII);
        DictionaryFile.write(FileLayer.DEFAULT, dir, Dictionaries.idOf(dict), dict);
        String cp = String.join(File.pathSeparator, location(KvStore.class), location(NoZstdJniMain.class),
                location(io.airlift.compress.lz4.Lz4Compressor.class));
        assertTrue(!cp.contains("zstd-jni"), cp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", cp, NoZstdJniMain.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM hung: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("lz4 ok: true"), out);
        assertTrue(out.contains("zstd-dict refused: compression=zstd-dict needs the zstd-jni native library")
                && out.contains("com.github.luben:zstd-jni is not on the class path"), out);
        assertTrue(out.contains("store with a dictionary refused:"), out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
