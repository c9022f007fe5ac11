package io.kvstore.engine.commit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.table.OrderedIndex;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.wal.WalWriter;
import io.kvstore.engine.io.FaultyFileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: who shares a force, and the statistics that report it. */
class CommitPipelineTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void submitAsync_manyQueuedWhileLeaderBusy_committedInOneGroupWithOneForce() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(1);
        HashTable table = new HashTable(false);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20)) {
            CommitPipeline p = new CommitPipeline(table, new io.kvstore.engine.table.OrderedIndex(), wal, KvOptions.defaults(), 0);
            List<CompletableFuture<Boolean>> futures = new ArrayList<>();
            long forcesBefore = fs.forceCount();
            p.exclusively(() -> {
                for (int i = 0; i < 500; i++) {
                    futures.add(p.submitAsync(WriteRequest.single(b("k" + i), b("v" + i)), WriteRequest::result));
                }
            });
            for (CompletableFuture<Boolean> f : futures) {
                assertTrue(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(500, p.commits());
            assertEquals(1, p.commitGroups());
            assertEquals(1, p.syncs());
            assertEquals(1, fs.forceCount() - forcesBefore);
            assertEquals(500, p.lastLsn());
            assertArrayEquals(b("v499"), EntryRecord.value(table.get(b("k499"))));
            p.close();
        }
    }

    @Test
    void submit_blockingWritersQueuedBehindBusyLeader_shareItsNextGroup() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(2);
        HashTable table = new HashTable(false);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20)) {
            CommitPipeline p = new CommitPipeline(table, new io.kvstore.engine.table.OrderedIndex(), wal, KvOptions.defaults(), 0);
            int writers = 6;
            CountDownLatch started = new CountDownLatch(writers);
            List<Thread> threads = new ArrayList<>();
            p.exclusively(() -> {
                for (int t = 0; t < writers; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        started.countDown();
                        p.submit(WriteRequest.single(b("w" + id), b("x")));
                    });
                    threads.add(th);
                    th.start();
                }
                // every writer is queued before the lock is released (its request is in the queue when it parks)
                started.await();
                while (p.queueLength() < writers) {
                    Thread.onSpinWait();
                }
            });
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertEquals(writers, p.commits());
            assertEquals(1, p.commitGroups());
            assertEquals(1, p.syncs());
            for (int t = 0; t < writers; t++) {
                assertArrayEquals(b("x"), EntryRecord.value(table.get(b("w" + t))));
            }
            p.close();
        }
    }

    @Test
    void submit_afterClose_refusedAndQueueEmpty() throws Exception {
        HashTable table = new HashTable(false);
        CommitPipeline p = new CommitPipeline(table, new io.kvstore.engine.table.OrderedIndex(), null, KvOptions.defaults(), 0);
        p.submit(WriteRequest.single(b("a"), b("1")));
        p.close();
        CompletableFuture<Boolean> f = p.submitAsync(WriteRequest.single(b("b"), b("2")), WriteRequest::result);
        assertTrue(f.isCompletedExceptionally());
        assertEquals(0, p.queueLength());
        assertEquals(1, p.commits());
        assertEquals(0, p.syncs());
    }

    /** One request writing keys "k" + i for i in [from, to): value {@code value}, or a removal where i % 3 == 0 if {@code removeThirds}. */
    private static WriteRequest many(int from, int to, String value, boolean removeThirds) {
        int n = to - from;
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        for (int i = from; i < to; i++) {
            keys[i - from] = b(String.format("k%05d", i));
            values[i - from] = removeThirds && i % 3 == 0 ? WriteRequest.DELETE : b(value + i);
        }
        return new WriteRequest(n, keys, null, values, null, -1, -1);
    }

    /** The index's published records, each the very record the table holds for its key, in key order. */
    private static List<String> indexedEntries(OrderedIndex index, HashTable table) {
        List<String> out = new ArrayList<>();
        for (Iterator<byte[]> it = index.records(); it.hasNext(); ) {
            byte[] rec = it.next();
            assertSame(table.get(EntryRecord.key(rec)), rec, "the index holds the table's record");
            out.add(new String(EntryRecord.key(rec), UTF_8) + "=" + new String(EntryRecord.value(rec), UTF_8));
        }
        assertEquals(table.size(), out.size(), "the index and the table hold the same keys");
        return out;
    }

    @Test
    void submit_largeGroupsWithReplacementsAndRemovals_indexBuiltBesideTheForceMatchesTheTable() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(3);
        HashTable table = new HashTable(false);
        OrderedIndex index = new OrderedIndex();
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20)) {
            CommitPipeline p = new CommitPipeline(table, index, wal, KvOptions.defaults(), 0);
            assertTrue(600 >= CommitPipeline.OVERLAP_MIN_EFFECTS);
            p.submit(many(0, 600, "v", false));
            p.submit(many(300, 900, "w", true)); // replaces 300..599, adds 600..899, removes every third
            assertEquals(2, p.syncs());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 900; i++) {
                if (i < 300) {
                    expected.add(String.format("k%05d=v%d", i, i));
                } else if (i % 3 != 0) {
                    expected.add(String.format("k%05d=w%d", i, i));
                }
            }
            assertEquals(expected, indexedEntries(index, table));
            p.close();
        }
    }

    @Test
    void submit_largeGroupWhoseForceFails_refusedAndTableAndIndexAsBefore() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(4);
        HashTable table = new HashTable(false);
        OrderedIndex index = new OrderedIndex();
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20)) {
            CommitPipeline p = new CommitPipeline(table, index, wal, KvOptions.defaults(), 0);
            p.submit(many(0, 300, "v", false));
            List<String> before = indexedEntries(index, table);
            fs.failForces(1);
            assertThrows(KvStoreFailedException.class, () -> p.submit(many(200, 700, "w", true)));
            assertTrue(p.isFailed());
            assertEquals(before, indexedEntries(index, table));
            assertEquals(300, index.size());
            assertEquals(1, p.lastLsn(), "only the first request was applied");
            p.close();
        }
    }
}
