package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.io.FaultyFileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous write API: same validation, errors, order and durability as the blocking calls. */
class KvStoreAsyncTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** The exception the future completed with (fails the test if it completed normally). */
    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void putAsync_completed_valueVisibleAndDurableAfterReopen() throws Exception {
        try (KvStore s = KvStore.open(dir)) {
            CompletableFuture<Void> f = s.putAsync(b("k"), b("v"));
            assertNull(f.get(10, TimeUnit.SECONDS));
            assertArrayEquals(b("v"), s.get(b("k")));
        }
        try (KvStore s = KvStore.open(dir)) {
            assertArrayEquals(b("v"), s.get(b("k")));
        }
    }

    @Test
    void putAsync_arraysChangedAfterCall_storesValuesAsPassed() throws Exception {
        try (KvStore s = KvStore.inMemory()) {
            byte[] key = b("k");
            byte[] value = b("v1");
            CompletableFuture<Void> f = s.putAsync(key, value);
            key[0] = 'x';
            value[1] = '9';
            f.get(10, TimeUnit.SECONDS);
            assertArrayEquals(b("v1"), s.get(b("k")));
            assertNull(s.get(b("x")));
        }
    }

    @Test
    void asyncWrites_submittedWithoutWaiting_commitInSubmissionOrder() throws Exception {
        try (KvStore s = KvStore.open(dir)) {
            CompletableFuture<Void> put = s.putAsync(b("k"), b("a"));
            CompletableFuture<Boolean> del1 = s.deleteAsync(b("k"));
            CompletableFuture<Boolean> del2 = s.deleteAsync(b("k"));
            CompletableFuture<Void> ins1 = s.insertAsync(b("k"), b("b"));
            CompletableFuture<Void> ins2 = s.insertAsync(b("k"), b("c"));
            CompletableFuture<Boolean> casLost = s.compareAndSetAsync(b("k"), 0, b("d"));
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                puts.add(s.putAsync(b("n"), b("v" + i)));
            }
            put.get(10, TimeUnit.SECONDS);
            assertTrue(del1.get(10, TimeUnit.SECONDS));
            assertFalse(del2.get(10, TimeUnit.SECONDS));
            ins1.get(10, TimeUnit.SECONDS);
            assertInstanceOf(KvDuplicateKeyException.class, failure(ins2));
            assertFalse(casLost.get(10, TimeUnit.SECONDS));
            for (CompletableFuture<Void> f : puts) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertArrayEquals(b("b"), s.get(b("k")));
            assertArrayEquals(b("v199"), s.get(b("n")));
            long version = s.getEntry(b("k")).version();
            assertTrue(s.compareAndSetAsync(b("k"), version, b("e")).get(10, TimeUnit.SECONDS));
            assertArrayEquals(b("e"), s.get(b("k")));
        }
    }

    @Test
    void asyncWrites_badInput_failTheFutureInsteadOfThrowing() throws Exception {
        KvOptions options = KvOptions.builder().maxKeyBytes(4).maxValueBytes(4).build();
        try (KvStore s = KvStore.open(dir, options)) {
            assertInstanceOf(KvLimitException.class, failure(s.putAsync(b("12345"), b("v"))));
            assertInstanceOf(KvLimitException.class, failure(s.insertAsync(b("k"), b("12345"))));
            assertInstanceOf(KvLimitException.class, failure(s.compareAndSetAsync(b("k"), -1, b("v"))));
            assertInstanceOf(NullPointerException.class, failure(s.putAsync(null, b("v"))));
            assertInstanceOf(NullPointerException.class, failure(s.deleteAsync(null)));
            assertNull(s.get(b("k")));
        }
        try (KvStore s = KvStore.open(dir, KvOptions.builder().readOnly(true).build())) {
            assertInstanceOf(KvReadOnlyException.class, failure(s.putAsync(b("k"), b("v"))));
        }
        KvStore closed = KvStore.open(dir);
        closed.close();
        assertInstanceOf(KvClosedException.class, failure(closed.putAsync(b("k"), b("v"))));
        assertInstanceOf(KvClosedException.class, failure(closed.deleteAsync(b("k"))));
    }

    @Test
    void commitAsync_conflictingCommit_failsWithConflictAndAppliesNothing() throws Exception {
        try (KvStore s = KvStore.open(dir)) {
            s.put(b("a"), b("1"));
            KvTransaction t = s.begin();
            t.get(b("a"));
            t.put(b("b"), b("2"));
            s.put(b("a"), b("changed"));
            CompletableFuture<Void> f = t.commitAsync();
            assertFalse(t.isOpen());
            assertInstanceOf(KvConflictException.class, failure(f));
            assertNull(s.get(b("b")));
            assertInstanceOf(KvClosedException.class, failure(t.commitAsync()));
        }
    }

    @Test
    void commitAsync_completed_allWritesVisibleAndDurable() throws Exception {
        try (KvStore s = KvStore.open(dir)) {
            s.put(b("gone"), b("x"));
            KvTransaction t = s.begin();
            t.put(b("a"), b("1"));
            t.insert(b("b"), b("2"));
            t.delete(b("gone"));
            t.commitAsync().get(10, TimeUnit.SECONDS);
            assertArrayEquals(b("1"), s.get(b("a")));
            assertArrayEquals(b("2"), s.get(b("b")));
            assertNull(s.get(b("gone")));
            assertNull(s.begin().commitAsync().get(10, TimeUnit.SECONDS));
        }
        try (KvStore s = KvStore.open(dir)) {
            assertArrayEquals(b("1"), s.get(b("a")));
            assertNull(s.get(b("gone")));
        }
    }

    @Test
    void close_withAsyncWritesQueued_commitsThemBeforeClosing() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < 2_000; i++) {
                futures.add(s.putAsync(b("k" + i), b("v" + i)));
            }
        }
        for (CompletableFuture<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        try (KvStore s = KvStore.open(dir)) {
            assertEquals(2_000, s.stats().count());
            assertArrayEquals(b("v1999"), s.get(b("k1999")));
        }
    }

    @Test
    void putAsync_afterFailedForce_failsWithStoreFailed() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer();
        try (KvStore s = KvStore.open(dir, KvOptions.builder().fileLayer(fs).build())) {
            s.putAsync(b("ok"), b("1")).get(10, TimeUnit.SECONDS);
            fs.failForces(1);
            assertInstanceOf(KvStoreFailedException.class, failure(s.putAsync(b("k"), b("v"))));
            assertNull(s.get(b("k")));
            assertInstanceOf(KvStoreFailedException.class, failure(s.putAsync(b("k2"), b("v"))));
        } catch (KvIOException ignored) {
            // closing a failed store may report the failure again
        }
    }

    @Test
    void callback_blockingWriteInsideCallback_doesNotDeadlock() throws Exception {
        try (KvStore s = KvStore.open(dir)) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            CompletableFuture<Void> chained = s.putAsync(b("a"), b("1")).thenCompose(v -> {
                s.put(b("b"), b("2"));
                return s.putAsync(b("c"), b("3"));
            });
            chained.whenComplete((v, e) -> error.set(e)).get(10, TimeUnit.SECONDS);
            assertNull(error.get());
            assertArrayEquals(b("2"), s.get(b("b")));
            assertArrayEquals(b("3"), s.get(b("c")));
        }
    }

    @Test
    void mixedBlockingAndAsyncWriters_concurrently_everyWriteCommittedOnce() throws Exception {
        int threads = 4;
        int perThread = 300;
        try (KvStore s = KvStore.open(dir)) {
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Throwable> error = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(new Thread(() -> {
                    try {
                        List<CompletableFuture<Void>> fs = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            byte[] k = b("t" + id + "-" + i);
                            if (id % 2 == 0) {
                                s.put(k, k);
                            } else {
                                fs.add(s.putAsync(k, k));
                            }
                        }
                        for (CompletableFuture<Void> f : fs) {
                            f.join();
                        }
                    } catch (Throwable e) {
                        error.set(e);
                    }
                }));
            }
            ts.forEach(Thread::start);
            for (Thread t : ts) {
                t.join(60_000);
            }
            assertNull(error.get());
            assertEquals(threads * perThread, s.stats().count());
            assertEquals(threads * perThread, s.stats().lastLsn());
        }
    }

    @Test
    void stats_sequentialBlockingPuts_oneGroupAndOneForceEach() {
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < 5; i++) {
                s.put(b("k" + i), b("v"));
            }
            KvStats st = s.stats();
            assertEquals(5, st.commits());
            assertEquals(5, st.commitGroups());
            assertEquals(5, st.walSyncs());
            assertEquals(1.0, st.averageGroupSize());
        }
    }
}
