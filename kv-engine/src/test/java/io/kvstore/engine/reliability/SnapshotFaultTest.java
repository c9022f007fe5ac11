package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the last step of a snapshot: deleting the WAL segments the new snapshot covers. The snapshot itself
 * is durable by then, so the store may keep working or fail, but every write must then either be logged and
 * acknowledged, or be refused with a {@link KvException}: never an unchecked exception of another type, and
 * never an acknowledgement without a log record.
 */
class SnapshotFaultTest {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);

    @TempDir
    Path dir;

    @Test
    void snapshot_oldSegmentDeletionFails_laterWritesAreRefusedWithKvException() {
        DeleteFailingLayer layer = new DeleteFailingLayer(new FaultyFileLayer(SEED));
        KvStore store = KvStore.open(dir, options(layer));
        try {
            fill(store, 200);
            layer.failWalDeletes = true;
            assertThrows(KvException.class, store::snapshot, "the snapshot reports the failed cleanup");
            try {
                store.put(Payloads.bytes("after"), Payloads.value("after", 1, 50));
                assertArrayEquals(Payloads.value("after", 1, 50), store.get(Payloads.bytes("after")));
            } catch (KvException refused) {
                assertTrue(store.stats().failed(), "a refused write means the store is in its failed state");
            }
        } finally {
            layer.failWalDeletes = false;
            closeQuietly(store);
        }
    }

    @Test
    void snapshot_cleanupFailsWhileWritersWait_noWriteIsAcknowledgedWithoutBeingLogged() throws Exception {
        DeleteFailingLayer layer = new DeleteFailingLayer(new FaultyFileLayer(SEED));
        KvStore store = KvStore.open(dir, options(layer));
        try {
            fill(store, 200);
            layer.failWalDeletes = true;
            layer.holdDeletes = new CountDownLatch(1);
            Thread snapshotter = new Thread(() -> {
                try {
                    store.snapshot();
                } catch (KvException expected) {
                    // the cleanup failed
                }
            });
            snapshotter.start();
            assertTrue(layer.deleteReached.await(30, TimeUnit.SECONDS), "the snapshot reaches the cleanup");
            // The snapshot holds the commit lock while it deletes segments: these writers queue up behind it.
            Writer[] writers = new Writer[3];
            for (int i = 0; i < writers.length; i++) {
                writers[i] = new Writer(store, "w" + i);
                writers[i].start();
            }
            for (Writer w : writers) {
                while (w.getState() != Thread.State.WAITING && w.isAlive()) {
                    Thread.sleep(1);
                }
            }
            layer.holdDeletes.countDown();
            snapshotter.join(30_000);
            for (Writer w : writers) {
                w.join(30_000);
            }
            for (Writer w : writers) {
                if (w.error == null) {
                    assertArrayEquals(Payloads.value(w.key, 1, 50), store.get(Payloads.bytes(w.key)),
                            "write to " + w.key + " returned normally, so it must be visible");
                }
            }
            for (Writer w : writers) {
                if (w.error != null) {
                    assertTrue(w.error instanceof KvException, "write to " + w.key + " failed with "
                            + w.error + ", which is not a KvException");
                }
            }
        } finally {
            layer.failWalDeletes = false;
            closeQuietly(store);
        }
    }

    private static final class Writer extends Thread {
        final KvStore store;
        final String key;
        volatile Throwable error;

        Writer(KvStore store, String key) {
            this.store = store;
            this.key = key;
        }

        @Override
        public void run() {
            try {
                store.put(Payloads.bytes(key), Payloads.value(key, 1, 50));
            } catch (Throwable t) {
                error = t;
            }
        }
    }

    private static void fill(KvStore store, int n) {
        for (int i = 0; i < n; i++) {
            String key = "k" + (i % 50);
            store.put(Payloads.bytes(key), Payloads.value(key, i, 200));
        }
    }

    private static KvOptions options(FileLayer layer) {
        return KvOptions.builder().fileLayer(layer).walSegmentBytes(4096).snapshotWalBytes(0).build();
    }

    private static void closeQuietly(KvStore store) {
        try {
            store.close();
        } catch (RuntimeException ignored) {
            // the store may be failed
        }
    }

    /** Delegates everything; when armed, deleting a WAL segment waits for a latch and then fails. */
    private static final class DeleteFailingLayer implements FileLayer {
        final FileLayer delegate;
        volatile boolean failWalDeletes;
        volatile CountDownLatch holdDeletes;
        final CountDownLatch deleteReached = new CountDownLatch(1);

        DeleteFailingLayer(FileLayer delegate) {
            this.delegate = delegate;
        }

        @Override
        public FileChannel open(Path file, boolean create, boolean readOnly) throws IOException {
            return delegate.open(file, create, readOnly);
        }

        @Override
        public void atomicMove(Path from, Path to) throws IOException {
            delegate.atomicMove(from, to);
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            if (failWalDeletes && file.getFileName().toString().startsWith("wal-")) {
                deleteReached.countDown();
                CountDownLatch hold = holdDeletes;
                if (hold != null) {
                    try {
                        hold.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw new IOException("injected: cannot delete " + file);
            }
            delegate.deleteIfExists(file);
        }

        @Override
        public void syncDirectory(Path d) throws IOException {
            delegate.syncDirectory(d);
        }

        @Override
        public List<String> list(Path d) throws IOException {
            return delegate.list(d);
        }

        @Override
        public void createDirectories(Path d) throws IOException {
            delegate.createDirectories(d);
        }

        @Override
        public long size(Path file) throws IOException {
            return delegate.size(file);
        }
    }
}
