package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.snapshot.SnapshotWriter;
import io.kvstore.engine.table.EntryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordered reads: {@link KvStore#cursor(KeyRange, boolean)}, {@link KvStore#count}, transactions' ranges. */
class KvStoreRangeTest {
    @TempDir
    Path dir;

    private static final KvOptions FAST = KvOptions.builder().syncPolicy(SyncPolicy.NONE).build();

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> keys(KvCursor c) {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.key(UTF_8));
        }
        return out;
    }

    private static void fill(KvStore s, String... keys) {
        for (String k : keys) {
            s.put(b(k), b("v-" + k));
        }
    }

    @Test
    void cursor_rangesAndPrefixes_inKeyOrder() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "user:3", "user:1", "admin", "user:2", "user:10", "zeta", "user");
            assertEquals(List.of("admin", "user", "user:1", "user:10", "user:2", "user:3", "zeta"),
                    keys(s.cursor(KeyRange.all())));
            assertEquals(List.of("user:1", "user:10", "user:2", "user:3"),
                    keys(s.cursor(KeyRange.prefix(b("user:")))));
            assertEquals(List.of("user:3", "user:2", "user:10", "user:1"),
                    keys(s.cursor(KeyRange.prefix(b("user:")), true)));
            assertEquals(List.of("user:10", "user:2"), keys(s.cursor(KeyRange.of(b("user:1"), false, b("user:3"),
                    false))));
            assertEquals(List.of("zeta"), keys(s.cursor(KeyRange.greaterThan(b("user:3")))));
            assertEquals(List.of("user", "admin"), keys(s.cursor(KeyRange.lessThan(b("user:")), true)));
            assertEquals(4, s.count(KeyRange.prefix(b("user:"))));
            assertEquals(7, s.count(KeyRange.all()));
            assertEquals(0, s.count(KeyRange.closed(b("z"), b("a"))));
            assertFalse(s.cursor(KeyRange.closed(b("z"), b("a"))).next());
        }
    }

    @Test
    void cursor_valuesAndVersions_ofTheRecords() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "a", "b");
            s.put(b("a"), b("again"));
            KvCursor c = s.cursor(KeyRange.all());
            assertTrue(c.next());
            assertArrayEquals(b("again"), c.value());
            assertEquals(3, c.version());
            assertTrue(c.next());
            assertArrayEquals(b("v-b"), c.value());
            assertFalse(c.next());
        }
    }

    @Test
    void prefix_allFfBytes_unboundedAbove() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(new byte[] {(byte) 0xFF}, b("1"));
            s.put(new byte[] {(byte) 0xFF, (byte) 0xFF, 1}, b("2"));
            s.put(new byte[] {(byte) 0xFE}, b("3"));
            assertEquals(2, s.count(KeyRange.prefix(new byte[] {(byte) 0xFF})));
            assertEquals(3, s.count(KeyRange.prefix(new byte[0])));
        }
    }

    @Test
    void cursor_afterDeletesAndReopen_sameOrder() {
        List<String> expected = new ArrayList<>();
        try (KvStore s = KvStore.open(dir, FAST)) {
            for (int i = 0; i < 3000; i++) {
                s.put(b(String.format("key:%05d", i)), b("v"));
            }
            for (int i = 0; i < 3000; i += 3) {
                s.delete(b(String.format("key:%05d", i)));
            }
            for (int i = 0; i < 3000; i++) {
                if (i % 3 != 0) {
                    expected.add(String.format("key:%05d", i));
                }
            }
            assertEquals(expected, keys(s.cursor(KeyRange.all())));
            s.snapshot();
            s.put(b("key:99999"), b("after snapshot"));
        }
        expected.add("key:99999");
        try (KvStore s = KvStore.open(dir, FAST)) {
            assertEquals(expected, keys(s.cursor(KeyRange.all())));
            assertEquals(expected.size(), s.count(KeyRange.prefix(b("key:"))));
        }
    }

    /** Snapshots are written in key order, so that opening appends to the index. */
    @Test
    void snapshot_writesRecordsInKeyOrder() throws Exception {
        try (KvStore s = KvStore.open(dir, FAST)) {
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 2000; i++) {
                s.put(b("k" + rnd.nextInt(1_000_000)), b("v"));
            }
            s.snapshot();
        }
        List<byte[]> keys = new ArrayList<>();
        io.kvstore.engine.snapshot.SnapshotReader.load(io.kvstore.engine.io.FileLayer.DEFAULT, dir, false, true,
                rec -> keys.add(EntryRecord.key(rec)));
        assertTrue(keys.size() > 1900);
        for (int i = 1; i < keys.size(); i++) {
            assertTrue(Arrays.compareUnsigned(keys.get(i - 1), keys.get(i)) < 0, "snapshot order at " + i);
        }
    }

    /** Older versions wrote snapshots in hash order: such a file must still open with a correct index. */
    @Test
    void open_snapshotInHashOrder_indexStillOrdered() throws Exception {
        List<byte[]> recs = new ArrayList<>();
        TreeMap<String, String> model = new TreeMap<>();
        for (int i = 0; i < 5000; i++) {
            String k = "key-" + (i * 7919 % 5000);
            recs.add(EntryRecord.encode(b(k), b("v" + i), i + 1, 1, 1));
            model.put(k, "v" + i);
        }
        Collections.shuffle(recs, new java.util.Random(5));
        Files.createDirectories(dir);
        SnapshotWriter.write(io.kvstore.engine.io.FileLayer.DEFAULT, dir, 5000, recs.iterator());
        // a snapshot is always followed by a log segment (a snapshot without one reads as a lost log)
        io.kvstore.engine.wal.WalWriter.open(io.kvstore.engine.io.FileLayer.DEFAULT, dir, 5001, 1 << 20).close();
        try (KvStore s = KvStore.open(dir, FAST)) {
            assertEquals(new ArrayList<>(model.keySet()), keys(s.cursor(KeyRange.all())));
            assertEquals(5000, s.count(KeyRange.prefix(b("key-"))));
            assertArrayEquals(b(model.get("key-42")), s.get(b("key-42")));
        }
    }

    @Test
    void cursor_pointInTime_ignoresLaterWrites() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "a", "b", "c");
            KvCursor c = s.cursor(KeyRange.all());
            assertTrue(c.next());
            s.put(b("bb"), b("new"));
            s.delete(b("c"));
            assertEquals(List.of("b", "c"), keys(c));
        }
    }

    // ---- transactions ----

    @Test
    void transactionCursor_mergesOwnWrites() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "a", "b", "c", "d");
            try (KvTransaction tx = s.begin()) {
                tx.put(b("bb"), b("own"));
                tx.delete(b("c"));
                tx.put(b("a"), b("changed"));
                tx.put(b("zz"), b("outside"));
                assertEquals(List.of("a", "b", "bb", "d"), keys(tx.cursor(KeyRange.closed(b("a"), b("d")), false)));
                assertEquals(List.of("d", "bb", "b", "a"), keys(tx.cursor(KeyRange.closed(b("a"), b("d")), true)));
                KvCursor c = tx.cursor(KeyRange.prefix(b("a")), false);
                assertTrue(c.next());
                assertArrayEquals(b("changed"), c.value());
                assertEquals(0, c.version());
                assertEquals(4, tx.count(KeyRange.closed(b("a"), b("d"))));
                tx.commit();
            }
            assertEquals(List.of("a", "b", "bb", "d", "zz"), keys(s.cursor(KeyRange.all())));
        }
    }

    @Test
    void commit_insertIntoReadRange_conflicts() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "user:1", "user:3", "zz");
            KvTransaction tx = s.begin();
            assertEquals(2, tx.count(KeyRange.prefix(b("user:"))));
            tx.put(b("summary"), b("2 users"));
            s.put(b("user:2"), b("phantom"));
            assertThrows(KvConflictException.class, tx::commit);
            assertEquals(null, s.get(b("summary")));
        }
    }

    @Test
    void commit_deleteOrUpdateInReadRange_conflicts() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "user:1", "user:3");
            KvTransaction tx = s.begin();
            keys(tx.cursor(KeyRange.prefix(b("user:")), false));
            tx.put(b("x"), b("1"));
            s.delete(b("user:1"));
            assertThrows(KvConflictException.class, tx::commit);

            KvTransaction tx2 = s.begin();
            keys(tx2.cursor(KeyRange.prefix(b("user:")), true));
            tx2.put(b("x"), b("1"));
            s.put(b("user:3"), b("rewritten"));
            assertThrows(KvConflictException.class, tx2::commit);
        }
    }

    @Test
    void count_inTransaction_ownWritesCountedAndUpdateInRangeConflicts() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "user:1", "user:2", "user:3", "zz");
            KvTransaction tx = s.begin();
            tx.delete(b("user:1"));
            tx.put(b("user:4"), b("own"));
            tx.put(b("user:2"), b("own rewrite"));
            assertEquals(3, tx.count(KeyRange.prefix(b("user:"))));
            s.put(b("user:3"), b("rewritten by another commit"));
            assertThrows(KvConflictException.class, tx::commit);

            KvTransaction tx2 = s.begin();
            assertEquals(3, tx2.count(KeyRange.prefix(b("user:"))));
            tx2.put(b("report"), b("3"));
            s.put(b("zzz"), b("outside"));
            tx2.commit();
        }
    }

    @Test
    void commit_writeOutsideReadRange_succeeds() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "user:1", "user:3", "zz");
            KvTransaction tx = s.begin();
            assertEquals(2, tx.count(KeyRange.prefix(b("user:"))));
            tx.put(b("summary"), b("2 users"));
            s.put(b("zzz"), b("elsewhere"));
            s.put(b("user"), b("just below the prefix"));
            tx.commit();
            assertArrayEquals(b("2 users"), s.get(b("summary")));
        }
    }

    /** A cursor that stopped early read only up to where it stopped (a page of a keyset pagination). */
    @Test
    void commit_insertAfterWhereCursorStopped_succeeds() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "k1", "k2", "k3", "k4", "k5");
            KvTransaction tx = s.begin();
            KvCursor c = tx.cursor(KeyRange.atLeast(b("k1")), false);
            assertTrue(c.next());
            assertTrue(c.next()); // k2; k3 was fetched ahead
            tx.put(b("page"), b("k1..k2"));
            s.put(b("k4a"), b("beyond the page"));
            tx.commit();

            KvTransaction tx2 = s.begin();
            KvCursor c2 = tx2.cursor(KeyRange.atLeast(b("k1")), false);
            assertTrue(c2.next());
            assertTrue(c2.next());
            tx2.put(b("page"), b("k1..k2"));
            s.put(b("k1a"), b("inside the page"));
            assertThrows(KvConflictException.class, tx2::commit);
        }
    }

    @Test
    void commit_readOnlyRangeTransaction_validates() {
        try (KvStore s = KvStore.inMemory()) {
            fill(s, "a", "b");
            KvTransaction tx = s.begin();
            assertEquals(2, tx.count(KeyRange.all()));
            s.put(b("c"), b("new"));
            assertThrows(KvConflictException.class, tx::commit);
        }
    }

    /**
     * Serializability of range reads under concurrency: transactions move one unit between two keys of a prefix
     * after counting the prefix's total; a concurrent inserter adds keys into the prefix. Each transaction that
     * commits must have seen the set of keys that was current when it committed, so the recorded totals never
     * disagree with the final state.
     */
    @Test
    void concurrentTransactions_rangeReadsSerializable() throws Exception {
        try (KvStore s = KvStore.inMemory()) {
            for (int i = 0; i < 20; i++) {
                s.put(b(String.format("acct:%03d", i)), b("0"));
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] threads = new Thread[3];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    try {
                        SplittableRandom rnd = new SplittableRandom(id);
                        for (int i = 0; i < 300; i++) {
                            if (id == 0) {
                                s.put(b(String.format("acct:%03d", 20 + i)), b("0"));
                                continue;
                            }
                            try (KvTransaction tx = s.begin()) {
                                long n = tx.count(KeyRange.prefix(b("acct:")));
                                // record the count seen under a key only this thread writes
                                tx.put(b("count:" + id + ":" + i), b(Long.toString(n)));
                                tx.put(b("seen:" + id + ":" + i), b(Integer.toString(rnd.nextInt())));
                                tx.commit();
                            } catch (KvConflictException expected) {
                                // retry is not needed for the check
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            // Every committed count must equal the number of acct keys with a version below that commit's.
            KvCursor c = s.cursor(KeyRange.prefix(b("count:")));
            int checked = 0;
            while (c.next()) {
                long commitVersion = c.version();
                long seen = Long.parseLong(new String(c.value(), UTF_8));
                long actual = 0;
                KvCursor accts = s.cursor(KeyRange.prefix(b("acct:")));
                while (accts.next()) {
                    if (accts.version() < commitVersion) {
                        actual++;
                    }
                }
                assertEquals(actual, seen, "count recorded at version " + commitVersion);
                checked++;
            }
            assertTrue(checked > 0);
        }
    }

    /** Random writers beside readers checking ranges against a concurrent model snapshot bound. */
    @Test
    void concurrentWritesAndRangeReads_matchModelAtEnd() throws Exception {
        try (KvStore s = KvStore.inMemory()) {
            ConcurrentSkipListMap<byte[], byte[]> model = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
            Thread w = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(11);
                for (int i = 0; i < 20_000; i++) {
                    byte[] k = b("k" + rnd.nextInt(3000));
                    if (rnd.nextInt(4) == 0) {
                        s.delete(k);
                        model.remove(k);
                    } else {
                        s.put(k, b("v" + i));
                        model.put(k, b("v" + i));
                    }
                }
            });
            w.start();
            while (w.isAlive()) {
                KvCursor c = s.cursor(KeyRange.prefix(b("k1")), true);
                byte[] prev = null;
                while (c.next()) {
                    byte[] k = c.key();
                    assertTrue(prev == null || Arrays.compareUnsigned(prev, k) > 0);
                    prev = k;
                }
            }
            w.join();
            NavigableMap<byte[], byte[]> sub = model.subMap(b("k1"), true, b("k2"), false);
            assertEquals(sub.size(), s.count(KeyRange.prefix(b("k1"))));
            KvCursor c = s.cursor(KeyRange.prefix(b("k1")));
            for (Map.Entry<byte[], byte[]> e : sub.entrySet()) {
                assertTrue(c.next());
                assertArrayEquals(e.getKey(), c.key());
                assertArrayEquals(e.getValue(), c.value());
            }
            assertFalse(c.next());
        }
    }
}
