package io.kvstore.server.keyspace;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WriteBackend} over the engine's asynchronous commit ({@link KvTransaction#commitAsync()}): the group
 * becomes one transaction of blind puts and deletes, built on the calling thread (the keyspace builds groups
 * while holding its lock, so this costs the event loops the copying of the group's keys and values), and the
 * engine's committer thread forces it, sharing forces with any other writer of the store.
 *
 * <p>Thread-safe. The keyspace never has two groups in flight here ({@link WriteBackend#maxInFlight()} is 1), so
 * a group's transaction sees every earlier group applied and cannot conflict (the server is the store's only
 * writer).
 */
public final class AsyncWriteBackend implements WriteBackend {
    private final KvStore store;

    public AsyncWriteBackend(KvStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<Void> commit(List<Write> writes) {
        KvTransaction tx;
        try {
            tx = transactionOf(store, writes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return tx.commitAsync();
    }

    /** A transaction of the group's blind puts and deletes, in order (not yet committed). */
    static KvTransaction transactionOf(KvStore store, List<Write> writes) {
        KvTransaction tx = store.begin();
        for (Write w : writes) {
            if (w.value() == null) {
                tx.delete(w.key());
            } else {
                tx.put(w.key(), w.value(), w.expires());
            }
        }
        return tx;
    }

    @Override
    public void close() {
        // nothing of its own: the store's committer finishes what was submitted when the store closes
    }
}
