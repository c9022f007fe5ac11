package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads against one store, with invariants checked during and after. No timing assertions. */
class KvStoreConcurrencyTest {
    private static final int ACCOUNTS = 16;
    private static final long INITIAL = 1_000;

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return ("acct" + i).getBytes(UTF_8);
    }

    private static byte[] amount(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long amount(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    @Test
    void transfers_concurrentThreads_totalIsPreservedAndReadersSeeConsistentTotals() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger consistentReads = new AtomicInteger();
        try (KvStore s = KvStore.open(dir)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                s.put(key(i), amount(INITIAL));
            }
            int writers = 6;
            CountDownLatch done = new CountDownLatch(writers + 2);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                threads.add(new Thread(() -> {
                    try {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        for (int n = 0; n < 300; n++) {
                            int from = rnd.nextInt(ACCOUNTS);
                            int to = rnd.nextInt(ACCOUNTS);
                            if (from == to) {
                                continue;
                            }
                            while (true) {
                                try (KvTransaction t = s.begin()) {
                                    long a = amount(t.get(key(from)));
                                    long b = amount(t.get(key(to)));
                                    t.put(key(from), amount(a - 7));
                                    t.put(key(to), amount(b + 7));
                                    t.commit();
                                    committed.incrementAndGet();
                                    break;
                                } catch (KvConflictException e) {
                                    conflicts.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> {
                    try {
                        for (int n = 0; n < 300; n++) {
                            try (KvTransaction t = s.begin()) {
                                long total = 0;
                                Iterator<KvEntry> it = t.iterator();
                                while (it.hasNext()) {
                                    total += amount(it.next().value());
                                }
                                t.commit();
                                if (total != ACCOUNTS * INITIAL) {
                                    failures.add(new AssertionError("committed read saw total " + total));
                                }
                                consistentReads.incrementAndGet();
                            } catch (KvConflictException e) {
                                // a concurrent commit invalidated this read; it is not reported as consistent
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }));
            }
            threads.forEach(Thread::start);
            done.await();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            long total = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                total += amount(s.get(key(i)));
            }
            assertEquals(ACCOUNTS * INITIAL, total);
        }
        try (KvStore s = KvStore.open(dir)) {
            long total = 0;
            for (int i = 0; i < ACCOUNTS; i++) {
                total += amount(s.get(key(i)));
            }
            assertEquals(ACCOUNTS * INITIAL, total, "total after reopen");
        }
    }

    @Test
    void putsAndReads_manyThreads_everyReaderSeesWholeValues() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (KvStore s = KvStore.open(dir, KvOptions.builder().syncPolicy(SyncPolicy.NONE)
                .snapshotWalBytes(256 * 1024).walSegmentBytes(64 * 1024).build())) {
            int threads = 8;
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int id = t;
                new Thread(() -> {
                    try {
                        ThreadLocalRandom rnd = ThreadLocalRandom.current();
                        for (int n = 0; n < 5_000; n++) {
                            int k = rnd.nextInt(2_000);
                            byte[] key = ("key" + k).getBytes(UTF_8);
                            if (id % 2 == 0) {
                                // value = key repeated, so a reader can check it belongs to its key
                                s.put(key, ("key" + k + ":" + n).getBytes(UTF_8));
                            } else {
                                byte[] v = s.get(key);
                                if (v != null && !new String(v, UTF_8).startsWith("key" + k + ":")) {
                                    failures.add(new AssertionError("wrong value for key" + k));
                                }
                            }
                            if (n % 1000 == 0 && id == 0) {
                                s.snapshot();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            done.await();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            long count = s.stats().count();
            s.close();
            try (KvStore r = KvStore.open(dir)) {
                assertEquals(count, r.stats().count());
            }
        }
    }
}
