package io.kvstore.engine;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * An optimistic, serializable transaction, from {@link KvStore#begin()}.
 *
 * <p>Reads see the transaction's own writes first, then the latest committed data; writes are buffered and
 * invisible to others until {@link #commit()}, which validates that every key this transaction read or wrote
 * still has the version it saw (and, if it iterated, that nothing at all committed since it began), then
 * appends all its writes as one log record and applies them atomically. A failed validation throws
 * {@link KvConflictException} and applies nothing.
 *
 * <p>Thread-safety: confined to one thread at a time (callers may hand it between threads with proper
 * happens-before, as a JDBC connection does). Durability: when {@link #commit()} returns, the writes are
 * durable under the store's {@link SyncPolicy}.
 */
public interface KvTransaction extends AutoCloseable {

    byte[] get(byte[] key);

    /**
     * Reads the value of {@code key} in this transaction's view (own writes first) without copying it, as
     * {@link KvStore#get(byte[], KvValueReader)} does; records the read for validation as {@link #get} does.
     * Returns null without calling {@code reader} when the key is absent.
     */
    <R> R get(byte[] key, KvValueReader<? extends R> reader);

    KvEntry getEntry(byte[] key);

    boolean exists(byte[] key);

    void put(byte[] key, byte[] value);

    /** Puts only if absent (in this transaction's view); throws {@link KvDuplicateKeyException} otherwise. */
    void insert(byte[] key, byte[] value);

    /**
     * {@link #insert}, but the transaction keeps {@code key} and {@code value} instead of copying them (for
     * callers that build fresh arrays for each insert, such as a driver executing a batch). The caller hands
     * them over: it must never modify them afterwards. Same checks, exceptions and outcome as {@link #insert}.
     */
    void insertOwned(byte[] key, byte[] value);

    /** Puts only if present (in this transaction's view); returns whether it did. */
    boolean replace(byte[] key, byte[] value);

    /** Returns whether the key was present (in this transaction's view). */
    boolean delete(byte[] key);

    /**
     * Iterates the committed entries overlaid with this transaction's own writes, weakly consistent and
     * streaming (bounded memory). Marks the whole table as read, so commit conflicts with any other commit
     * since {@link KvStore#begin()}.
     */
    Iterator<KvEntry> iterator();

    /**
     * The same view as {@link #iterator()} (and the same effect on commit: the whole table counts as read), as a
     * {@link KvCursor}.
     */
    default KvCursor cursor() {
        return new EntryCursor(iterator());
    }

    /** Number of buffered writes. */
    int writeCount();

    /**
     * Validates and applies. A transaction with no writes only validates.
     *
     * @throws KvConflictException a version it depended on changed
     * @throws KvMemoryLimitException, KvStoreFailedException, KvReadOnlyException, KvClosedException
     */
    void commit();

    /**
     * {@link #commit()} without waiting (see "Asynchronous writes" in {@link KvStore}): ends the transaction
     * at once (it is no longer open when this returns) and returns a future that completes when its writes are
     * durable under the store's sync policy and visible to readers, or exceptionally with what {@code commit}
     * would throw ({@link KvConflictException} when validation fails at commit). Never blocks, never throws.
     */
    CompletableFuture<Void> commitAsync();

    /** Discards the buffered writes. Idempotent. */
    void rollback();

    boolean isOpen();

    /** Rolls back if still open. */
    @Override
    void close();
}
