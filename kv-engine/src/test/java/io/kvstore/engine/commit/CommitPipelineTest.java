package io.kvstore.engine.commit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import io.kvstore.engine.wal.WalWriter;
import io.kvstore.engine.io.FaultyFileLayer;
import java.nio.file.Path;
import java.util.ArrayList;
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
            CommitPipeline p = new CommitPipeline(table, wal, KvOptions.defaults(), 0);
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
            CommitPipeline p = new CommitPipeline(table, wal, KvOptions.defaults(), 0);
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
        CommitPipeline p = new CommitPipeline(table, null, KvOptions.defaults(), 0);
        p.submit(WriteRequest.single(b("a"), b("1")));
        p.close();
        CompletableFuture<Boolean> f = p.submitAsync(WriteRequest.single(b("b"), b("2")), WriteRequest::result);
        assertTrue(f.isCompletedExceptionally());
        assertEquals(0, p.queueLength());
        assertEquals(1, p.commits());
        assertEquals(0, p.syncs());
    }
}
