package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.table.EntryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry (TTL) through the engine: reads, writes, transactions, counts, sweep, eviction, recovery, formats. */
class KvStoreExpiryTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0);

    private KvOptions options() {
        return KvOptions.builder().clock(clock::get).expirySweepMillis(0).syncPolicy(SyncPolicy.NONE)
                .snapshotWalBytes(0).build();
    }

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

    @Test
    void putWithTtl_afterExpiry_absentForEveryReadPath() {
        try (KvStore s = KvStore.open(dir, options())) {
            s.put(b("a"), b("1"));
            s.putWithTtl(b("b"), b("2"), 1000);
            s.put(b("c"), b("3"), T0 + 2000);
            assertArrayEquals(b("2"), s.get(b("b")));
            assertEquals(T0 + 1000, s.getEntry(b("b")).expiresMillis());
            assertEquals(1000, s.ttlMillis(b("b")));
            assertEquals(3, s.count());
            clock.set(T0 + 1000);
            assertNull(s.get(b("b")));
            assertNull(s.getEntry(b("b")));
            assertFalse(s.exists(b("b")));
            assertEquals(-2, s.ttlMillis(b("b")));
            assertEquals(-2, s.expiresAt(b("b")));
            assertEquals(List.of("a", "c"), keys(s.cursor(KeyRange.all())));
            assertEquals(List.of("c", "a"), keys(s.cursor(KeyRange.all(), true)));
            assertEquals(2, keys(s.cursor()).size());
            assertEquals(2, s.count());
            assertEquals(1, s.count(KeyRange.closed(b("b"), b("c"))));
            List<String> seen = new ArrayList<>();
            s.forEach((k, v) -> seen.add(new String(k, UTF_8)));
            assertEquals(2, seen.size());
            assertFalse(s.delete(b("b")));
            s.insert(b("b"), b("new")); // an expired key is absent for inserts too
            assertArrayEquals(b("new"), s.get(b("b")));
            assertEquals(-1, s.ttlMillis(b("b")));
        }
    }

    @Test
    void expireAtPersistAndOverwrite_behaveAsRedis() {
        try (KvStore s = KvStore.open(dir, options())) {
            assertFalse(s.expireAt(b("missing"), T0 + 10));
            s.put(b("k"), b("v"));
            long v1 = s.getEntry(b("k")).version();
            assertEquals(-1, s.ttlMillis(b("k")));
            assertFalse(s.persist(b("k")));
            assertTrue(s.expireAfter(b("k"), 500));
            assertTrue(s.getEntry(b("k")).version() > v1, "an expiry change is a write");
            assertArrayEquals(b("v"), s.get(b("k")));
            assertEquals(T0 + 500, s.expiresAt(b("k")));
            s.put(b("k"), b("v2"), KvStore.KEEP_EXPIRY);
            assertEquals(T0 + 500, s.expiresAt(b("k")));
            s.put(b("k"), b("v3"));
            assertEquals(-1, s.expiresAt(b("k")), "an overwrite clears the expiry");
            s.putWithTtl(b("k"), b("v4"), 100);
            assertTrue(s.persist(b("k")));
            assertEquals(-1, s.ttlMillis(b("k")));
            assertTrue(s.expireAt(b("k"), T0 - 1), "an expiry in the past deletes");
            assertNull(s.get(b("k")));
            s.put(b("p"), b("x"), T0);
            assertNull(s.get(b("p")), "a put whose expiry has passed leaves the key absent");
            assertThrows(KvLimitException.class, () -> s.put(b("k"), b("v"), -5));
            assertThrows(KvLimitException.class, () -> s.putWithTtl(b("k"), b("v"), 0));
        }
    }

    @Test
    void transaction_readKeyExpiresBeforeCommit_conflicts() {
        try (KvStore s = KvStore.open(dir, options())) {
            s.putWithTtl(b("a"), b("1"), 100);
            KvTransaction t = s.begin();
            assertArrayEquals(b("1"), t.get(b("a")));
            t.put(b("b"), b("from a"));
            clock.addAndGet(100);
            assertThrows(KvConflictException.class, t::commit);
            assertNull(s.get(b("b")));
        }
    }

    @Test
    void transaction_rangeReadOfKeyThatExpires_conflicts() {
        try (KvStore s = KvStore.open(dir, options())) {
            s.putWithTtl(b("r1"), b("1"), 100);
            s.put(b("r2"), b("2"));
            KvTransaction t = s.begin();
            assertEquals(2, t.count(KeyRange.prefix(b("r"))));
            t.put(b("count"), b("2"));
            clock.addAndGet(150);
            assertThrows(KvConflictException.class, t::commit);
        }
    }

    @Test
    void transaction_expiryWrites_validatedAndVisibleInItsView() {
        try (KvStore s = KvStore.open(dir, options())) {
            s.put(b("a"), b("1"));
            try (KvTransaction t = s.begin()) {
                t.put(b("n"), b("x"), T0 + 50);
                assertEquals(T0 + 50, t.expiresAt(b("n")));
                assertTrue(t.expireAt(b("a"), T0 + 70));
                assertEquals(T0 + 70, t.getEntry(b("a")).expiresMillis());
                assertFalse(t.expireAt(b("none"), T0 + 70));
                t.commit();
            }
            assertEquals(T0 + 50, s.expiresAt(b("n")));
            assertEquals(T0 + 70, s.expiresAt(b("a")));
            // an expiry change conflicts with a concurrent write of the key
            KvTransaction t = s.begin();
            assertTrue(t.persist(b("a")));
            s.put(b("a"), b("other"));
            assertThrows(KvConflictException.class, t::commit);
            clock.addAndGet(60);
            try (KvTransaction t2 = s.begin()) {
                assertNull(t2.get(b("n")));
                assertEquals(-2, t2.expiresAt(b("n")));
                t2.insert(b("n"), b("again"));
                t2.commit();
            }
            assertArrayEquals(b("again"), s.get(b("n")));
        }
    }

    @Test
    void sweep_removesExpired_andTheRemovalIsLoggedSoAnEarlierClockCannotBringItBack() {
        try (KvStore s = KvStore.open(dir, options())) {
            for (int i = 0; i < 1000; i++) {
                s.putWithTtl(b("k" + i), b("v"), i % 2 == 0 ? 100 : 100_000);
            }
            assertEquals(1000, s.stats().count());
            clock.addAndGet(100);
            assertEquals(500, s.count());
            assertEquals(500, s.sweepExpired());
            assertEquals(500, s.stats().count());
            s.simulateCrash();
        }
        clock.set(T0); // even with the clock set back, the logged EXPIRE ops keep them gone
        try (KvStore s = KvStore.open(dir, options())) {
            assertEquals(500, s.stats().count());
            assertNull(s.get(b("k0")));
            assertArrayEquals(b("v"), s.get(b("k1")));
        }
    }

    @Test
    void open_entriesExpiredInSnapshotAndLog_areNotLoaded() {
        try (KvStore s = KvStore.open(dir, options())) {
            s.putWithTtl(b("snap"), b("1"), 100);
            s.put(b("keep"), b("1"));
            s.snapshot();
            s.putWithTtl(b("log"), b("2"), 100);
            s.simulateCrash();
        }
        clock.addAndGet(100);
        try (KvStore s = KvStore.open(dir, options())) {
            assertEquals(1, s.stats().count(), "expired entries are left out at open");
            assertNull(s.get(b("snap")));
            assertNull(s.get(b("log")));
            s.snapshot();
        }
        try (KvStore s = KvStore.open(dir, options().toBuilder().salvage(true).build())) {
            assertEquals(1, s.stats().count());
        }
    }

    @Test
    void lruEviction_prefersExpiredEntries() {
        KvOptions o = options().toBuilder().memoryLimitBytes(400_000).evictionPolicy(EvictionPolicy.LRU).build();
        try (KvStore s = KvStore.inMemory(o)) {
            int n = 0;
            while (s.stats().memoryUsed() < 300_000) {
                s.putWithTtl(b("exp" + n), new byte[64], 10);
                s.put(b("live" + n), new byte[64]);
                n++;
            }
            clock.addAndGet(10);
            for (int i = 0; i < n; i++) {
                s.put(b("more" + i), new byte[64]);
            }
            long liveLeft = 0;
            for (int i = 0; i < n; i++) {
                liveLeft += s.exists(b("live" + i)) ? 1 : 0;
            }
            // about n expired entries were there to evict first; most of the live ones survive
            assertTrue(liveLeft > n * 3 / 4, "live entries kept: " + liveLeft + " of " + n);
        }
    }

    @Test
    void memory_recordWithExpiry_costsEightBytesAndWithoutNothing() {
        byte[] key = new byte[16];
        byte[] value = new byte[100];
        byte[] plain = EntryRecord.encode(key, value, 12345, T0, T0);
        byte[] expiring = EntryRecord.encode(key, value, 12345, T0, T0, T0 + 60_000);
        assertEquals(8, expiring.length - plain.length);
        assertEquals(0, EntryRecord.expiresMillis(plain));
        assertArrayEquals(value, EntryRecord.value(expiring));
        assertArrayEquals(key, EntryRecord.key(expiring));
        // the layout of a record without expiry only differs from version 1 in the first byte's flag bits
        assertEquals(16 << 2, plain[0]);
    }

    @Test
    void open_committedVersion1Store_readsEverythingAndUpgradesOnWrite() throws IOException {
        Path v1 = dir.resolve("v1");
        Files.createDirectories(v1);
        for (String f : new String[] {"snapshot-000000000000000b.snap", "wal-000000000000000c.log"}) {
            try (InputStream in = getClass().getResourceAsStream("/stores/v1/" + f)) {
                Files.copy(in, v1.resolve(f));
            }
        }
        KvOptions o = options();
        try (KvStore s = KvStore.open(v1, o)) {
            // written by GenV1 (src/test/resources/stores/v1): snap-0..8 in the snapshot (snap-9 deleted before),
            // then wal-0..4, snap-0 updated, snap-1 deleted in the log
            assertArrayEquals(b("updated"), s.get(b("snap-0")));
            assertNull(s.get(b("snap-1")));
            assertNull(s.get(b("snap-9")));
            for (int i = 2; i <= 8; i++) {
                assertArrayEquals(b("v" + i), s.get(b("snap-" + i)));
            }
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(b("w" + i), s.get(b("wal-" + i)));
            }
            assertEquals(13, s.count());
            assertEquals(1_700_000_000_000L, s.getEntry(b("snap-2")).createdMillis() - 2000);
            s.putWithTtl(b("ttl"), b("x"), 60_000);
            s.snapshot();
            s.put(b("after"), b("y"));
        }
        try (KvStore s = KvStore.open(v1, o)) {
            assertEquals(15, s.count());
            assertEquals(60_000, s.ttlMillis(b("ttl")));
            assertArrayEquals(b("v5"), s.get(b("snap-5")));
        }
    }
    @Test
    void open_countsEntriesWithExpiry_fromTheSnapshotAndTheLog_asAFullPassWould() {
        try (KvStore s = KvStore.open(dir, options())) {
            for (int i = 0; i < 50; i++) {
                if (i % 2 == 0) {
                    s.put(b("k" + i), b("v"), clock.get() + 60_000);
                } else {
                    s.put(b("k" + i), b("v"));
                }
            }
            s.snapshot();
            s.put(b("k1"), b("now expiring"), clock.get() + 60_000); // +1
            s.put(b("k0"), b("no longer expiring"));                  // -1
            s.delete(b("k2"));                                       // -1
            s.put(b("k3"), b("v"), clock.get() + 1);                 // +1, but expired at the reopen below
            s.put(b("new"), b("v"), clock.get() + 60_000);           // +1
        }
        clock.addAndGet(10);
        try (KvStore s = KvStore.open(dir, options())) {
            long scanned = 0;
            for (java.util.Iterator<byte[]> it = s.table().records(); it.hasNext(); ) {
                if (EntryRecord.hasExpiry(it.next())) {
                    scanned++;
                }
            }
            assertEquals(25 + 1 - 1 - 1 + 1, scanned);
            assertEquals(scanned, s.pipeline().expiringEntries());
        }
    }

    /**
     * Lazy removals of expired entries commit in the background while another thread counts: the count never
     * includes an expired entry, also when the last removal has left the table but not yet the ordered index.
     */
    @Test
    void count_whileExpiredEntriesAreRemovedInTheBackground_neverCountsThem() throws Exception {
        try (KvStore s = KvStore.open(dir, options())) {
            s.put(b("live"), b("v"));
            for (int round = 0; round < 300; round++) {
                for (int i = 0; i < 4; i++) {
                    s.put(b("e" + i), b("v"), clock.get() + 1);
                }
                clock.addAndGet(1);
                java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicReference<String> wrong = new java.util.concurrent.atomic.AtomicReference<>();
                Thread counter = new Thread(() -> {
                    while (!done.get()) {
                        long n = s.count();
                        if (n != 1) {
                            wrong.compareAndSet(null, "count " + n);
                        }
                    }
                });
                counter.start();
                for (int i = 0; i < 4; i++) {
                    assertNull(s.get(b("e" + i))); // submits the removal
                }
                while (s.stats().count() > 1) {
                    Thread.onSpinWait();
                }
                done.set(true);
                counter.join();
                assertNull(wrong.get(), "round " + round);
            }
        }
    }
}
