package io.kvstore.engine.table;

import static io.kvstore.engine.table.TestRecords.bytes;
import static io.kvstore.engine.table.TestRecords.key;
import static io.kvstore.engine.table.TestRecords.rec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OrderedIndexTest {

    /** Keys compared as {@link OrderedIndex} does: unsigned bytes. */
    private static TreeMap<byte[], byte[]> model() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    private static List<String> keys(Iterator<byte[]> it) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(new String(EntryRecord.key(it.next())));
        }
        return out;
    }

    @Test
    void records_emptyIndex_nothing() {
        OrderedIndex ix = new OrderedIndex();
        assertFalse(ix.records().hasNext());
        assertFalse(ix.records(bytes("a"), true, bytes("z"), true, true).hasNext());
        assertEquals(0, ix.count(null, false, null, false));
        assertNull(ix.first(false));
        assertNull(ix.first(true));
    }

    @Test
    void put_beforePublish_invisibleToReaders() {
        OrderedIndex ix = new OrderedIndex();
        ix.put(rec("a", "1"));
        assertFalse(ix.records().hasNext());
        ix.publish();
        assertEquals(List.of("a"), keys(ix.records()));
    }

    @Test
    void records_readerStartedBeforeChanges_seesItsSnapshot() {
        OrderedIndex ix = new OrderedIndex();
        for (int i = 0; i < 1000; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
        }
        ix.publish();
        Iterator<byte[]> it = ix.records();
        for (int i = 0; i < 1000; i += 2) {
            ix.removeKey(key(i));
        }
        ix.put(rec(key(5000), bytes("v"), 2));
        ix.publish();
        int n = 0;
        while (it.hasNext()) {
            assertArrayEquals(key(n), EntryRecord.key(it.next()));
            n++;
        }
        assertEquals(1000, n);
        assertEquals(501, ix.count(null, false, null, false));
    }

    @Test
    void records_boundsAndDirections_matchTheRange() {
        OrderedIndex ix = new OrderedIndex();
        for (String k : List.of("a", "ab", "abc", "b", "ba", "c")) {
            ix.put(rec(k, "v"));
        }
        ix.publish();
        assertEquals(List.of("ab", "abc", "b"), keys(ix.records(bytes("ab"), true, bytes("b"), true, false)));
        assertEquals(List.of("abc"), keys(ix.records(bytes("ab"), false, bytes("b"), false, false)));
        assertEquals(List.of("b", "abc", "ab"), keys(ix.records(bytes("ab"), true, bytes("b"), true, true)));
        assertEquals(List.of("c", "ba", "b"), keys(ix.records(bytes("az"), true, null, false, true)));
        assertEquals(List.of("a", "ab"), keys(ix.records(null, false, bytes("abc"), false, false)));
        assertEquals(3, ix.count(bytes("ab"), true, bytes("b"), true));
        assertEquals(0, ix.count(bytes("b"), false, bytes("b"), true));
    }

    @Test
    void records_nonAsciiKeys_unsignedByteOrder() {
        OrderedIndex ix = new OrderedIndex();
        ix.put(rec(new byte[] {(byte) 0xC3, (byte) 0xA9}, bytes("e-acute"), 1));
        ix.put(rec(new byte[] {0x7F}, bytes("del"), 1));
        ix.put(rec(new byte[] {}, bytes("empty"), 1));
        ix.publish();
        Iterator<byte[]> it = ix.records();
        assertEquals(0, EntryRecord.keyLength(it.next()));
        assertArrayEquals(new byte[] {0x7F}, EntryRecord.key(it.next()));
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, EntryRecord.key(it.next()));
    }

    @Test
    void put_sequentialKeys_fillsLeaves() {
        OrderedIndex ix = new OrderedIndex();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
        }
        ix.publish();
        ix.check();
        // full leaves: at most a leaf of 64 slots per 64 entries, plus inner nodes
        long perEntry = ix.memoryUsed() / n;
        assertTrue(perEntry <= 6, "bytes per entry " + perEntry);
        assertEquals(n, ix.count(null, false, null, false));
    }

    @Test
    void put_existingKey_replacesRecord() {
        OrderedIndex ix = new OrderedIndex();
        ix.put(rec("k", "old"));
        ix.publish();
        ix.put(rec("k", "new"));
        ix.publish();
        byte[] r = ix.records().next();
        assertArrayEquals(bytes("new"), EntryRecord.value(r));
        assertEquals(1, ix.count(null, false, null, false));
    }

    @Test
    void removeKey_everything_emptyAgainAndUsable() {
        OrderedIndex ix = new OrderedIndex();
        for (int i = 0; i < 10_000; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
        }
        ix.publish();
        for (int i = 0; i < 10_000; i++) {
            ix.removeKey(key(i));
            if (i % 1000 == 0) {
                ix.check();
            }
        }
        ix.publish();
        ix.check();
        assertFalse(ix.records().hasNext());
        ix.removeKey(key(1)); // absent: nothing happens
        ix.put(rec("again", "v"));
        ix.publish();
        assertEquals(List.of("again"), keys(ix.records()));
    }

    /** Random operations against a TreeMap, checking ranges in both directions and counts after each publish. */
    @Test
    void randomOperations_matchTreeMapModel() {
        for (int seed = 1; seed <= 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            OrderedIndex ix = new OrderedIndex();
            TreeMap<byte[], byte[]> model = model();
            int keySpace = seed % 2 == 0 ? 300 : 20_000;
            for (int step = 0; step < 40_000; step++) {
                putOrRemove(ix, model, randomKey(rnd, keySpace), step, rnd.nextInt(10) < 6);
                if (rnd.nextInt(200) == 0) {
                    ix.publish();
                    checkAndCompare(ix, model, rnd, keySpace);
                }
            }
            ix.publish();
            checkAndCompare(ix, model, rnd, keySpace);
        }
    }

    /**
     * Keys built to defeat the search shortcuts: long shared prefixes (the abbreviated separators' window starts
     * after them), keys that are prefixes of one another or differ only in trailing zero bytes (equal
     * abbreviations), bytes 0x00/0x7F/0x80/0xFF, and enough keys per leaf that fingerprints collide. Random puts,
     * replacements and removals against a TreeMap, with {@code check()} verifying fingerprints and abbreviations
     * after each publish.
     */
    @Test
    void randomOperations_adversarialKeys_matchTreeMapModel() {
        byte[] alphabet = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFF};
        for (int seed = 1; seed <= 4; seed++) {
            SplittableRandom rnd = new SplittableRandom(500 + seed);
            OrderedIndex ix = new OrderedIndex();
            TreeMap<byte[], byte[]> model = model();
            java.util.List<byte[]> pool = new java.util.ArrayList<>();
            for (int i = 0; i < 6_000; i++) {
                int shared = seed % 2 == 0 ? 24 : rnd.nextInt(12);
                byte[] k = new byte[shared + 1 + rnd.nextInt(12)];
                Arrays.fill(k, 0, shared, (byte) 'p');
                for (int j = shared; j < k.length; j++) {
                    k[j] = alphabet[rnd.nextInt(alphabet.length)];
                }
                pool.add(k);
                byte[] padded = Arrays.copyOf(k, k.length + 1 + rnd.nextInt(9)); // the same key + zero bytes
                pool.add(padded);
            }
            for (int step = 0; step < 60_000; step++) {
                putOrRemove(ix, model, pool.get(rnd.nextInt(pool.size())), step, rnd.nextInt(10) < 7);
                if (rnd.nextInt(300) == 0) {
                    ix.publish();
                    ix.check();
                    assertIterEquals(model.values().iterator(), ix.records());
                    for (int q = 0; q < 20; q++) {
                        byte[] lo = pool.get(rnd.nextInt(pool.size()));
                        byte[] hi = pool.get(rnd.nextInt(pool.size()));
                        NavigableMap<byte[], byte[]> sub = sub(model, lo, true, hi, false);
                        assertIterEquals(sub.values().iterator(), ix.records(lo, true, hi, false, false));
                        assertEquals(sub.size(), ix.count(lo, true, hi, false), "count");
                    }
                }
            }
            ix.publish();
            ix.check();
            assertIterEquals(model.values().iterator(), ix.records());
            for (byte[] k : pool) {
                byte[] lo = k;
                assertEquals(model.containsKey(k) ? 1 : 0, ix.count(lo, true, lo, true), "exact count");
            }
        }
    }

    @Test
    void discardUnpublished_afterPutsAndRemovals_workingTreeIsThePublishedOneAgain() {
        OrderedIndex ix = new OrderedIndex();
        for (int i = 0; i < 1000; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
        }
        ix.publish();
        long memory = ix.memoryUsed();
        for (int i = 0; i < 1000; i += 3) {
            ix.put(rec(key(i), bytes("w"), 2)); // replaced
            ix.removeKey(key(i + 1));
            ix.put(rec(key(5000 + i), bytes("n"), 2)); // new
        }
        ix.discardUnpublished();
        ix.check();
        assertEquals(1000, ix.size());
        assertEquals(memory, ix.memoryUsed());
        ix.publish(); // nothing changed: the same published tree
        assertEquals(1000, keys(ix.records()).size());
        for (Iterator<byte[]> it = ix.records(); it.hasNext(); ) {
            assertArrayEquals(bytes("v"), EntryRecord.value(it.next()));
        }
    }

    /** Random operations with publishes and discards against a model that reverts to its last published state. */
    @Test
    void randomOperationsWithDiscards_matchTreeMapModel() {
        for (int seed = 1; seed <= 4; seed++) {
            SplittableRandom rnd = new SplittableRandom(100 + seed);
            OrderedIndex ix = new OrderedIndex();
            TreeMap<byte[], byte[]> model = model();
            TreeMap<byte[], byte[]> published = model();
            int keySpace = seed % 2 == 0 ? 300 : 20_000;
            for (int step = 0; step < 30_000; step++) {
                putOrRemove(ix, model, randomKey(rnd, keySpace), step, rnd.nextInt(10) < 6);
                int op = rnd.nextInt(300);
                if (op == 0) {
                    ix.publish();
                    published = new TreeMap<>(model);
                    checkAndCompare(ix, model, rnd, keySpace);
                } else if (op == 1) {
                    ix.discardUnpublished();
                    model = new TreeMap<>(published);
                    checkAndCompare(ix, model, rnd, keySpace);
                }
            }
            ix.publish();
            checkAndCompare(ix, model, rnd, keySpace);
        }
    }

    @Test
    void publish_smallGroup_editsWaitForTheFirstReader() {
        OrderedIndex ix = new OrderedIndex();
        ix.put(rec("a", "1"));
        ix.publish();
        assertTrue(ix.hasUnapplied(), "a one-edit commit is not applied to the tree at once");
        assertEquals(List.of("a"), keys(ix.records()));
        assertFalse(ix.hasUnapplied(), "the reader applied it");
        ix.removeKey(bytes("a"));
        ix.put(rec("b", "2"));
        ix.publish();
        assertEquals(1, ix.count(null, false, null, false));
        assertEquals(List.of("b"), keys(ix.records()));
    }

    @Test
    void memoryUsed_unappliedPuts_countedUntilAppliedThenTheTreesOwn() {
        OrderedIndex ix = new OrderedIndex();
        long empty = ix.memoryUsed();
        for (int i = 0; i < 500; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
            ix.publish();
        }
        assertTrue(ix.hasUnapplied());
        assertEquals(empty + 500 * OrderedIndex.PENDING_PUT_BYTES, ix.memoryUsed(), "an estimate per waiting put");
        assertTrue(ix.applyPending());
        assertFalse(ix.applyPending(), "nothing left");
        long applied = ix.memoryUsed();
        assertTrue(applied > empty && applied <= empty + 500 * OrderedIndex.PENDING_PUT_BYTES,
                "the tree's own figure, within the estimate: " + applied);
    }

    @Test
    void publish_manySmallGroups_appliedByTheWriterEveryApplyAtEdits() {
        OrderedIndex ix = new OrderedIndex();
        int applied = 0;
        for (int i = 0; i < 3 * OrderedIndex.APPLY_AT; i++) {
            ix.put(rec(key(i), bytes("v"), 1));
            ix.publish();
            if (!ix.hasUnapplied()) {
                applied++;
            }
        }
        assertEquals(3, applied, "no reader: the writer applies the pending edits every APPLY_AT of them");
        assertEquals(3 * OrderedIndex.APPLY_AT, ix.size());
    }

    /**
     * Deferred edits with small thresholds (a group goes direct at 4 edits, the writer applies at 9 pending):
     * groups of 1 to 8 edits, committed or discarded, with reads at random moments (mid-group too) that must see
     * exactly the committed state, whether the edits were applied by a reader, by the writer or directly.
     */
    @Test
    void deferredEdits_groupsOfEverySizeWithReadsAndDiscards_matchTreeMapModel() {
        for (int seed = 1; seed <= 4; seed++) {
            SplittableRandom rnd = new SplittableRandom(700 + seed);
            OrderedIndex ix = new OrderedIndex(4, 9);
            TreeMap<byte[], byte[]> model = model();
            TreeMap<byte[], byte[]> committed = model();
            int keySpace = seed % 2 == 0 ? 200 : 5_000;
            boolean sawUnapplied = false;
            for (int step = 0; step < 6_000; step++) {
                int edits = 1 + rnd.nextInt(8);
                for (int e = 0; e < edits; e++) {
                    putOrRemove(ix, model, randomKey(rnd, keySpace), step, rnd.nextInt(10) < 6);
                    if (rnd.nextInt(40) == 0) {
                        compare(ix, committed, rnd, keySpace); // the group's edits are not visible yet
                    }
                }
                if (rnd.nextInt(10) == 0) {
                    ix.discardUnpublished();
                    model = new TreeMap<>(committed);
                } else {
                    ix.publish();
                    committed = new TreeMap<>(model);
                }
                sawUnapplied |= ix.hasUnapplied();
                if (rnd.nextInt(5) == 0) {
                    compare(ix, committed, rnd, keySpace);
                }
            }
            assertTrue(sawUnapplied, "the deferred path was exercised");
            ix.check();
            compare(ix, committed, rnd, keySpace);
        }
    }

    /** Ascending appends (the fast path) mixed with publishes, removals and replacements. */
    @Test
    void ascendingAppendsWithPublishesAndRemovals_matchTreeMapModel() {
        SplittableRandom rnd = new SplittableRandom(99);
        OrderedIndex ix = new OrderedIndex();
        TreeMap<byte[], byte[]> model = model();
        for (int i = 0; i < 30_000; i++) {
            byte[] r = rec(key(i), bytes("v"), i + 1);
            ix.put(r);
            model.put(key(i), r);
            int op = rnd.nextInt(100);
            if (op < 3) {
                byte[] k = key(rnd.nextInt(i + 1));
                ix.removeKey(k);
                model.remove(k);
            } else if (op < 5) {
                byte[] k = key(rnd.nextInt(i + 1));
                byte[] again = rec(k, bytes("w"), i + 2);
                ix.put(again);
                model.put(k, again);
            }
            if (rnd.nextInt(150) == 0) {
                ix.publish();
            }
            if (i % 5000 == 0) {
                ix.check();
            }
        }
        ix.publish();
        ix.check();
        compare(ix, model, rnd, 30_000);
    }

    /** The index's invariants ({@code check()}), then its reads against the model. */
    private static void checkAndCompare(OrderedIndex ix, TreeMap<byte[], byte[]> model, SplittableRandom rnd,
                                        int keySpace) {
        ix.check();
        compare(ix, model, rnd, keySpace);
    }

    /** Puts a record of {@code k} (its value and version from {@code step}) or removes {@code k}, in both. */
    private static void putOrRemove(OrderedIndex ix, TreeMap<byte[], byte[]> model, byte[] k, int step, boolean put) {
        if (put) {
            byte[] r = rec(k, bytes("v" + step), step + 1);
            ix.put(r);
            model.put(k, r);
        } else {
            ix.removeKey(k);
            model.remove(k);
        }
    }

    private static byte[] randomKey(SplittableRandom rnd, int keySpace) {
        int n = rnd.nextInt(keySpace);
        // varied lengths and bytes above 0x7F, so that unsigned order and prefixes matter
        String s = Integer.toString(n, 7 + n % 5);
        byte[] b = bytes(s);
        if (n % 3 == 0) {
            b = Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = (byte) (0x80 + n % 100);
        }
        return b;
    }

    private static void compare(OrderedIndex ix, TreeMap<byte[], byte[]> model, SplittableRandom rnd,
                                int keySpace) {
        assertEquals(model.size(), ix.count(null, false, null, false));
        assertIterEquals(model.values().iterator(), ix.records());
        for (int q = 0; q < 20; q++) {
            byte[] lo = rnd.nextInt(5) == 0 ? null : randomKey(rnd, keySpace);
            byte[] hi = rnd.nextInt(5) == 0 ? null : randomKey(rnd, keySpace);
            boolean li = rnd.nextBoolean();
            boolean hiIncl = rnd.nextBoolean();
            NavigableMap<byte[], byte[]> sub = sub(model, lo, li, hi, hiIncl);
            String what = (lo == null ? "null" : HexFormat.of().formatHex(lo)) + li + " " + (hi == null ? "null" : HexFormat.of().formatHex(hi)) + hiIncl + " model " + keysHex(sub.keySet().iterator()) + " got " + keysHex2(ix.records(lo, li, hi, hiIncl, false));
            assertIterEquals(sub.values().iterator(), ix.records(lo, li, hi, hiIncl, false), what);
            assertIterEquals(sub.descendingMap().values().iterator(), ix.records(lo, li, hi, hiIncl, true));
            assertEquals(sub.size(), ix.count(lo, li, hi, hiIncl), "count");
        }
        Map.Entry<byte[], byte[]> first = model.firstEntry();
        assertEquals(first == null ? null : first.getValue(), ix.first(false));
        Map.Entry<byte[], byte[]> last = model.lastEntry();
        assertEquals(last == null ? null : last.getValue(), ix.first(true));
    }

    private static NavigableMap<byte[], byte[]> sub(TreeMap<byte[], byte[]> m, byte[] lo, boolean li, byte[] hi,
                                                    boolean hiIncl) {
        if (lo != null && hi != null) {
            int c = Arrays.compareUnsigned(lo, hi);
            if (c > 0 || (c == 0 && !(li && hiIncl))) {
                return model();
            }
            return m.subMap(lo, li, hi, hiIncl);
        }
        if (lo != null) {
            return m.tailMap(lo, li);
        }
        if (hi != null) {
            return m.headMap(hi, hiIncl);
        }
        return m;
    }

    private static String keysHex(Iterator<byte[]> it) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5 && it.hasNext(); i++) b.append(HexFormat.of().formatHex(it.next())).append(',');
        return b.toString();
    }

    private static String keysHex2(Iterator<byte[]> it) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5 && it.hasNext(); i++) b.append(HexFormat.of().formatHex(EntryRecord.key(it.next()))).append(',');
        return b.toString();
    }

    private static void assertIterEquals(Iterator<byte[]> expected, Iterator<byte[]> actual, String what) {
        int i = 0;
        while (expected.hasNext()) {
            assertTrue(actual.hasNext(), "missing record at " + i + what);
            assertEquals(ByteBuffer.wrap(expected.next()), ByteBuffer.wrap(actual.next()), "record " + i + what);
            i++;
        }
        assertFalse(actual.hasNext(), "extra record after " + i + what);
    }

    private static void assertIterEquals(Iterator<byte[]> expected, Iterator<byte[]> actual) {
        int i = 0;
        while (expected.hasNext()) {
            assertTrue(actual.hasNext(), "missing record at " + i);
            assertEquals(ByteBuffer.wrap(expected.next()), ByteBuffer.wrap(actual.next()), "record " + i);
            i++;
        }
        assertFalse(actual.hasNext(), "extra record after " + i);
    }

    /**
     * One writer publishing batches of inserts and deletes, readers walking ranges meanwhile: every walk must be
     * strictly ordered and hold exactly the keys of one published state (each batch keeps the count of "live"
     * keys even, and keys come and go in pairs).
     */
    @Test
    void concurrentReaders_seeConsistentOrderedStates() throws Exception {
        OrderedIndex ix = new OrderedIndex();
        int pairs = 5_000;
        for (int i = 0; i < pairs; i++) {
            ix.put(rec(key(2 * i), bytes("v"), 1));
            ix.put(rec(key(2 * i + 1), bytes("v"), 1));
        }
        ix.publish();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + 1_500_000_000L;
        Thread[] readers = new Thread[2];
        for (int t = 0; t < readers.length; t++) {
            boolean desc = t == 1;
            readers[t] = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        Iterator<byte[]> it = ix.records(null, false, null, false, desc);
                        byte[] prev = null;
                        int n = 0;
                        while (it.hasNext()) {
                            byte[] k = EntryRecord.key(it.next());
                            if (prev != null) {
                                int c = Arrays.compareUnsigned(prev, k);
                                if (desc ? c <= 0 : c >= 0) {
                                    throw new AssertionError("out of order");
                                }
                            }
                            prev = k;
                            n++;
                        }
                        if (n % 2 != 0) {
                            throw new AssertionError("saw half a batch: " + n);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            readers[t].start();
        }
        SplittableRandom rnd = new SplittableRandom(7);
        while (System.nanoTime() < deadline) {
            // mostly one pair per commit (deferred: readers apply the edits), sometimes 40 (applied directly)
            int groupPairs = rnd.nextInt(20) == 0 ? 40 : 1;
            for (int p = 0; p < groupPairs; p++) {
                int i = rnd.nextInt(pairs);
                if (rnd.nextBoolean()) {
                    ix.removeKey(key(2 * i));
                    ix.removeKey(key(2 * i + 1));
                } else {
                    ix.put(rec(key(2 * i), bytes("w"), 2));
                    ix.put(rec(key(2 * i + 1), bytes("w"), 2));
                }
            }
            if (rnd.nextInt(50) == 0 && ix.workingSize() % 2 != 0) {
                throw new AssertionError("pairs broken");
            }
            ix.publish();
        }
        for (Thread t : readers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        ix.check();
    }
}
