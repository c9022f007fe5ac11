package io.kvstore.engine.table;

import static io.kvstore.engine.table.TestRecords.key;
import static io.kvstore.engine.table.TestRecords.selfDescribing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One writer doing random puts and removes (with many segment rebuilds, growing and shrinking) while three
 * readers check what they see. Bounded by the writer's operation count; no timing assertions.
 */
class HashTableConcurrencyTest {
    private static final int STABLE = 2_000;     // keys 0..STABLE-1: present from the start, never removed
    private static final int KEY_SPACE = 40_000; // keys STABLE..KEY_SPACE-1: put and removed at random
    private static final int WRITER_OPS = 600_000;
    private static final int READERS = 3;

    @Test
    void readersDuringRandomWrites_neverSeeWrongKeyStaleVersionOrMissingStableKey() throws Exception {
        for (boolean tracking : new boolean[] {false, true}) {
            run(new HashTable(tracking), tracking);
        }
    }

    private static void run(HashTable table, boolean tracking) throws Exception {
        byte[][] keys = new byte[KEY_SPACE][];
        for (int i = 0; i < KEY_SPACE; i++) {
            keys[i] = key(i);
        }
        AtomicLong version = new AtomicLong();
        for (int i = 0; i < STABLE; i++) {
            table.put(selfDescribing(keys[i], version.incrementAndGet()));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long[] readerLookups = new long[READERS];

        Thread writer = new Thread(() -> {
            try {
                start.await();
                SplittableRandom rnd = new SplittableRandom(42);
                for (int op = 0; op < WRITER_OPS && failure.get() == null; op++) {
                    int phase = (op / 100_000) % 3; // grow, shrink, mixed: exercises every kind of rebuild
                    double putShare = phase == 0 ? 0.8 : phase == 1 ? 0.2 : 0.5;
                    int k = rnd.nextInt(100) < 5
                            ? rnd.nextInt(STABLE) // re-put a stable key with a new version
                            : STABLE + rnd.nextInt(KEY_SPACE - STABLE);
                    if (k < STABLE || rnd.nextDouble() < putShare) {
                        table.put(selfDescribing(keys[k], version.incrementAndGet()));
                    } else {
                        table.remove(keys[k]);
                    }
                    if (tracking && op % 1_000 == 0) {
                        table.evictionCandidate(5, rnd);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.set(true);
            }
        }, "writer");

        Thread[] readers = new Thread[READERS];
        for (int r = 0; r < READERS; r++) {
            final int id = r;
            readers[r] = new Thread(() -> {
                try {
                    start.await();
                    SplittableRandom rnd = new SplittableRandom(id);
                    long[] lastVersion = new long[KEY_SPACE];
                    long lookups = 0;
                    while (!done.get() && failure.get() == null) {
                        for (int n = 0; n < 1_000; n++) {
                            int k = rnd.nextInt(KEY_SPACE);
                            byte[] rec = table.get(keys[k]);
                            lookups++;
                            if (rec == null) {
                                if (k < STABLE) {
                                    throw new AssertionError("stable key " + k + " not found");
                                }
                                continue;
                            }
                            long v = checkRecord(rec, keys[k]);
                            if (v < lastVersion[k]) {
                                throw new AssertionError("key " + k + ": version " + v + " after " + lastVersion[k]);
                            }
                            lastVersion[k] = v;
                        }
                        if (rnd.nextInt(50) == 0) {
                            checkIteration(table);
                        }
                        table.size();
                        table.memoryUsed();
                        table.loadFactor();
                    }
                    readerLookups[id] = lookups;
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reader-" + r);
        }
        writer.start();
        for (Thread t : readers) {
            t.start();
        }
        start.countDown();
        writer.join();
        for (Thread t : readers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("failed (tracking=" + tracking + ")", failure.get());
        }
        for (long n : readerLookups) {
            assertTrue(n > 0);
        }
        assertEquals(table.recomputeMemoryAndCheck(), table.memoryUsed());
        assertTrue(table.rebuilds() > 256, "rebuilds " + table.rebuilds());
    }

    /** Checks that {@code rec} is a whole record of {@code key} and returns its version. */
    private static long checkRecord(byte[] rec, byte[] key) {
        if (!EntryRecord.isWellFormed(rec)) {
            throw new AssertionError("malformed record");
        }
        byte[] k = EntryRecord.key(rec);
        byte[] value = EntryRecord.value(rec);
        if (!Arrays.equals(k, key) || value.length != key.length + 8
                || !Arrays.equals(value, 0, key.length, key, 0, key.length)) {
            throw new AssertionError("record of another key: " + new String(k) + " for " + new String(key));
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (value[key.length + i] & 0xFFL) << (8 * i);
        }
        if (v != EntryRecord.version(rec)) {
            throw new AssertionError("value and header disagree");
        }
        return v;
    }

    /** Every stable key appears exactly once in an iteration; no record appears twice. */
    private static void checkIteration(HashTable table) {
        int[] stableSeen = new int[STABLE];
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Iterator<byte[]> it = table.records(); it.hasNext(); ) {
            byte[] rec = it.next();
            if (!seen.add(rec)) {
                throw new AssertionError("record returned twice");
            }
            byte[] k = EntryRecord.key(rec);
            checkRecord(rec, k);
            int n = Integer.parseInt(new String(k, 1, 15, StandardCharsets.US_ASCII));
            if (n < STABLE) {
                stableSeen[n]++;
            }
        }
        for (int i = 0; i < STABLE; i++) {
            // present for the whole iteration (if perhaps as different records): in the one generation of its
            // segment that the iterator reads, in one slot
            if (stableSeen[i] != 1) {
                throw new AssertionError("stable key " + i + " seen " + stableSeen[i] + " times");
            }
        }
    }
}
