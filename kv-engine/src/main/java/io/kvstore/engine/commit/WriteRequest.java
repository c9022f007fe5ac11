package io.kvstore.engine.commit;

import java.util.List;

/**
 * One unit of work submitted to the {@link CommitPipeline}: the writes of a single operation or a transaction,
 * with the conditions that must still hold when it commits. Created by one thread, completed by the commit
 * leader; the submitting thread reads the outcome after {@link CommitPipeline#submit} returns (the pipeline's
 * lock gives the happens-before edge).
 */
public final class WriteRequest {

    /** What to do when a condition fails. */
    public enum Failure {
        /** Throw {@link io.kvstore.engine.KvConflictException}. */
        CONFLICT,
        /** Throw {@link io.kvstore.engine.KvDuplicateKeyException}. */
        DUPLICATE,
        /** Apply nothing and report {@code false}. */
        FALSE
    }

    /** A write: {@code value == null} deletes. Later intents on the same key win. */
    public record Intent(byte[] key, byte[] value) {
    }

    /**
     * The key must have version {@code expectedVersion} (0 = absent) at commit.
     */
    public record Condition(byte[] key, long expectedVersion, Failure onFail) {
    }

    final List<Intent> intents;
    final List<Condition> conditions;
    /** If &gt;= 0, no other write may have committed after this LSN (a transaction that iterated the table). */
    final long unchangedSinceLsn;

    // Outcome, written by the leader under the pipeline lock; {@code done} is volatile and written last, so a
    // follower that sees it true (without the lock) also sees error, result and lsn.
    volatile boolean done;
    RuntimeException error;
    /** For a single delete: whether the key existed. For a conditional write: whether it applied. */
    boolean result;
    /** LSN given to this request's record, or 0 if it wrote nothing. */
    long lsn;
    /** What the leader will apply to the table, in order: a {@code byte[]} record to put or a {@link ByteKey} to remove. */
    java.util.ArrayList<Object> effects;
    /** The log ops, parallel to {@link #effects} (same order and size), built once by the leader. */
    java.util.ArrayList<io.kvstore.engine.wal.WalOp> ops;

    public WriteRequest(List<Intent> intents, List<Condition> conditions, long unchangedSinceLsn) {
        this.intents = intents;
        this.conditions = conditions;
        this.unchangedSinceLsn = unchangedSinceLsn;
    }

    public static WriteRequest single(byte[] key, byte[] value) {
        return new WriteRequest(List.of(new Intent(key, value)), List.of(), -1);
    }

    public static WriteRequest conditional(byte[] key, byte[] value, long expectedVersion, Failure onFail) {
        return new WriteRequest(List.of(new Intent(key, value)),
                List.of(new Condition(key, expectedVersion, onFail)), -1);
    }

    public boolean result() {
        return result;
    }

    public long lsn() {
        return lsn;
    }
}
