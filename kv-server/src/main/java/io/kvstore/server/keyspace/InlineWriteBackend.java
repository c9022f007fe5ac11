package io.kvstore.server.keyspace;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WriteBackend} that commits each group on the calling thread (an event loop), for stores whose sync
 * policy does not force each commit ({@code appendfsync everysec} or {@code no}): such a commit is a write into
 * the log and an update of the table, a few microseconds, less than handing the group to another thread and the
 * replies back would cost (two thread wake-ups per group, which on an idle machine dominate a single client's
 * round trip). Redis runs these commits on its one thread in the same way. The price: while the store's interval
 * force holds the commit pipeline, a commit here waits for it (once per sync interval, for the duration of one
 * fsync).
 *
 * <p>Thread-safe; groups are committed one at a time by the keyspace, so the transaction never conflicts. The
 * future is complete when {@link #commit} returns.
 */
public final class InlineWriteBackend implements WriteBackend {
    private final KvStore store;

    public InlineWriteBackend(KvStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<Void> commit(List<Write> writes) {
        try (KvTransaction tx = AsyncWriteBackend.transactionOf(store, writes)) {
            tx.commit();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean completesInline() {
        return true;
    }

    @Override
    public void close() {
        // nothing of its own
    }
}
