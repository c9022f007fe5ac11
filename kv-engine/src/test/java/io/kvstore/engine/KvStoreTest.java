package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvStoreTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void putGet_inMemory_roundTrips() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            assertArrayEquals(b("1"), s.get(b("a")));
            assertNull(s.get(b("b")));
            assertTrue(s.exists(b("a")));
            assertFalse(s.exists(b("b")));
        }
    }

    @Test
    void put_emptyKeyAndEmptyValue_areValues() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(new byte[0], new byte[0]);
            assertArrayEquals(new byte[0], s.get(new byte[0]));
            assertEquals(1, s.stats().count());
        }
    }

    @Test
    void delete_presentAndAbsent_reportsWhetherRemoved() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            assertTrue(s.delete(b("a")));
            assertFalse(s.delete(b("a")));
            assertNull(s.get(b("a")));
        }
    }

    @Test
    void getEntry_afterUpdates_versionIncreasesAndCreatedIsKept() {
        AtomicLong clock = new AtomicLong(1_000);
        try (KvStore s = KvStore.inMemory(KvOptions.builder().clock(clock::get).build())) {
            s.put(b("a"), b("1"));
            KvEntry first = s.getEntry(b("a"));
            clock.set(2_000);
            s.put(b("a"), b("2"));
            KvEntry second = s.getEntry(b("a"));
            assertTrue(second.version() > first.version());
            assertEquals(1_000, second.createdMillis());
            assertEquals(2_000, second.updatedMillis());
            assertArrayEquals(b("2"), second.value());
        }
    }

    @Test
    void compareAndSet_matchingAndStaleVersion_onlyMatchingWrites() {
        try (KvStore s = KvStore.inMemory()) {
            assertTrue(s.compareAndSet(b("a"), 0, b("1")));
            assertFalse(s.compareAndSet(b("a"), 0, b("x")));
            long v = s.getEntry(b("a")).version();
            assertTrue(s.compareAndSet(b("a"), v, b("2")));
            assertFalse(s.compareAndSet(b("a"), v, b("3")));
            assertArrayEquals(b("2"), s.get(b("a")));
            long v2 = s.getEntry(b("a")).version();
            assertTrue(s.compareAndSet(b("a"), v2, null));
            assertNull(s.get(b("a")));
        }
    }

    @Test
    void insert_existingKey_throwsDuplicateAndKeepsValue() {
        try (KvStore s = KvStore.inMemory()) {
            s.insert(b("a"), b("1"));
            assertThrows(KvDuplicateKeyException.class, () -> s.insert(b("a"), b("2")));
            assertArrayEquals(b("1"), s.get(b("a")));
        }
    }

    @Test
    void put_oversizedKeyOrValue_throwsLimit() {
        KvOptions o = KvOptions.builder().maxKeyBytes(8).maxValueBytes(16).build();
        try (KvStore s = KvStore.inMemory(o)) {
            assertThrows(KvLimitException.class, () -> s.put(new byte[9], new byte[1]));
            assertThrows(KvLimitException.class, () -> s.put(new byte[1], new byte[17]));
            s.put(new byte[8], new byte[16]);
            assertEquals(1, s.stats().count());
        }
    }

    @Test
    void put_largeValue64MiB_isAccepted() {
        try (KvStore s = KvStore.open(dir, KvOptions.builder().syncPolicy(SyncPolicy.NONE).build())) {
            byte[] big = new byte[64 << 20];
            big[big.length - 1] = 7;
            s.put(b("big"), big);
            assertEquals(7, s.get(b("big"))[big.length - 1]);
        }
        try (KvStore s = KvStore.open(dir)) {
            assertEquals(64 << 20, s.get(b("big")).length);
        }
    }

    @Test
    void open_afterClose_recoversData() {
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < 100; i++) {
                s.put(b("k" + i), b("v" + i));
            }
            s.delete(b("k7"));
        }
        try (KvStore s = KvStore.open(dir)) {
            assertEquals(99, s.stats().count());
            assertArrayEquals(b("v42"), s.get(b("k42")));
            assertNull(s.get(b("k7")));
        }
    }

    @Test
    void open_afterCrash_recoversAcknowledgedWrites() {
        KvStore s = KvStore.open(dir);
        for (int i = 0; i < 50; i++) {
            s.put(b("k" + i), b("v" + i));
        }
        long version = s.getEntry(b("k3")).version();
        s.simulateCrash();
        try (KvStore r = KvStore.open(dir)) {
            assertEquals(50, r.stats().count());
            assertEquals(version, r.getEntry(b("k3")).version());
        }
    }

    @Test
    void snapshot_thenMoreWrites_recoversBoth() {
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < 100; i++) {
                s.put(b("k" + i), b("v" + i));
            }
            s.snapshot();
            assertTrue(s.stats().snapshotLsn() > 0);
            for (int i = 100; i < 150; i++) {
                s.put(b("k" + i), b("v" + i));
            }
            s.delete(b("k0"));
        }
        try (KvStore s = KvStore.open(dir)) {
            assertEquals(149, s.stats().count());
            assertArrayEquals(b("v120"), s.get(b("k120")));
            assertNull(s.get(b("k0")));
        }
    }

    @Test
    void snapshot_automaticTrigger_dropsOldSegments() throws Exception {
        KvOptions o = KvOptions.builder().syncPolicy(SyncPolicy.NONE).walSegmentBytes(8192)
                .snapshotWalBytes(32 * 1024).build();
        try (KvStore s = KvStore.open(dir, o)) {
            for (int i = 0; i < 3000; i++) {
                s.put(b("k" + (i % 200)), new byte[100]);
            }
            for (int i = 0; i < 200 && s.stats().snapshotLsn() == 0; i++) {
                Thread.sleep(10);
            }
            assertTrue(s.stats().snapshotLsn() > 0, "an automatic snapshot should have run");
        }
        long segments;
        try (var files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("wal-")).count();
        }
        assertTrue(segments < 20, "old segments should be deleted, found " + segments);
        try (KvStore s = KvStore.open(dir)) {
            assertEquals(200, s.stats().count());
        }
    }

    @Test
    void open_secondOpenInSameJvm_throwsInUse() {
        try (KvStore s = KvStore.open(dir)) {
            assertThrows(KvStoreInUseException.class, () -> KvStore.open(dir));
        }
        KvStore.open(dir).close();
    }

    @Test
    void open_pathIsAFile_throwsIoWithClearMessage() throws Exception {
        Path file = Files.createFile(dir.resolve("plain"));
        KvIOException e = assertThrows(KvIOException.class, () -> KvStore.open(file));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void readOnly_writes_throwReadOnlyButReadsWork() {
        try (KvStore s = KvStore.open(dir)) {
            s.put(b("a"), b("1"));
        }
        try (KvStore s = KvStore.open(dir, KvOptions.builder().readOnly(true).build())) {
            assertArrayEquals(b("1"), s.get(b("a")));
            assertThrows(KvReadOnlyException.class, () -> s.put(b("b"), b("2")));
            assertThrows(KvReadOnlyException.class, () -> s.delete(b("a")));
        }
    }

    @Test
    void closedStore_anyCall_throwsClosed() {
        KvStore s = KvStore.inMemory();
        s.close();
        assertThrows(KvClosedException.class, () -> s.get(b("a")));
        assertThrows(KvClosedException.class, () -> s.put(b("a"), b("1")));
        s.close();
    }

    @Test
    void memoryLimit_reject_refusesWritesButAllowsReadsAndDeletes() {
        KvOptions o = KvOptions.builder().memoryLimitBytes(200_000).build();
        try (KvStore s = KvStore.inMemory(o)) {
            int written = 0;
            KvMemoryLimitException hit = null;
            for (int i = 0; i < 10_000 && hit == null; i++) {
                try {
                    s.put(b("k" + i), new byte[100]);
                    written++;
                } catch (KvMemoryLimitException e) {
                    hit = e;
                }
            }
            assertNotNull(hit, "limit should be reached");
            assertTrue(s.stats().memoryUsed() <= 200_000);
            assertNotNull(s.get(b("k0")));
            assertTrue(s.delete(b("k0")));
            s.put(b("k0"), new byte[10]);
            assertEquals(written, s.stats().count());
        }
    }

    @Test
    void memoryLimit_lru_evictsOldAndLogsEvictionsAsDeletes() {
        KvOptions o = KvOptions.builder().memoryLimitBytes(200_000).evictionPolicy(EvictionPolicy.LRU)
                .syncPolicy(SyncPolicy.NONE).build();
        long count;
        try (KvStore s = KvStore.open(dir, o)) {
            for (int i = 0; i < 5_000; i++) {
                s.put(b("k" + i), new byte[100]);
            }
            assertTrue(s.stats().memoryUsed() <= 200_000, "used " + s.stats().memoryUsed());
            assertTrue(s.stats().evictions() > 0);
            assertNotNull(s.get(b("k4999")), "the newest entry stays");
            count = s.stats().count();
        }
        try (KvStore s = KvStore.open(dir, o)) {
            assertEquals(count, s.stats().count(), "evicted keys must not come back after recovery");
        }
    }

    @Test
    void iterator_allEntries_eachOnce() {
        try (KvStore s = KvStore.inMemory()) {
            Map<String, String> model = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                s.put(b("k" + i), b("v" + i));
                model.put("k" + i, "v" + i);
            }
            Map<String, String> seen = new HashMap<>();
            Iterator<KvEntry> it = s.iterator();
            while (it.hasNext()) {
                KvEntry e = it.next();
                assertNull(seen.put(new String(e.key(), UTF_8), new String(e.value(), UTF_8)));
            }
            assertEquals(model, seen);
            Map<String, String> viaForEach = new HashMap<>();
            s.forEach((k, v) -> viaForEach.put(new String(k, UTF_8), new String(v, UTF_8)));
            assertEquals(model, viaForEach);
        }
    }

    @Test
    void stats_afterWrites_reportsCountAndLoad() {
        try (KvStore s = KvStore.inMemory()) {
            for (int i = 0; i < 100; i++) {
                s.put(b("k" + i), b("v"));
            }
            KvStats st = s.stats();
            assertEquals(100, st.count());
            assertTrue(st.bucketCount() >= 100);
            assertEquals((double) st.count() / st.bucketCount(), st.loadFactor(), 1e-9);
            assertTrue(st.memoryUsed() > 100 * 16);
            assertEquals(100, st.lastLsn());
        }
    }

    @Test
    void close_logAboveSnapshotOnCloseBytes_writesSnapshotThatReopenLoads() throws Exception {
        KvOptions o = KvOptions.builder().snapshotOnCloseWalBytes(1).snapshotWalBytes(0).build();
        try (KvStore s = KvStore.open(dir, o)) {
            for (int i = 0; i < 100; i++) {
                s.put(b("k" + i), b("v" + i));
            }
            assertEquals(0, s.stats().snapshotLsn());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".snap")).count());
        }
        try (KvStore s = KvStore.open(dir, o)) {
            assertTrue(s.stats().snapshotLsn() > 0, "loaded from the snapshot");
            assertEquals(100, s.stats().count());
            assertArrayEquals(b("v42"), s.get(b("k42")));
        }
    }

    @Test
    void close_logBelowSnapshotOnCloseBytesOrDisabled_noSnapshot() throws Exception {
        for (long threshold : new long[] {0, 1L << 30}) {
            Path d = Files.createTempDirectory(dir, "t");
            try (KvStore s = KvStore.open(d, KvOptions.builder().snapshotOnCloseWalBytes(threshold).build())) {
                s.put(b("a"), b("1"));
            }
            try (var files = Files.list(d)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".snap")).count());
            }
            try (KvStore s = KvStore.open(d)) {
                assertArrayEquals(b("1"), s.get(b("a")));
            }
        }
    }
}
