package io.kvstore.server.keyspace;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WriteBackend} over the engine's blocking API: one committer thread runs each group as one
 * {@link KvTransaction} of blind puts and deletes, so the group is one log record with one force (under the
 * {@code ALWAYS} policy). The server is the store's only writer and groups run one at a time, so the
 * transaction never conflicts.
 *
 * <p>Thread-safe. Durability: a future completes when {@link KvTransaction#commit()} returned.
 */
public final class BlockingWriteBackend implements WriteBackend {
    private final KvStore store;
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kv-server-committer");
        t.setDaemon(true);
        return t;
    });

    public BlockingWriteBackend(KvStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<Void> commit(List<Write> writes) {
        return CompletableFuture.runAsync(() -> {
            try (KvTransaction tx = AsyncWriteBackend.transactionOf(store, writes)) {
                tx.commit();
            }
        }, committer);
    }

    @Override
    public void close() {
        committer.shutdown();
        try {
            committer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
