package io.kvstore.engine.commit;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One unit of work submitted to the {@link CommitPipeline}: the writes of a single operation or a transaction,
 * with the conditions that must still hold when it commits. Created by one thread, completed by the commit
 * leader; the submitting thread reads the outcome after {@link CommitPipeline#submit} returns or the future of
 * {@link CommitPipeline#submitAsync} completes (the volatile {@code done} and the future give the happens-before
 * edge). A request is submitted once.
 *
 * <p><b>Shape.</b> {@code size} keys in parallel arrays. For key {@code i}, {@code values[i]} is the new value,
 * {@link #DELETE} to delete it, or null for no write (a key that is only a condition); {@code expected[i]}, when
 * {@code expected} is not null, is the version the key must have at commit (0 = absent). The writes apply in
 * array order (later writes of the same key win). The arrays are the request's from construction on: the
 * submitter must not change them afterwards.
 *
 * <p><b>Expiry.</b> {@code expires}, when not null, gives per written key the entry's absolute expiry time in ms
 * since the epoch (0: none; {@link #KEEP_EXPIRY}: the expiry the entry has at commit). A time at or before the
 * commit's clock deletes the key. Two more value markers: {@link #KEEP_VALUE} writes the key's current value with
 * the new expiry (nothing if the key is absent; for expiry 0, nothing if it has no expiry), {@link #EXPIRE_IF_DUE}
 * removes the key if its expiry has passed at commit (logged as an EXPIRE op). Every read the request's conditions
 * rest on counts as changed once {@link #readExpiresAt} has passed.
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

    /** The value that marks a delete; compared by identity only. */
    public static final byte[] DELETE = new byte[0];
    /** The value that keeps the key's current value (an expiry change); compared by identity only. */
    public static final byte[] KEEP_VALUE = new byte[0];
    /** The value that removes the key if it has expired at commit; compared by identity only. */
    public static final byte[] EXPIRE_IF_DUE = new byte[0];
    /** Expiry marker: keep the entry's current expiry. */
    public static final long KEEP_EXPIRY = -1;

    /** Per key the new entry's expiry (see the class comment), or null for none at all. */
    long[] expires;
    /**
     * The earliest expiry time of the entries the transaction saw present ({@link Long#MAX_VALUE}: none): once
     * the clock reaches it, something it read has changed (expired), and the request conflicts.
     */
    long readExpiresAt = Long.MAX_VALUE;

    final int size;
    final byte[][] keys;
    /** Per key its {@link io.kvstore.engine.table.EntryRecord#hashKey hash}, or null to compute it when needed. */
    final long[] hashes;
    final byte[][] values;
    /** Expected version per key, or null when the request has no conditions. */
    final long[] expected;
    final Failure onFail;
    /** If &gt;= 0, no other write may have committed after this LSN (a transaction that iterated the table). */
    final long unchangedSinceLsn;
    /**
     * If &gt;= 0, every expected version was read from the table after the record with this LSN was applied (a
     * transaction's start): when nothing has been logged since, every condition holds without looking again.
     */
    final long readSinceLsn;
    /**
     * Per key the compressed (encoded) form of {@code values[i]}, or null where it is stored plain; null for
     * none at all. Filled by {@link #compressValues} in the submitting thread (with helper threads for a large
     * request), before the request is queued, so the commit leader never compresses under the pipeline lock.
     */
    byte[][] stored;
    /** Key ranges the transaction read, to validate at commit (phantom protection), or null. */
    java.util.List<RangeRead> ranges;

    // Outcome, written by the leader under the pipeline lock; {@code done} is volatile and written last, so a
    // follower that sees it true (without the lock) also sees error, result and lsn.
    volatile boolean done;
    RuntimeException error;
    /** For a single delete: whether the key existed. For a conditional write: whether it applied. */
    boolean result;
    /** LSN given to this request's record, or 0 if it wrote nothing. */
    long lsn;
    /** What the leader will apply to the table, in order: a {@code byte[]} record to put or a {@link ByteKey} to remove. */
    ArrayList<Object> effects;
    /**
     * Key hash of each record effect, by its position in {@link #effects} before evictions were put in front of
     * them ({@link #evictions} of them).
     */
    long[] effectHashes;
    int evictions;
    /** For {@link CommitPipeline#submit}: the submitting thread, unparked when the request is done; else null. */
    Thread waiter;
    /** For {@link CommitPipeline#submitAsync}: the future to complete, and what to complete it with; else null. */
    CompletableFuture<Object> future;
    Function<? super WriteRequest, ?> futureValue;

    /**
     * A transaction's request: conditions failing with {@link Failure#CONFLICT}.
     *
     * @param size number of keys used from the arrays (which may be longer)
     * @param keys the keys
     * @param hashes per key {@link io.kvstore.engine.table.EntryRecord#hashKey}, or null
     * @param values per key: the new value, {@link #DELETE}, or null for a condition only
     * @param expected per key the version it must still have (0 = absent), or null for no conditions
     * @param readSinceLsn see the field; -1 for none
     * @param unchangedSinceLsn see the field; -1 for none
     */
    public WriteRequest(int size, byte[][] keys, long[] hashes, byte[][] values, long[] expected,
                        long readSinceLsn, long unchangedSinceLsn) {
        this(size, keys, hashes, values, expected, Failure.CONFLICT, readSinceLsn, unchangedSinceLsn);
    }

    private WriteRequest(int size, byte[][] keys, long[] hashes, byte[][] values, long[] expected, Failure onFail,
                         long readSinceLsn, long unchangedSinceLsn) {
        this.readSinceLsn = readSinceLsn;
        this.size = size;
        this.keys = keys;
        this.hashes = hashes;
        this.values = values;
        this.expected = expected;
        this.onFail = onFail;
        this.unchangedSinceLsn = unchangedSinceLsn;
    }

    /** An unconditional write of one key; {@code value == null} deletes. */
    public static WriteRequest single(byte[] key, byte[] value) {
        return new WriteRequest(1, new byte[][] {key}, null, new byte[][] {value == null ? DELETE : value}, null,
                Failure.CONFLICT, -1, -1);
    }

    /** A write of one key ({@code value == null} deletes) if it still has {@code expectedVersion}. */
    public static WriteRequest conditional(byte[] key, byte[] value, long expectedVersion, Failure onFail) {
        return new WriteRequest(1, new byte[][] {key}, null, new byte[][] {value == null ? DELETE : value},
                new long[] {expectedVersion}, onFail, -1, -1);
    }

    /** An unconditional write of one key with an expiry (see the class comment); {@code value} may be a marker. */
    public static WriteRequest single(byte[] key, byte[] value, long expires) {
        WriteRequest r = single(key, value);
        r.expires = new long[] {expires};
        return r;
    }

    /** Removes each of {@code keys} whose expiry has passed at commit; the result tells whether any was. */
    public static WriteRequest expireIfDue(byte[][] keys, int n) {
        byte[][] values = new byte[n][];
        java.util.Arrays.fill(values, EXPIRE_IF_DUE);
        return new WriteRequest(n, keys, null, values, null, Failure.CONFLICT, -1, -1);
    }

    /** Sets per-key expiry times (see the class comment). Before submitting only. */
    public WriteRequest withExpires(long[] expires) {
        this.expires = expires;
        return this;
    }

    /** Sets {@link #readExpiresAt}. Before submitting only. */
    public WriteRequest withReadExpiresAt(long millis) {
        this.readExpiresAt = millis;
        return this;
    }

    /** Adds the key ranges a transaction read, checked at commit (see {@link RangeRead}). Before submitting only. */
    public WriteRequest withRanges(java.util.List<RangeRead> ranges) {
        this.ranges = ranges == null || ranges.isEmpty() ? null : ranges;
        return this;
    }

    /**
     * Calls {@code action} with every key this request writes or has a condition on (arrays not to be modified);
     * returns false without calling it if the request also rests on a key range or on the whole table, which no
     * list of keys covers.
     */
    public boolean forEachKey(java.util.function.Consumer<byte[]> action) {
        if (ranges != null || unchangedSinceLsn >= 0) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            action.accept(keys[i]);
        }
        return true;
    }

    /** Values a request compresses alone before it decides whether helpers are worth it. */
    static final int PROBE_VALUES = 16;

    /**
     * Compresses the request's values that {@code compression} compresses ({@link #stored}); in the submitting
     * thread, before queueing, shared with idle helper threads ({@link io.kvstore.engine.codec.CompressionHelpers})
     * when the request holds many values and its first {@link #PROBE_VALUES} did compress. A codec failure leaves
     * that value plain (it is still written).
     */
    void compressValues(io.kvstore.engine.codec.ValueCompression compression) {
        if (!compression.enabled()) {
            return;
        }
        int threshold = compression.threshold();
        byte[][] packed = null;
        // the first values alone: only if they did compress is the rest worth sharing (random values, a store
        // still sampling for its dictionary: the check is all the work, and a hand-over would cost more)
        int first = Math.min(size, PROBE_VALUES);
        for (int i = 0; i < first; i++) {
            byte[] p = compress(compression, threshold, values[i]);
            if (p != null) {
                if (packed == null) {
                    packed = new byte[size][];
                }
                packed[i] = p;
            }
        }
        if (packed != null && size - first >= io.kvstore.engine.codec.CompressionHelpers.MIN_PARALLEL) {
            byte[][] out = packed;
            io.kvstore.engine.codec.CompressionHelpers.forEach(size - first,
                    k -> out[first + k] = compress(compression, threshold, values[first + k]));
        } else {
            for (int i = first; i < size; i++) {
                byte[] p = compress(compression, threshold, values[i]);
                if (p != null) {
                    if (packed == null) {
                        packed = new byte[size][];
                    }
                    packed[i] = p;
                }
            }
        }
        stored = packed;
    }

    /** The encoded form of {@code v}, or null to store it plain (also for no write, a marker, a short value). */
    private static byte[] compress(io.kvstore.engine.codec.ValueCompression compression, int threshold, byte[] v) {
        if (v == null || v.length < threshold) {
            return null; // no write, a marker (all empty), or too short
        }
        try {
            return compression.compressOrNull(v);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public boolean result() {
        return result;
    }

    public long lsn() {
        return lsn;
    }
}
