package io.kvstore.server.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The overlay, group commit and failure handling, over both write backends. */
class KeyspaceTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Function<KvStore, WriteBackend> backend(String name) {
        return name.equals("async") ? AsyncWriteBackend::new : BlockingWriteBackend::new;
    }

    /** Runs {@code action} as one command under the lock; returns the sequence number its reply needs. */
    private static long command(Keyspace ks, Runnable action) {
        long need;
        ks.lock().lock();
        try {
            ks.beginCommand();
            action.run();
            need = ks.endCommand();
        } finally {
            ks.lock().unlock();
        }
        ks.submitPending();
        return need;
    }

    /** Waits (without the lock, which the commit needs) until {@code seq}, or everything when -1, is resolved. */
    private static void awaitResolved(Keyspace ks, long seq) throws Exception {
        java.util.concurrent.CompletableFuture<Void> f;
        ks.lock().lock();
        try {
            f = ks.whenResolved(seq < 0 ? ks.lastSeq() : seq);
        } finally {
            ks.lock().unlock();
        }
        f.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void writes_visibleAtOnce_durableWhenResolved(String kind) throws Exception {
        try (KvStore store = KvStore.open(dir)) {
            WriteBackend backend = backend(kind).apply(store);
            Keyspace ks = new Keyspace(store, backend);
            long need = 0;
            for (int i = 0; i < 1000; i++) {
                int n = i;
                need = command(ks, () -> ks.put(b("k" + n), b("v" + n)));
                assertTrue(need > 0);
            }
            long[] readNeed = new long[1];
            readNeed[0] = command(ks, () -> assertArrayEquals(b("v999"), ks.get(b("k999"))));
            assertTrue(readNeed[0] <= need);
            awaitResolved(ks, -1);
            assertTrue(ks.resolvedSeq() >= need);
            assertNull(ks.failureFor(need));
            assertArrayEquals(b("v999"), store.get(b("k999")));
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void update_pendingOrCommittedValue_keepsExpiryAndWaitsForTheWrite(String kind) throws Exception {
        try (KvStore store = KvStore.open(dir)) {
            WriteBackend backend = backend(kind).apply(store);
            Keyspace ks = new Keyspace(store, backend);
            long at = System.currentTimeMillis() + 3_600_000;
            command(ks, () -> ks.put(b("k"), b("1"), at));
            awaitResolved(ks, -1);
            // from the store, then from the overlay (the second update sees the first before it is durable)
            List<byte[]> seen = new ArrayList<>();
            long need = command(ks, () -> {
                ks.update(b("k"), old -> {
                    seen.add(old);
                    return b("2");
                });
                ks.update(b("k"), old -> {
                    seen.add(old);
                    return b("3");
                });
            });
            assertArrayEquals(b("1"), seen.get(0));
            assertArrayEquals(b("2"), seen.get(1));
            assertTrue(need > 0);
            awaitResolved(ks, need);
            assertArrayEquals(b("3"), store.get(b("k")));
            assertEquals(at, store.expiresAt(b("k")));
            // an absent key: null in, no expiry out; a change that throws writes nothing
            command(ks, () -> assertArrayEquals(b("n"), ks.update(b("new"), old -> {
                assertNull(old);
                return b("n");
            })));
            long before = ks.lastSeq();
            command(ks, () -> {
                try {
                    ks.update(b("k"), old -> {
                        throw new IllegalStateException("refused");
                    });
                } catch (IllegalStateException expected) {
                    // nothing written
                }
            });
            assertEquals(before, ks.lastSeq());
            awaitResolved(ks, -1);
            assertEquals(-1, store.expiresAt(b("new")));
            assertArrayEquals(b("3"), store.get(b("k")));
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void deleteAfterPendingInsert_isApplied(String kind) throws Exception {
        try (KvStore store = KvStore.open(dir)) {
            WriteBackend backend = backend(kind).apply(store);
            Keyspace ks = new Keyspace(store, backend);
            for (int round = 0; round < 200; round++) {
                command(ks, () -> ks.put(b("x"), b("1")));
                command(ks, () -> assertTrue(ks.delete(b("x"))));
            }
            command(ks, () -> { });
            awaitResolved(ks, -1);
            assertFalse(store.exists(b("x")));
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void walk_seesPendingAndCommittedKeysOnce(String kind) throws Exception {
        try (KvStore store = KvStore.open(dir)) {
            store.put(b("old1"), b("x"));
            store.put(b("old2"), b("x"));
            WriteBackend backend = backend(kind).apply(store);
            Keyspace ks = new Keyspace(store, backend);
            command(ks, () -> {
                ks.put(b("new"), b("x"));
                ks.delete(b("old1"));
                List<String> keys = new ArrayList<>();
                Keyspace.KeyWalk w = ks.walk();
                w.forEachRemaining(k -> keys.add(new String(k, StandardCharsets.UTF_8)));
                assertEquals(Set.of("new", "old2"), new HashSet<>(keys));
                assertEquals(2, keys.size());
                assertEquals(2, ks.size());
            });
            backend.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void failedGroup_dropsEveryPendingWriteAndReportsIt(String kind) throws Exception {
        KvStore store = KvStore.open(dir);
        WriteBackend backend = backend(kind).apply(store);
        Keyspace ks = new Keyspace(store, backend);
        command(ks, () -> ks.put(b("before"), b("1")));
        awaitResolved(ks, -1);
        store.close();
        long need = command(ks, () -> ks.put(b("after"), b("2")));
        awaitResolved(ks, need);
        assertNotNull(ks.failureFor(need));
        assertTrue(ks.failureFor(need).startsWith("ERR write failed"));
        backend.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "async"})
    void watchers_calledOnWriteOfWatchedKeyOnly(String kind) throws Exception {
        try (KvStore store = KvStore.inMemory()) {
            WriteBackend backend = backend(kind).apply(store);
            Keyspace ks = new Keyspace(store, backend);
            int[] touched = new int[1];
            Runnable w = () -> touched[0]++;
            command(ks, () -> ks.watch(b("w"), w));
            command(ks, () -> ks.put(b("other"), b("1")));
            assertEquals(0, touched[0]);
            command(ks, () -> ks.put(b("w"), b("1")));
            assertEquals(1, touched[0]);
            command(ks, () -> ks.unwatch(b("w"), w));
            command(ks, () -> ks.put(b("w"), b("2")));
            assertEquals(1, touched[0]);
            backend.close();
        }
    }

    /** A backend whose groups complete only when the test says so. */
    private static final class ManualBackend implements WriteBackend {
        final java.util.concurrent.LinkedBlockingQueue<List<Write>> groups = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.LinkedBlockingQueue<java.util.concurrent.CompletableFuture<Void>> futures =
                new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public java.util.concurrent.CompletableFuture<Void> commit(List<Write> writes) {
            java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
            groups.add(List.copyOf(writes));
            futures.add(f);
            return f;
        }

        List<Write> nextGroup() throws InterruptedException {
            List<Write> g = groups.poll(30, TimeUnit.SECONDS);
            assertNotNull(g, "no group was sent");
            return g;
        }

        void completeOldest() throws InterruptedException {
            futures.take().complete(null);
        }

        @Override
        public void close() {
        }
    }

    @org.junit.jupiter.api.Test
    void groupDone_nextGroupHeldUntilAsManyWritesAsTheLastGroup() throws Exception {
        try (KvStore store = KvStore.inMemory()) {
            ManualBackend backend = new ManualBackend();
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
            Keyspace ks = new Keyspace(store, backend, clock::get);
            command(ks, () -> ks.put(b("a0"), b("1")));
            assertEquals(1, backend.nextGroup().size()); // the first write goes at once: nothing to wait for
            for (int i = 1; i <= 3; i++) {
                int n = i;
                command(ks, () -> ks.put(b("a" + n), b("1")));
            }
            backend.completeOldest();
            assertEquals(3, backend.nextGroup().size()); // gathered while the first was under way
            clock.addAndGet(10_000_000); // a commit of 10 ms: the next group may be held for up to 1 ms
            backend.completeOldest();
            // the three clients answered now send again: the group waits for all three (one force for all)
            command(ks, () -> ks.put(b("b1"), b("1")));
            command(ks, () -> ks.put(b("b2"), b("1")));
            command(ks, () -> ks.put(b("b3"), b("1")));
            List<Write> g = backend.nextGroup();
            assertEquals(3, g.size(), "held group " + g);
            backend.completeOldest();
            awaitResolved(ks, -1);
            assertNull(ks.failureFor(ks.lastSeq()));
        }
    }

    @org.junit.jupiter.api.Test
    void groupDone_heldGroupSentWhenTheOtherClientsNeverCome() throws Exception {
        try (KvStore store = KvStore.inMemory()) {
            ManualBackend backend = new ManualBackend();
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
            Keyspace ks = new Keyspace(store, backend, clock::get);
            command(ks, () -> ks.put(b("a0"), b("1")));
            backend.nextGroup();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                command(ks, () -> ks.put(b("a" + n), b("1")));
            }
            backend.completeOldest();
            assertEquals(5, backend.nextGroup().size());
            clock.addAndGet(10_000_000);
            backend.completeOldest();
            long need = command(ks, () -> ks.put(b("lonely"), b("1")));
            command(ks, () -> ks.put(b("lonely2"), b("1")));
            assertTrue(backend.groups.isEmpty(), "held while the clock stands still");
            clock.addAndGet(1_000_001);
            // fewer writes than the last group: the hold ends by time, with no further command to trigger it
            assertEquals(2, backend.nextGroup().size());
            backend.completeOldest();
            awaitResolved(ks, need);
            assertNull(ks.failureFor(need));
        }
    }
}
