package io.kvstore.server.keyspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several groups in flight ({@link WriteBackend#maxInFlight()} above 1): order, overlay and failures. */
class KeyspacePipelineTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Holds every group until the test completes it; applies a group to the store when told to. */
    private static final class ManualBackend implements WriteBackend {
        final KvStore store;
        final int max;
        final List<List<Write>> groups = new ArrayList<>();
        final List<CompletableFuture<Void>> futures = new ArrayList<>();

        ManualBackend(KvStore store, int max) {
            this.store = store;
            this.max = max;
        }

        @Override
        public synchronized CompletableFuture<Void> commit(List<Write> writes) {
            groups.add(List.copyOf(writes));
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        @Override
        public int maxInFlight() {
            return max;
        }

        /** Applies group {@code i} to the store (as a state machine would) and completes its future. */
        void succeed(Keyspace ks, int i) {
            ks.lock().lock();
            try (KvTransaction tx = store.begin()) {
                for (Write w : groups.get(i)) {
                    if (w.value() == null) {
                        tx.delete(w.key());
                    } else {
                        tx.put(w.key(), w.value(), w.expires());
                    }
                }
                tx.commit();
            } finally {
                ks.lock().unlock();
            }
            futures.get(i).complete(null);
        }

        @Override
        public void close() {
        }
    }

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

    private static byte[] read(Keyspace ks, String key) {
        byte[][] out = new byte[1][];
        command(ks, () -> out[0] = ks.get(b(key)));
        return out[0];
    }

    @Test
    void submitPending_belowMaxInFlight_sendsNextGroupBeforeTheFirstCompletes() throws IOException {
        try (KvStore store = KvStore.open(dir)) {
            ManualBackend backend = new ManualBackend(store, 3);
            Keyspace ks = new Keyspace(store, backend);
            command(ks, () -> ks.put(b("a"), b("1")));
            command(ks, () -> ks.put(b("a"), b("2")));
            command(ks, () -> ks.put(b("b"), b("3")));
            command(ks, () -> ks.put(b("c"), b("4"))); // a fourth group waits: three are in flight
            assertEquals(3, backend.groups.size());
            assertArrayEquals(b("2"), read(ks, "a")); // evaluated on top of every group in flight
            backend.succeed(ks, 0);
            assertEquals(4, backend.groups.size()); // the slot freed: the waiting group went out
            assertArrayEquals(b("2"), read(ks, "a")); // the later write of "a" stays in the overlay
        }
    }

    @Test
    void groupDone_laterGroupCompletesFirst_resolvedInSendOrder() throws IOException {
        try (KvStore store = KvStore.open(dir)) {
            ManualBackend backend = new ManualBackend(store, 4);
            Keyspace ks = new Keyspace(store, backend);
            long first = command(ks, () -> ks.put(b("a"), b("1")));
            long second = command(ks, () -> ks.put(b("b"), b("2")));
            backend.succeed(ks, 1);
            assertTrue(ks.resolvedSeq() < first); // the second waits for the first
            backend.succeed(ks, 0);
            assertEquals(second, ks.resolvedSeq());
            assertNull(ks.failureFor(first));
            assertNull(ks.failureFor(second));
        }
    }

    @Test
    void groupDone_firstFails_everyLaterWriteFailsAndItsCompletionIsIgnored() throws IOException {
        try (KvStore store = KvStore.open(dir)) {
            ManualBackend backend = new ManualBackend(store, 4);
            Keyspace ks = new Keyspace(store, backend);
            long first = command(ks, () -> ks.put(b("a"), b("1")));
            long second = command(ks, () -> ks.put(b("a"), b("2")));
            backend.futures.get(0).completeExceptionally(new WriteOutcomeUnknownException("TRYAGAIN lost", null));
            assertEquals(second, ks.resolvedSeq());
            assertNotNull(ks.failureFor(first));
            assertEquals("TRYAGAIN lost", ks.failureFor(second));
            backend.futures.get(1).complete(null); // too late: already failed
            assertNull(read(ks, "a")); // the overlay was dropped; nothing reached the store here
            long third = command(ks, () -> ks.put(b("c"), b("3")));
            assertEquals(3, backend.groups.size()); // new groups go out again
            backend.succeed(ks, 2);
            assertEquals(third, ks.resolvedSeq());
            assertNull(ks.failureFor(third));
        }
    }

    @Test
    void failPending_groupsInFlightAndWaiting_failedAtOnce() throws IOException {
        try (KvStore store = KvStore.open(dir)) {
            ManualBackend backend = new ManualBackend(store, 1);
            Keyspace ks = new Keyspace(store, backend);
            long first = command(ks, () -> ks.put(b("a"), b("1")));
            long waiting = command(ks, () -> ks.put(b("b"), b("2")));
            assertEquals(1, backend.groups.size());
            ks.failPending("TRYAGAIN fenced");
            assertEquals(waiting, ks.resolvedSeq());
            assertEquals("TRYAGAIN fenced", ks.failureFor(first));
            assertEquals("TRYAGAIN fenced", ks.failureFor(waiting));
            backend.futures.get(0).complete(null); // ignored
            assertEquals(1, backend.groups.size()); // the waiting group was dropped, not sent
        }
    }
}
