package io.kvstore.engine;

import java.util.List;

/**
 * Sends a store's writes somewhere else to be ordered before they are applied: the replicated server sets one so
 * that every write made through the public API ({@link KvStore#put}, {@link KvStore#insert},
 * {@link KvStore#delete}, {@link KvStore#compareAndSet}, the expiry setters and {@link KvTransaction#commit()}, in
 * their blocking and asynchronous forms) goes through its Raft log instead of straight into the store.
 *
 * <p><b>Contract.</b> With a hook set ({@link KvStore#setCommitHook}), each such write calls {@link #commit} on
 * the writing thread instead of the local commit pipeline. The hook either
 * <ul>
 *   <li>returns {@code false}: it declines, and the store commits the write locally as without a hook (the
 *       hook's own writers, such as a state machine applying a log entry, are let through this way); or</li>
 *   <li>calls {@link Commit#evaluate()} (validates the write's conditions against the store as it is then and
 *       gives the changes it would make), arranges for exactly those changes to be applied to this store (by
 *       whatever path, through the store again with the hook declining), and returns {@code true} only once
 *       they are applied: the write's caller then sees them, as after a local commit; or</li>
 *   <li>throws a {@link KvException}: a failed condition from {@link Commit#evaluate()} as it is (nothing
 *       applied), or the hook's own failure, which must say whether the write may still be applied
 *       ({@link KvReplicationException}).</li>
 * </ul>
 * The hook must serialize its evaluations with everything that changes the store (the replicated server holds its
 * keyspace lock), or a condition evaluated now may no longer hold when the changes are applied.
 *
 * <p>Expiry sweeps and lazy removals of expired entries never reach the hook (they are local by design: every
 * node judges expiry by its own clock). Asynchronous writes run the hook on the calling thread and return a
 * completed future: with a hook, they block.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CommitHook {
    /**
     * Commits {@code commit} through the hook, or declines (see the class comment).
     *
     * @return true if the hook committed (and this store has applied) the write; false to commit it locally
     * @throws KvException the write failed (see the class comment)
     */
    boolean commit(Commit commit);

    /** A write handed to the hook. Use on the calling thread only. */
    interface Commit {
        /**
         * Checks the write's conditions (a transaction's read set and ranges, an insert's absent key, a
         * compare-and-set's version) against the store's current contents, under the store's commit lock, and
         * returns the changes the write makes, in order (empty: nothing to change). Records the write's result
         * (whether a delete found its key, whether a compare-and-set applied) for its caller.
         *
         * @throws KvConflictException, KvDuplicateKeyException a condition failed (nothing to apply)
         * @throws KvMemoryLimitException the write would exceed the memory limit (eviction=reject)
         * @throws KvStoreFailedException, KvClosedException the store cannot take writes
         */
        List<Change> evaluate();

        /**
         * Calls {@code action} with every key the write reads or writes (a hook may evaluate at once a write whose
         * keys have no change of its own pending), and returns true; returns false without calling it if the
         * write also rests on a key range or the whole table (a transaction that scanned).
         */
        boolean forEachKey(java.util.function.Consumer<byte[]> action);
    }

    /**
     * One change of a hooked write.
     *
     * @param key the key
     * @param value the new plain value, or null to delete the key
     * @param expiresAt the new entry's absolute expiry time (ms since the epoch by the store's clock), 0 for none
     */
    record Change(byte[] key, byte[] value, long expiresAt) {
    }
}
