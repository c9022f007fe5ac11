package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.check.StoreCheck;
import io.kvstore.engine.codec.Dictionaries;
import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compression=zstd-dict} end to end: the dictionary is trained from the store's values, durable in its
 * directory before any value uses it, found again at open, checked by {@code check}, and its loss or damage is
 * reported (salvage leaves out the values that needed it).
 */
class KvStoreDictionaryTest {
    @TempDir
    Path dir;

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "shipped", "pending",
        "express", "standard", "gift", "fragile", "return", "priority", "customer", "warehouse", "invoice"};

    /** A JSON-like order document of 250-450 bytes: repeated field names, varying ids, dates and words. */
    static byte[] json(int i) {
        Random r = new Random(i);
        StringBuilder note = new StringBuilder();
        for (int w = 0, n = 4 + r.nextInt(12); w < n; w++) {
            note.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return ("{\"orderId\":\"ord-" + (100000 + i) + "\",\"customer\":{\"id\":" + r.nextInt(1_000_000)
                + ",\"email\":\"user" + r.nextInt(50_000) + "@example.com\",\"tier\":\""
                + (r.nextBoolean() ? "gold" : "silver") + "\"},\"created\":\"2026-" + (1 + r.nextInt(12)) + "-"
                + (1 + r.nextInt(28)) + "T" + r.nextInt(24) + ":" + r.nextInt(60) + ":00Z\",\"items\":[{\"sku\":\"SKU-"
                + r.nextInt(9999) + "\",\"qty\":" + (1 + r.nextInt(5)) + ",\"price\":" + r.nextInt(10_000) / 100.0
                + "}],\"status\":\"" + WORDS[r.nextInt(WORDS.length)] + "\",\"note\":\"" + note + "\"}")
                .getBytes(UTF_8);
    }

    private static byte[] key(int i) {
        return String.format("order:%08d", i).getBytes(UTF_8);
    }

    private static KvOptions options(String codec) {
        return KvOptions.builder().compression(codec).compressionDictionarySampleBytes(64 * 1024)
                .syncPolicy(SyncPolicy.INTERVAL).build();
    }

    /** Writes values 0..n-1, waiting for the dictionary after the first {@code n / 4}. */
    private static void load(KvStore s, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            s.put(key(i), json(i));
            if (i == n / 4) {
                assertTrue(s.options().compression().awaitDictionary(60_000),
                        "no dictionary: " + s.options().compression().dictionaryError());
            }
        }
    }

    private static void assertAll(KvStore s, int n) {
        for (int i = 0; i < n; i++) {
            assertArrayEquals(json(i), s.get(key(i)), "value " + i);
        }
    }

    private List<Path> dictionaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> StoreFiles.isDictionary(p.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void put_jsonValues_trainsDictionaryAndKeepsValuesUnderHalfTheirSize() throws Exception {
        int n = 2000;
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, n);
            assertAll(s, n);
            int id = s.options().compression().dictionaryId().orElseThrow();
            assertEquals(List.of(dir.resolve(StoreFiles.dictionary(id))), dictionaryFiles());
            byte[] packed = s.options().compression().compressOrNull(json(n));
            assertEquals(id, ValueCompression.dictionaryId(packed, 0, packed.length));
            assertTrue(packed.length * 2 < json(n).length, "stored " + packed.length + " of " + json(n).length);
            KvStats st = s.stats();
            assertEquals("zstd-dict", st.compression());
            assertTrue(st.compressionRatio() < 0.8, st.toString()); // the first quarter, before training, is plain
            long dictBytes = s.options().compression().dictionaryBytes();
            assertTrue(dictBytes > 0 && dictBytes <= 16 * 1024, "dictionary of " + dictBytes + " B");
        }
    }

    @Test
    void reopen_logThenSnapshot_readsEveryValueAndReusesTheDictionary() throws Exception {
        int n = 1500;
        int id;
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, n);
            id = s.options().compression().dictionaryId().orElseThrow();
        }
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) { // from the log
            assertAll(s, n);
            assertEquals(id, s.options().compression().dictionaryId().orElseThrow(), "the store's dictionary");
            s.put(key(n), json(n));
            s.snapshot();
        }
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) { // from the snapshot
            assertAll(s, n + 1);
            assertTrue(s.stats().memoryUsed() < s.stats().memoryRaw());
        }
        assertEquals(1, dictionaryFiles().size(), "no second dictionary");
        StoreCheck.Report r = StoreCheck.check(dir);
        assertEquals(StoreCheck.Verdict.OK, r.verdict(), r.message());
        assertTrue(r.message().contains("1 zstd dictionary file"), r.message());
    }

    @Test
    void reopen_optionChangedToLz4OrNone_dictionaryValuesStayReadable() throws Exception {
        int n = 1200;
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, n);
        }
        for (String codec : new String[] {"lz4", "none"}) {
            try (KvStore s = KvStore.open(dir, options(codec))) {
                assertAll(s, n);
                s.snapshot();
            }
        }
        try (KvStore s = KvStore.open(dir, options("none"))) {
            assertAll(s, n);
        }
    }

    @Test
    void open_dictionaryFileDeleted_reportsCorruptionNamingItAndSalvageLeavesThoseValuesOut() throws Exception {
        int n = 1200;
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, n);
            s.snapshot();
            s.put(key(n), json(n)); // one in the log too
        }
        Path dict = dictionaryFiles().get(0);
        Files.delete(dict);
        KvCorruptionException e = assertThrows(KvCorruptionException.class,
                () -> KvStore.open(dir, options("zstd-dict")));
        assertEquals(dict, e.file());
        assertEquals(StoreCheck.Verdict.CORRUPT, StoreCheck.check(dir).verdict());
        KvOptions salvage = KvOptions.builder().salvage(true).build();
        int kept = 0;
        try (KvStore s = KvStore.open(dir, salvage)) {
            for (int i = 0; i <= n; i++) {
                byte[] v = s.get(key(i));
                if (v != null) {
                    assertArrayEquals(json(i), v, "a value left is exact");
                    kept++;
                }
            }
            assertNull(s.get(key(n)), "the logged value that needed the dictionary is gone, not older");
        }
        assertTrue(kept > 0 && kept < n, "plain values (written before training) stay: " + kept);
    }

    @Test
    void open_dictionaryFileBitFlip_reportsFileAndOffset() throws Exception {
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, 1200);
        }
        Path dict = dictionaryFiles().get(0);
        byte[] b = Files.readAllBytes(dict);
        for (int off : new int[] {0, 5, 9, 13, 100, b.length - 1}) {
            byte[] damaged = b.clone();
            damaged[off] ^= 0x10;
            Files.write(dict, damaged);
            KvCorruptionException e = assertThrows(KvCorruptionException.class,
                    () -> KvStore.open(dir, options("zstd-dict")), "flip at " + off);
            assertEquals(dict, e.file(), "flip at " + off);
            assertTrue(e.getMessage().contains(dict.getFileName().toString()), e.getMessage());
        }
        Files.write(dict, b);
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            assertAll(s, 1200);
        }
    }

    @Test
    void commit_largeTransactionWithDictionary_valuesCompressedBesideHelpersReadBackAfterReopen() throws Exception {
        int n = 1000;
        int big = 3000; // one transaction: its values are compressed by the writer and the helper threads
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) {
            load(s, n);
            KvTransaction t = s.begin();
            for (int i = n; i < n + big; i++) {
                t.put(key(i), json(i));
            }
            t.commit();
            assertAll(s, n + big);
            // every value of the transaction compressed (a helper's failure would leave its share plain): the
            // first ~200 values of the store, before the dictionary, are the only plain ones
            assertTrue(s.stats().compressionRatio() < 0.5, s.stats().toString());
        }
        try (KvStore s = KvStore.open(dir, options("zstd-dict"))) { // from the log
            assertAll(s, n + big);
        }
    }

    @Test
    void inMemory_zstdDict_trainsAndCompresses() throws Exception {
        try (KvStore s = KvStore.inMemory(options("zstd-dict"))) {
            load(s, 1200);
            assertAll(s, 1200);
            assertTrue(s.stats().compressionRatio() < 0.8, s.stats().toString());
        }
    }

    @Test
    void put_randomValues_neverSampledNorCompressed() throws Exception {
        Random r = new Random(7);
        try (KvStore s = KvStore.inMemory(options("zstd-dict"))) {
            for (int i = 0; i < 2000; i++) {
                byte[] v = new byte[100];
                r.nextBytes(v);
                s.put(key(i), v);
            }
            assertEquals(0, s.options().compression().dictionaryBytes());
            assertEquals(s.stats().memoryRaw(), s.stats().memoryUsed());
        }
    }

    @Test
    void put_manyRandomValues_noDictionaryFromTheFewThatLookCompressible() throws Exception {
        Random r = new Random(11);
        KvOptions o = KvOptions.builder().compression("zstd-dict").compressionDictionarySampleBytes(4096)
                .syncPolicy(SyncPolicy.NONE).build();
        try (KvStore s = KvStore.open(dir, o)) {
            for (int i = 0; i < 30_000; i++) { // about 1 in 50 passes the check: several trainings' worth
                byte[] v = new byte[100];
                r.nextBytes(v);
                s.put(key(i), v);
            }
            assertTrue(s.options().compression().dictionaryId().isEmpty());
            // no training at all (too few values look compressible), or a dictionary tried and dropped
            String error = s.options().compression().dictionaryError();
            assertTrue(error == null || error.contains("not used"), error);
            assertTrue(dictionaryFiles().isEmpty());
        }
    }

    @Test
    void decode_unknownDictionaryId_throwsNamingTheMissingFile() {
        byte[] encoded = {3, 10, 1, 2, 3, 4, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValueCompression.decode(encoded, 0, encoded.length));
        assertTrue(e.getMessage().contains("dict-04030201.zdict"), e.getMessage());
        assertTrue(!Dictionaries.contains(0x04030201));
    }
}
