package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.table.EntryRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code compression} option end to end: every read path sees plain bytes, and a store holds a mix. */
class KvStoreCompressionTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** A JSON-like value of about 300 bytes that compresses. */
    static byte[] json(int i) {
        return b("{\"id\":" + i + ",\"name\":\"user " + i + "\",\"status\":\"active\",\"tags\":[\"alpha\",\"beta\"],"
                + "\"note\":\"" + "lorem ipsum dolor sit amet ".repeat(8) + "\"}");
    }

    private static byte[] random(int n, long seed) {
        byte[] v = new byte[n];
        new Random(seed).nextBytes(v);
        return v;
    }

    private static KvOptions.Builder options(String codec) {
        return KvOptions.builder().compression(codec).syncPolicy(SyncPolicy.INTERVAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void readPaths_compressedValue_allSeePlainBytes(String codec) {
        try (KvStore s = KvStore.inMemory(options(codec).build())) {
            byte[] v = json(1);
            s.put(b("k"), v);
            assertArrayEquals(v, s.get(b("k")));
            assertArrayEquals(v, s.get(b("k"), (bytes, off, len) -> Arrays.copyOfRange(bytes, off, off + len)));
            ByteBuffer view = s.getView(b("k"));
            byte[] fromView = new byte[view.remaining()];
            view.get(fromView);
            assertArrayEquals(v, fromView);
            assertArrayEquals(v, s.getEntry(b("k")).value());
            assertArrayEquals(v, s.iterator().next().value());
            s.forEach((k, val) -> assertArrayEquals(v, val));
            KvCursor c = s.cursor();
            assertTrue(c.next());
            assertEquals(v.length, c.valueLength());
            assertArrayEquals(v, c.value());
            try (KvTransaction t = s.begin()) {
                assertArrayEquals(v, t.get(b("k")));
                assertArrayEquals(v, t.get(b("k"), (bytes, off, len) -> Arrays.copyOfRange(bytes, off, off + len)));
            }
            KvStats st = s.stats();
            assertEquals(codec, st.compression());
            assertTrue(st.memoryRaw() > st.memoryUsed(), st.toString());
            assertTrue(st.compressionRatio() < 1.0);
        }
    }

    @Test
    void put_randomAndShortValues_storedPlain() {
        try (KvStore s = KvStore.inMemory(options("lz4").build())) {
            s.put(b("r"), random(1000, 1));
            s.put(b("s"), b("short short short short"));
            KvStats st = s.stats();
            assertEquals(st.memoryUsed(), st.memoryRaw());
            assertEquals(1.0, st.compressionRatio());
            assertArrayEquals(random(1000, 1), s.get(b("r")));
        }
    }

    @Test
    void expireAtAndPersist_compressedValue_keptAsItIs() {
        try (KvStore s = KvStore.inMemory(options("lz4").build())) {
            s.put(b("k"), json(2));
            long saved = s.stats().memoryRaw() - s.stats().memoryUsed();
            assertTrue(s.expireAt(b("k"), System.currentTimeMillis() + 3_600_000));
            assertTrue(s.persist(b("k")));
            assertArrayEquals(json(2), s.get(b("k")));
            assertEquals(saved, s.stats().memoryRaw() - s.stats().memoryUsed());
        }
    }

    @Test
    void reopen_optionChangedEachTime_mixedStoreReadsBackThroughLogAndSnapshots() {
        Map<String, byte[]> model = new HashMap<>();
        String[] codecs = {"none", "lz4", "zstd", "none", "lz4"};
        for (int round = 0; round < codecs.length; round++) {
            try (KvStore s = KvStore.open(dir, options(codecs[round]).build())) {
                for (Map.Entry<String, byte[]> e : model.entrySet()) {
                    assertArrayEquals(e.getValue(), s.get(b(e.getKey())), e.getKey() + " in round " + round);
                }
                for (int i = 0; i < 50; i++) {
                    String k = "r" + round + "-" + i;
                    byte[] v = i % 3 == 0 ? random(200, i) : json(round * 100 + i);
                    s.put(b(k), v);
                    model.put(k, v);
                }
                if (round % 2 == 1) {
                    s.snapshot(); // half the rounds load from a snapshot, the others replay the log
                }
            }
        }
        try (KvStore s = KvStore.open(dir, options("none").readOnly(true).build())) {
            assertEquals(model.size(), s.count());
            for (Map.Entry<String, byte[]> e : model.entrySet()) {
                assertArrayEquals(e.getValue(), s.get(b(e.getKey())), e.getKey());
            }
        }
    }

    @Test
    void snapshot_compressedStore_smallerThanPlainAndReloadsEqual() throws Exception {
        Path plain = dir.resolve("plain");
        Path packed = dir.resolve("packed");
        for (Path p : new Path[] {plain, packed}) {
            try (KvStore s = KvStore.open(p, options(p == plain ? "none" : "lz4").build())) {
                for (int i = 0; i < 500; i++) {
                    s.put(b("key" + i), json(i));
                }
                s.snapshot();
            }
        }
        long plainSize = snapshotSize(plain);
        long packedSize = snapshotSize(packed);
        assertTrue(packedSize * 2 < plainSize, packedSize + " vs " + plainSize);
        try (KvStore s = KvStore.open(packed, options("lz4").build())) {
            for (int i = 0; i < 500; i++) {
                assertArrayEquals(json(i), s.get(b("key" + i)));
            }
        }
    }

    private static long snapshotSize(Path store) throws Exception {
        try (var files = java.nio.file.Files.list(store)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".snap"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void open_version2SnapshotWrittenByTheOldWriter_readsAndRewritesAsVersion3() throws Exception {
        long millis = 1_700_000_000_000L;
        // the version-2 example of docs/format/snapshot.md: "a" = "1", "b" = "2" expiring a minute later
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve(io.kvstore.engine.io.StoreFiles.snapshot(2)),
                io.kvstore.engine.io.FormatDocs.hexExample("snapshot.md", 1));
        // and an empty version-2 log segment after it (header only: "KVWL", version 2, flags 0, first LSN 3)
        byte[] segment = {'K', 'V', 'W', 'L', 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0};
        java.nio.file.Files.write(dir.resolve(io.kvstore.engine.io.StoreFiles.walSegment(3)), segment);
        KvOptions o = options("lz4").clock(() -> millis).build();
        try (KvStore s = KvStore.open(dir, o)) {
            assertArrayEquals(b("1"), s.get(b("a")));
            assertArrayEquals(b("2"), s.get(b("b")));
            assertEquals(millis + 60_000, s.expiresAt(b("b")));
            s.put(b("c"), json(7));
            s.snapshot();
        }
        try (KvStore s = KvStore.open(dir, options("none").clock(() -> millis).build())) {
            assertArrayEquals(b("1"), s.get(b("a")));
            assertArrayEquals(b("2"), s.get(b("b")));
            assertArrayEquals(json(7), s.get(b("c")));
        }
    }

    @Test
    void options_unknownCodec_throws() {
        assertThrows(IllegalArgumentException.class, () -> KvOptions.builder().compression("gzip"));
        assertThrows(IllegalArgumentException.class, () -> KvOptions.builder().compressionThreshold(8));
        assertEquals("zstd", KvOptions.builder().compression("ZSTD").build().compression().name());
    }

    @Test
    void entryRecord_compressedFlag_isTheSecondBitOfKeyMeta() {
        byte[] rec = EntryRecord.encode(b("k"), json(3),
                io.kvstore.engine.codec.ValueCompression.of("lz4", 64), 1, 0, 0, 0);
        assertEquals(1 << 2 | 2, rec[0]);
        assertTrue(EntryRecord.isCompressed(rec));
        assertEquals(json(3).length, EntryRecord.valueLength(rec));
        assertTrue(EntryRecord.storedValueLength(rec) < json(3).length);
        assertTrue(EntryRecord.isWellFormed(rec));
    }
}
