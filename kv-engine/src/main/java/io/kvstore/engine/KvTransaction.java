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

    /**
     * Puts with an absolute expiry time (ms since the epoch by the store's clock; 0: none; {@link KvStore#KEEP_EXPIRY}:
     * the expiry the key has in this transaction's view, which reads the key). A time already passed deletes the
     * key. Validated at commit like any write.
     */
    void put(byte[] key, byte[] value, long expiresAtMillis);

    /**
     * Sets the expiry time of the key's value in this transaction's view (reads the key, then writes its value with
     * the new expiry: a commit conflicts if another commit changed the key meanwhile). A time already passed
     * deletes the key. Returns false (writing nothing) if the key is absent.
     */
    boolean expireAt(byte[] key, long atMillis);

    /** Removes the key's expiry (a write, as {@link #expireAt}); returns true if the key was present with one. */
    boolean persist(byte[] key);

    /** The key's expiry time in this transaction's view: ms since the epoch, -1 for none, -2 if absent. */
    long expiresAt(byte[] key);

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

    /**
     * The entries with keys in {@code range} in this transaction's view (committed entries overlaid with its own
     * writes), in ascending or descending key order ({@link KeyRange}). The committed side is a consistent view
     * of the range as of the cursor's creation. What the cursor fetched counts as read: commit fails with
     * {@link KvConflictException} if another commit since inserted, deleted or rewrote a key in the part of the
     * range the cursor covered (up to the last entry it fetched, or the whole range once it reached the end);
     * this is phantom protection, and unlike {@link #iterator()} it does not make every other commit a conflict.
     */
    KvCursor cursor(KeyRange range, boolean descending);

    /** Number of entries with keys in {@code range} in this transaction's view; reads the range (see {@link #cursor(KeyRange, boolean)}). */
    default long count(KeyRange range) {
        KvCursor c = cursor(range, false);
        long n = 0;
        while (c.next()) {
            n++;
        }
        return n;
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

    /**
     * Marks the writes made so far (a savepoint, as SQL's {@code SAVEPOINT}): {@link #rollbackTo} with the
     * returned id undoes every write made after it, and the transaction goes on. Reads stay recorded either way,
     * so a rolled-back part can still make the commit fail with a conflict (never the other way round).
     * Savepoints nest: rolling back to one invalidates those taken after it. Costs nothing until the first call;
     * then each write also records what it replaced, until every savepoint is released.
     *
     * @throws KvClosedException the transaction is no longer open
     */
    int savepoint();

    /**
     * Undoes the writes made after {@code savepoint} (which stays usable).
     *
     * @throws IllegalArgumentException an id this transaction did not give, or one that an earlier rollback or
     *     release invalidated
     * @throws KvClosedException the transaction is no longer open
     */
    void rollbackTo(int savepoint);

    /**
     * Forgets {@code savepoint} and those taken after it (SQL's {@code RELEASE SAVEPOINT}); their writes stay.
     *
     * @throws IllegalArgumentException as {@link #rollbackTo}
     * @throws KvClosedException the transaction is no longer open
     */
    void releaseSavepoint(int savepoint);

    boolean isOpen();

    /** Rolls back if still open. */
    @Override
    void close();
}
