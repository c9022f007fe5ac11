package io.kvstore.engine.table;

import static io.kvstore.engine.table.TestRecords.bytes;
import static io.kvstore.engine.table.TestRecords.key;
import static io.kvstore.engine.table.TestRecords.keysIn;
import static io.kvstore.engine.table.TestRecords.rec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HashTableTest {

    private static void assertConsistent(HashTable t) {
        assertEquals(t.recomputeMemoryAndCheck(), t.memoryUsed(), "memoryUsed");
    }

    // ---------------------------------------------------------------------------------------------- basics

    @Test
    void get_emptyTable_returnsNull() {
        HashTable t = new HashTable();
        assertNull(t.get(bytes("a")));
        assertNull(t.get(new byte[0]));
        assertEquals(0, t.size());
        assertEquals(0.0, t.loadFactor());
        assertFalse(t.records().hasNext());
    }

    @Test
    void put_newKey_getReturnsTheSameRecord() {
        HashTable t = new HashTable();
        byte[] r = rec("alpha", "one");
        assertNull(t.put(r));
        assertSame(r, t.get(bytes("alpha")));
        assertEquals(1, t.size());
        assertNull(t.get(bytes("alph")));
        assertNull(t.get(bytes("alphaa")));
        assertNull(t.get(bytes("beta")));
        assertConsistent(t);
    }

    @Test
    void put_existingKey_replacesAndReturnsPrevious() {
        HashTable t = new HashTable();
        byte[] r1 = rec("alpha", "one");
        byte[] r2 = rec(bytes("alpha"), bytes("a much longer second value"), 2);
        t.put(r1);
        long before = t.memoryUsed();
        assertSame(r1, t.put(r2));
        assertSame(r2, t.get(bytes("alpha")));
        assertEquals(1, t.size());
        assertEquals(before - EntryRecord.heapSize(r1) + EntryRecord.heapSize(r2), t.memoryUsed());
        assertConsistent(t);
    }

    @Test
    void remove_presentKey_returnsRecordAndKeyIsGone() {
        HashTable t = new HashTable();
        byte[] a = rec("alpha", "one");
        byte[] b = rec("beta", "two");
        t.put(a);
        t.put(b);
        assertSame(a, t.remove(bytes("alpha")));
        assertNull(t.get(bytes("alpha")));
        assertSame(b, t.get(bytes("beta")));
        assertEquals(1, t.size());
        assertNull(t.remove(bytes("alpha")));
        assertConsistent(t);
    }

    @Test
    void remove_absentKey_returnsNullAndChangesNothing() {
        HashTable t = new HashTable();
        t.put(rec("alpha", "one"));
        long mem = t.memoryUsed();
        assertNull(t.remove(bytes("beta")));
        assertNull(t.remove(new byte[0]));
        assertEquals(1, t.size());
        assertEquals(mem, t.memoryUsed());
    }

    @Test
    void put_emptyKeyAndEmptyValue_roundTrips() {
        HashTable t = new HashTable();
        byte[] empty = EntryRecord.encode(new byte[0], new byte[0], 1, 0, 0);
        byte[] emptyValue = EntryRecord.encode(bytes("k"), new byte[0], 1, 0, 0);
        t.put(empty);
        t.put(emptyValue);
        assertSame(empty, t.get(new byte[0]));
        assertSame(emptyValue, t.get(bytes("k")));
        assertEquals(0, EntryRecord.valueLength(t.get(new byte[0])));
        byte[] empty2 = EntryRecord.encode(new byte[0], bytes("now with a value"), 2, 0, 5);
        assertSame(empty, t.put(empty2));
        assertSame(empty2, t.get(new byte[0]));
        assertSame(empty2, t.remove(new byte[0]));
        assertNull(t.get(new byte[0]));
        assertSame(emptyValue, t.get(bytes("k")));
        assertConsistent(t);
    }

    @Test
    void put_keysOfManyLengths_eachFoundAndNoPrefixOrNeighbourMatches() {
        HashTable t = new HashTable();
        Random rnd = new Random(5);
        List<byte[]> keys = new ArrayList<>();
        for (int len = 0; len <= 300; len++) {
            byte[] k = new byte[len];
            rnd.nextBytes(k);
            keys.add(k);
            t.put(rec(k, bytes("v" + len), len + 1));
        }
        for (byte[] k : keys) {
            byte[] r = t.get(k);
            assertNotNull(r, "length " + k.length);
            assertArrayEquals(k, EntryRecord.key(r));
            for (int i = 0; i < k.length; i++) { // a key differing in any one byte is another key
                byte[] other = k.clone();
                other[i] ^= 1;
                assertNull(t.get(other));
            }
        }
        assertConsistent(t);
    }

    @Test
    void put_malformedRecord_throwsAndLeavesTableUnchanged() {
        HashTable t = new HashTable();
        assertThrows(IllegalArgumentException.class, () -> t.put(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> t.put(new byte[] {(byte) 0x80, (byte) 0x80}));
        // key length 5 (field 5 << 2) in a 6-byte record: too long
        assertThrows(IllegalArgumentException.class, () -> t.put(new byte[] {20, 1, 0, 0, 'a', 'b'}));
        // key length 2 with the expiry flag (2 << 2 | 1), but no room for the 8-byte expiry
        assertThrows(IllegalArgumentException.class, () -> t.put(new byte[] {9, 1, 0, 0, 'a', 'b'}));
        assertThrows(NullPointerException.class, () -> t.put(null));
        assertEquals(0, t.size());
        assertConsistent(t);
    }

    @Test
    void put_recordWithNonCanonicalVarints_foundByItsKey() {
        byte[] key = bytes("0123456789abcdef");
        byte[] value = bytes("some value bytes here");
        // key length 16 (field 16 << 2 = 64) as a two-byte varint, version 1, created 0, delta 0
        byte[] rec = new byte[5 + key.length + value.length];
        rec[0] = (byte) 0xC0;
        rec[1] = 0x00;
        rec[2] = 1;
        System.arraycopy(key, 0, rec, 5, key.length);
        System.arraycopy(value, 0, rec, 5 + key.length, value.length);
        assertTrue(EntryRecord.isWellFormed(rec));
        HashTable t = new HashTable();
        t.put(rec);
        assertSame(rec, t.get(key));
        byte[] canonical = EntryRecord.encode(key, value, 2, 0, 0);
        assertSame(rec, t.put(canonical));
        assertEquals(1, t.size());
        assertSame(canonical, t.remove(key));
        assertConsistent(t);
    }

    // ------------------------------------------------------------------------------- growth and tombstones

    @Test
    void put_manyKeysAcrossResizes_allFoundAndLoadFactorBounded() {
        HashTable t = new HashTable();
        long initialBuckets = t.bucketCount();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            t.put(rec(key(i), bytes("v" + i), i + 1));
            if ((i & 0x3FFF) == 0) {
                assertTrue(t.loadFactor() <= 0.75);
            }
        }
        assertEquals(n, t.size());
        assertTrue(t.bucketCount() > initialBuckets);
        assertTrue(t.loadFactor() >= 0.25 && t.loadFactor() <= 0.75, "load " + t.loadFactor());
        for (int s = 0; s < HashTable.SEGMENTS; s++) { // every segment stays between 1/4 and 3/4 full
            double load = (double) t.segmentLive(s) / t.segmentCapacity(s);
            assertTrue(load > 0.2 && load <= 0.75, "segment " + s + " load " + load);
        }
        for (int i = 0; i < n; i++) {
            byte[] r = t.get(key(i));
            assertNotNull(r);
            assertEquals(i + 1, EntryRecord.version(r));
        }
        assertNull(t.get(key(n)));
        assertConsistent(t);
    }

    @Test
    void getAndPut_withKnownHash_sameResultsAsWithout() {
        HashTable t = new HashTable();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] r = rec(key(i), bytes("v" + i), i + 1);
            if ((i & 1) == 0) {
                assertNull(t.put(r, EntryRecord.keyHash(r)));
            } else {
                assertNull(t.put(r));
            }
        }
        for (int i = 0; i < n; i++) {
            byte[] k = key(i);
            byte[] r = t.get(k, EntryRecord.hashKey(k));
            assertNotNull(r);
            assertSame(r, t.get(k));
            assertEquals(i + 1, EntryRecord.version(r));
        }
        byte[] absent = key(n);
        assertNull(t.get(absent, EntryRecord.hashKey(absent)));
        byte[] replacement = rec(key(7), bytes("new"), n + 1);
        assertNotNull(t.put(replacement, EntryRecord.keyHash(replacement)));
        assertSame(replacement, t.get(key(7)));
        assertEquals(n, t.size());
        assertConsistent(t);
    }

    @Test
    void remove_middleOfChain_leavesTombstoneThatInsertReuses() {
        HashTable t = new HashTable();
        List<byte[]> ks = keysIn(3, HashTable.MIN_CAPACITY, 5, 4); // same segment, same home slot
        byte[] a = rec(ks.get(0), bytes("a"), 1);
        byte[] b = rec(ks.get(1), bytes("b"), 2);
        byte[] c = rec(ks.get(2), bytes("c"), 3);
        t.put(a);
        t.put(b);
        t.put(c);
        byte[][] slots = t.segmentSlots(3);
        assertSame(a, slots[5]);
        assertSame(b, slots[6]);
        assertSame(c, slots[7]);

        t.remove(ks.get(1));
        assertSame(HashTable.TOMBSTONE, slots[6]);
        assertEquals(1, t.segmentTombstones(3));
        assertSame(c, t.get(ks.get(2))); // found past the tombstone
        assertNull(t.get(ks.get(1)));

        byte[] d = rec(ks.get(3), bytes("d"), 4);
        t.put(d);
        assertSame(d, slots[6]); // the tombstone was reused
        assertEquals(0, t.segmentTombstones(3));
        assertSame(d, t.get(ks.get(3)));
        assertConsistent(t);
    }

    @Test
    void remove_endOfChain_clearsTrailingTombstones() {
        HashTable t = new HashTable();
        List<byte[]> ks = keysIn(7, HashTable.MIN_CAPACITY, 2, 3);
        for (int i = 0; i < 3; i++) {
            t.put(rec(ks.get(i), bytes("v"), i + 1));
        }
        t.remove(ks.get(1)); // middle: tombstone
        assertEquals(1, t.segmentTombstones(7));
        t.remove(ks.get(2)); // end of chain: becomes empty, and so does the tombstone before it
        assertEquals(0, t.segmentTombstones(7));
        byte[][] slots = t.segmentSlots(7);
        assertNull(slots[3]);
        assertNull(slots[4]);
        assertNotNull(t.get(ks.get(0)));
        assertConsistent(t);
    }

    @Test
    void put_chainWrappingAroundSegmentEnd_allFound() {
        HashTable t = new HashTable();
        int last = HashTable.MIN_CAPACITY - 1;
        List<byte[]> ks = keysIn(9, HashTable.MIN_CAPACITY, last, 4);
        for (int i = 0; i < 4; i++) {
            t.put(rec(ks.get(i), bytes("v" + i), i + 1));
        }
        byte[][] slots = t.segmentSlots(9);
        assertSame(t.get(ks.get(1)), slots[0]);
        t.remove(ks.get(0));
        t.remove(ks.get(2));
        assertNotNull(t.get(ks.get(1)));
        assertNotNull(t.get(ks.get(3)));
        assertNull(t.get(ks.get(0)));
        assertConsistent(t);
    }

    @Test
    void put_manyKeysCollidingInOneSegment_segmentGrowsAndAllFound() {
        HashTable t = new HashTable();
        List<byte[]> ks = keysIn(0, 0, 0, 2_000);
        for (int i = 0; i < ks.size(); i++) {
            t.put(rec(ks.get(i), bytes("v" + i), i + 1));
        }
        assertEquals(4096, t.segmentCapacity(0));
        assertEquals(HashTable.MIN_CAPACITY, t.segmentCapacity(1));
        for (int i = 0; i < ks.size(); i++) {
            assertEquals(i + 1, EntryRecord.version(t.get(ks.get(i))));
        }
        for (int i = 0; i < ks.size(); i += 2) {
            t.remove(ks.get(i));
        }
        for (int i = 0; i < ks.size(); i++) {
            assertEquals(i % 2 == 1, t.get(ks.get(i)) != null);
        }
        assertConsistent(t);
    }

    @Test
    void churn_removesAndInsertsAtConstantSize_rebuildsAtSameCapacityAndDropsTombstones() {
        HashTable t = new HashTable();
        List<byte[]> ks = keysIn(4, 0, 0, 8_000);
        int live = 30; // in 64 slots: at most half full, so a rebuild keeps 64
        for (int i = 0; i < live; i++) {
            t.put(rec(ks.get(i), bytes("v"), 1));
        }
        int capacity = t.segmentCapacity(4);
        long rebuilds = t.rebuilds();
        SplittableRandom rnd = new SplittableRandom(1);
        List<Integer> present = new ArrayList<>();
        for (int i = 0; i < live; i++) {
            present.add(i);
        }
        int maxTombstones = 0;
        for (int next = live; next < ks.size(); next++) {
            int victim = present.remove(rnd.nextInt(present.size()));
            assertNotNull(t.remove(ks.get(victim)));
            t.put(rec(ks.get(next), bytes("v"), next));
            present.add(next);
            maxTombstones = Math.max(maxTombstones, t.segmentTombstones(4));
        }
        assertEquals(capacity, t.segmentCapacity(4), "same capacity: the rebuilds only dropped tombstones");
        assertTrue(t.rebuilds() - rebuilds > 10, "rebuilds " + (t.rebuilds() - rebuilds));
        assertTrue(maxTombstones > 0);
        assertTrue(t.segmentLive(4) + t.segmentTombstones(4) <= capacity * 3 / 4);
        for (int i : present) {
            assertNotNull(t.get(ks.get(i)));
        }
        assertEquals(live, t.size());
        assertConsistent(t);
    }

    @Test
    void remove_mostKeys_segmentShrinks() {
        HashTable t = new HashTable();
        List<byte[]> ks = keysIn(5, 0, 0, 1_000);
        for (byte[] k : ks) {
            t.put(rec(k, bytes("v"), 1));
        }
        int big = t.segmentCapacity(5);
        assertEquals(2048, big);
        for (int i = 0; i < 990; i++) {
            t.remove(ks.get(i));
            assertTrue(t.segmentLive(5) >= t.segmentCapacity(5) / 8 || t.segmentCapacity(5) == 8);
        }
        assertEquals(32, t.segmentCapacity(5));
        for (int i = 990; i < 1_000; i++) {
            assertNotNull(t.get(ks.get(i)));
        }
        assertConsistent(t);
    }

    @Test
    void clear_afterPuts_emptiesTableAndResetsStatistics() {
        HashTable t = new HashTable();
        long emptyMemory = t.memoryUsed();
        long emptyBuckets = t.bucketCount();
        for (int i = 0; i < 10_000; i++) {
            t.put(rec(key(i), bytes("v"), 1));
        }
        t.clear();
        assertEquals(0, t.size());
        assertEquals(emptyMemory, t.memoryUsed());
        assertEquals(emptyBuckets, t.bucketCount());
        assertNull(t.get(key(1)));
        assertFalse(t.records().hasNext());
        t.put(rec(key(1), bytes("again"), 2));
        assertNotNull(t.get(key(1)));
        assertConsistent(t);
    }

    // ------------------------------------------------------------------------------------------- memory

    @Test
    void memoryUsed_emptyTable_isFixedPartPlusMinimalArrays() {
        long arrays = HashTable.referenceArrayBytes(HashTable.MIN_CAPACITY)
                + HashTable.byteArrayBytes(HashTable.MIN_CAPACITY);
        assertEquals(HashTable.FIXED_BYTES + HashTable.SEGMENTS * arrays, new HashTable().memoryUsed());
        long tracked = arrays + HashTable.referenceArrayBytes(HashTable.MIN_CAPACITY);
        assertEquals(HashTable.FIXED_BYTES + HashTable.SEGMENTS * tracked, new HashTable(true).memoryUsed());
        assertEquals(16 + 32, HashTable.referenceArrayBytes(8));
        assertEquals(16 + 40, HashTable.referenceArrayBytes(9)); // 16 + 36 rounded up to 8
        assertEquals(24, HashTable.byteArrayBytes(8));
        assertEquals(32, HashTable.byteArrayBytes(9));
    }

    @Test
    void memoryUsed_putReplaceRemove_tracksRecordHeapSizes() {
        HashTable t = new HashTable();
        long m0 = t.memoryUsed();
        byte[] a = rec("a", "x".repeat(10));
        byte[] a2 = rec("a", "x".repeat(100));
        t.put(a);
        assertEquals(m0 + EntryRecord.heapSize(a), t.memoryUsed());
        t.put(a2);
        assertEquals(m0 + EntryRecord.heapSize(a2), t.memoryUsed());
        t.remove(bytes("a"));
        assertEquals(m0, t.memoryUsed());
        assertEquals(16 + 24, EntryRecord.heapSize(new byte[17])); // header plus contents, rounded up to 8
    }

    @Test
    void memoryUsed_acrossResizes_matchesRecount() {
        for (boolean tracking : new boolean[] {false, true}) {
            HashTable t = new HashTable(tracking);
            long records = 0;
            for (int i = 0; i < 50_000; i++) {
                byte[] r = rec(key(i), new byte[i % 200], i + 1);
                records += EntryRecord.heapSize(r);
                t.put(r);
            }
            long arrays = 0;
            for (int s = 0; s < HashTable.SEGMENTS; s++) {
                int cap = t.segmentCapacity(s);
                arrays += HashTable.referenceArrayBytes(cap) + HashTable.byteArrayBytes(cap)
                        + (tracking ? HashTable.referenceArrayBytes(cap) : 0);
            }
            assertEquals(HashTable.FIXED_BYTES + arrays + records, t.memoryUsed());
            assertConsistent(t);
        }
    }

    // ------------------------------------------------------------------------------------------- iterator

    @Test
    void records_staticTable_returnsEachLiveRecordOnce() {
        HashTable t = new HashTable();
        Set<byte[]> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 5_000; i++) {
            byte[] r = rec(key(i), bytes("v"), 1);
            t.put(r);
            expected.add(r);
        }
        for (int i = 0; i < 5_000; i += 3) {
            expected.remove(t.remove(key(i)));
        }
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Iterator<byte[]> it = t.records();
        while (it.hasNext()) {
            assertTrue(seen.add(it.next()), "returned twice");
        }
        assertEquals(expected, seen);
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void records_whileWriterMutates_returnsStableRecordsExactlyOnceAndNoDuplicates() throws Exception {
        HashTable t = new HashTable();
        List<byte[]> stable = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            byte[] r = rec(key(i), bytes("stable"), 1);
            t.put(r);
            stable.add(r);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                SplittableRandom rnd = new SplittableRandom(3);
                for (int op = 0; op < 400_000; op++) {
                    int k = 100_000 + rnd.nextInt(20_000); // churn keys, disjoint from the stable ones
                    if (rnd.nextBoolean()) {
                        t.put(rec(key(k), bytes("churn"), op + 2));
                    } else {
                        t.remove(key(k));
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                done.set(true);
            }
        });
        writer.start();
        int iterations = 0;
        while (!done.get() || iterations < 3) {
            Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Iterator<byte[]> it = t.records(); it.hasNext(); ) {
                byte[] r = it.next();
                assertNotNull(r);
                assertTrue(EntryRecord.isWellFormed(r));
                assertTrue(seen.add(r), "a record returned twice");
            }
            for (byte[] r : stable) {
                assertTrue(seen.contains(r), "a stable record was missed");
            }
            iterations++;
        }
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertConsistent(t);
    }

    // ------------------------------------------------------------------------------------------- eviction

    @Test
    void evictionCandidate_withoutTracking_throws() {
        HashTable t = new HashTable(false);
        t.put(rec("a", "b"));
        assertThrows(IllegalStateException.class, () -> t.evictionCandidate(5, new Random(1)));
    }

    @Test
    void evictionCandidate_emptyTable_returnsNull() {
        HashTable t = new HashTable(true);
        assertNull(t.evictionCandidate(5, new Random(1)));
        t.put(rec("a", "b"));
        t.remove(bytes("a"));
        assertNull(t.evictionCandidate(5, new Random(1)));
    }

    @Test
    void evictionCandidate_oneEntry_returnsIt() {
        HashTable t = new HashTable(true);
        byte[] r = rec("only", "one");
        t.put(r);
        assertSame(r, t.evictionCandidate(1, new Random(1)));
        assertSame(r, t.evictionCandidate(10, new Random(2)));
    }

    @Test
    void evictionCandidate_manySamples_returnsTheEntryNotAccessedSinceItWasWritten() {
        HashTable t = new HashTable(true);
        byte[] cold = rec(key(0), bytes("cold"), 1);
        t.put(cold);
        int n = 20_000; // enough to rebuild every segment several times: ticks must survive rebuilds
        for (int i = 1; i < n; i++) {
            t.put(rec(key(i), bytes("v"), i + 1));
        }
        t.put(rec(bytes("tick"), bytes("x"), 1)); // advance the clock past every put
        t.remove(bytes("tick"));
        for (int i = 1; i < n; i++) {
            assertNotNull(t.get(key(i)));
        }
        assertSame(cold, t.evictionCandidate(200_000, new Random(7)));
    }

    @Test
    void evictionCandidate_fewSamples_prefersOlderEntries() {
        HashTable t = new HashTable(true);
        int n = 1_000;
        for (int i = 0; i < n; i++) {
            t.put(rec(key(i), bytes("v"), i + 1));
        }
        for (int i = n / 2; i < n; i++) { // the upper half is touched after the last write
            t.get(key(i));
        }
        Random rnd = new Random(11);
        int lowerHalf = 0;
        for (int trial = 0; trial < 200; trial++) {
            byte[] c = t.evictionCandidate(5, rnd);
            int k = Integer.parseInt(new String(EntryRecord.key(c)).substring(1));
            if (k < n / 2) {
                lowerHalf++;
            }
        }
        assertTrue(lowerHalf > 180, "candidates from the untouched half: " + lowerHalf); // ~1 - 1/32 expected
    }

    @Test
    void reserve_expectedCount_fillsWithoutRebuilds() {
        HashTable t = new HashTable();
        t.reserve(50_000);
        long before = t.rebuilds();
        for (int i = 0; i < 50_000; i++) {
            t.put(rec("key" + i, "v"));
        }
        assertEquals(before, t.rebuilds(), "no segment grew while filling");
        assertEquals(50_000, t.size());
        assertNotNull(t.get(bytes("key49999")));
        t.recomputeMemoryAndCheck();
    }

    @Test
    void reserve_smallerThanContents_keepsEverything() {
        HashTable t = new HashTable();
        for (int i = 0; i < 5_000; i++) {
            t.put(rec("key" + i, "v"));
        }
        t.reserve(10);
        t.reserve(0);
        assertEquals(5_000, t.size());
        for (int i = 0; i < 5_000; i++) {
            assertNotNull(t.get(bytes("key" + i)));
        }
        t.recomputeMemoryAndCheck();
    }

    @Test
    void nonZeroBytes_everyBytePattern_marksExactlyTheNonZeroBytes() {
        Random rnd = new Random(3);
        for (int n = 0; n < 10_000; n++) {
            long w = 0;
            long expected = 0;
            for (int b = 0; b < 8; b++) {
                int v = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0x80;
                    case 2 -> 1;
                    default -> rnd.nextInt(256);
                };
                w |= (long) v << (8 * b);
                if (v != 0) {
                    expected |= 0x80L << (8 * b);
                }
            }
            assertEquals(expected, HashTable.nonZeroBytes(w), Long.toHexString(w));
        }
    }

    @Test
    void records_afterRemovalsAndRebuilds_eachLiveRecordOnce() {
        HashTable t = new HashTable();
        Set<String> live = new java.util.HashSet<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            String k = "key" + rnd.nextInt(5_000);
            if (rnd.nextInt(3) == 0) {
                t.remove(bytes(k));
                live.remove(k);
            } else {
                t.put(rec(k, "v"));
                live.add(k);
            }
        }
        Set<String> seen = new java.util.HashSet<>();
        Iterator<byte[]> it = t.records();
        while (it.hasNext()) {
            String k = new String(EntryRecord.key(it.next()), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(seen.add(k), "once: " + k);
        }
        assertEquals(live, seen);
    }

    @Test
    void putAll_recordsInAnyOrderWithDuplicates_sameAsPuts() {
        HashTable bulk = new HashTable();
        HashTable single = new HashTable();
        bulk.put(TestRecords.rec(TestRecords.key(7), TestRecords.bytes("already there"), 1));
        single.put(TestRecords.rec(TestRecords.key(7), TestRecords.bytes("already there"), 1));
        int n = 20_000;
        byte[][] recs = new byte[n][];
        long[] hashes = new long[n];
        long heap = 0;
        for (int i = 0; i < n; i++) {
            // every 10th record repeats an earlier key: the later one wins, as with put
            byte[] r = TestRecords.rec(TestRecords.key(i % 10 == 9 ? i / 2 : i), TestRecords.bytes("v" + i), i + 2);
            recs[i] = r;
            hashes[i] = EntryRecord.keyHash(r);
            heap += EntryRecord.heapSize(r);
            single.put(r);
        }
        bulk.putAll(recs, hashes, n, heap);
        assertEquals(single.size(), bulk.size());
        assertEquals(bulk.recomputeMemoryAndCheck(), bulk.memoryUsed());
        for (int i = 0; i < n; i++) {
            byte[] k = TestRecords.key(i);
            assertArrayEquals(single.get(k), bulk.get(k));
        }
    }
}
